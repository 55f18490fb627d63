package armature.benchmarks.dashboard;

import armature.benchmarks.container.Distribution;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.FrameReader;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.LoopTopics;
import armature.control.api.ManagementOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Bus-to-WebSocket latency of the dashboard's live bridge and the control loop's lateness with 0, 1
 * and 5 pages open (issue 14, ADR 0105), beside the alternative the ADR weighed: pages speaking
 * MQTT over WebSocket to the broker itself. Starts the real distribution with {@code sim-hand},
 * {@code dashboard} and the broker's WebSocket listener ({@code --ws-port}); this process
 * subscribes to the loop's joint state directly over TCP and, per bridge page, logs in and opens
 * {@code /api/live}; per MQTT page, connects a Paho MQTT 5 client over {@code ws://} and subscribes
 * to the joint state. A joint message's latency is its arrival on the page's socket minus the
 * arrival of the same frame (same sequence number) at the direct TCP subscriber, both on this
 * process's clock. Not run by the build.
 */
public final class DashboardBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOP = "hand";
    private static final int SETTLE_SECONDS = 30;

    /** {@code -Dthreads=true}: the container's CPU per thread name (Linux /proc) per phase. */
    private static final boolean THREADS = Boolean.getBoolean("threads");

    /** Linux's USER_HZ, the unit of the CPU times in /proc/PID/task/TID/stat. */
    private static final long TICKS_PER_SECOND = 100;

    private final Map<Long, Long> directArrivalNanos = new ConcurrentHashMap<>();

    /** Page arrivals of frames the direct subscriber has not had yet, by sequence number. */
    private final Map<Long, List<Long>> earlyPageArrivals = new java.util.HashMap<>();

    private final java.util.concurrent.atomic.AtomicLong pageMessages =
            new java.util.concurrent.atomic.AtomicLong();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> latenessP99 = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> latenessP50 = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean measuring;
    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "distribution/container/target/armature");
        Path examples = Path.of(args.length > 1 ? args[1] : "examples").toAbsolutePath();
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        new DashboardBenchmark().run(dist, examples, seconds);
    }

    private void run(Path dist, Path examples, int seconds) throws Exception {
        Path home = Files.createTempDirectory("armature-dash-bench");
        Files.createSymbolicLink(home.resolve("examples"), examples);
        int port = Distribution.freePort();
        int httpPort = Distribution.freePort();
        int wsPort = Distribution.freePort();
        long t0 = System.nanoTime();
        Process container =
                Distribution.start(
                        dist,
                        home,
                        port,
                        "sim-hand,dashboard",
                        "--http-port",
                        Integer.toString(httpPort),
                        "--ws-port",
                        Integer.toString(wsPort));
        try (PahoMessageBus bus = Distribution.connect(home, port, t0)) {
            Distribution.awaitReady(bus);
            JsonNode endpoints = JSON.readTree(status(bus).payload());
            String base = endpoints.path("dashboard").asText();
            String password =
                    Files.readString(home.resolve("runtime/" + Distribution.ID + "/cli.password"))
                            .trim();
            LoopTopics loop = Distribution.TOPICS.loop(LOOP);
            bus.subscribe(
                            loop.state(),
                            Qos.AT_MOST_ONCE,
                            m -> {
                                long now = System.nanoTime();
                                long seq = new FrameReader().wrap(m.payload()).sequence();
                                synchronized (earlyPageArrivals) {
                                    directArrivalNanos.put(seq, now);
                                    // 20 s of frames at 500 Hz stay matchable.
                                    directArrivalNanos.remove(seq - 10_000);
                                    earlyPageArrivals.remove(seq - 10_000);
                                    List<Long> early = earlyPageArrivals.remove(seq);
                                    if (early != null && measuring) {
                                        // A page was faster than the direct subscriber.
                                        early.forEach(t -> latencies.add(t - now));
                                    }
                                }
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            bus.subscribe(
                            loop.statistics(),
                            Qos.AT_MOST_ONCE,
                            m -> {
                                if (measuring) {
                                    JsonNode timing = JSON.readTree(m.payload()).path("timing");
                                    latenessP99.add(timing.path("latenessP99Nanos").asLong());
                                    latenessP50.add(timing.path("latenessP50Nanos").asLong());
                                }
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            System.out.printf(
                    "dashboard %s, %d s per phase, %d cores%n",
                    base, seconds, Runtime.getRuntime().availableProcessors());
            System.out.println(
                    "live data | pages | joint msgs/s per page | latency after the direct TCP subscriber p50 / p99 / max [ms] | loop lateness p50 / p99 (median of 1 s windows) [us] | container CPU [%]");
            // The container's own JIT work after its start would otherwise be charged to the first
            // phases' CPU.
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(SETTLE_SECONDS));
            List<WebSocket> pages = new ArrayList<>();
            for (int n : new int[] {0, 1, 5}) {
                while (pages.size() < n) {
                    pages.add(openPage(base, password));
                }
                phase("bridge", n, seconds, container.toHandle());
            }
            for (WebSocket w : pages) {
                w.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            }
            String ws = endpoints.path("mqttWebSocket").asText();
            List<MqttClient> mqttPages = new ArrayList<>();
            for (int n : new int[] {1, 5}) {
                while (mqttPages.size() < n) {
                    mqttPages.add(openMqttPage(ws, password, mqttPages.size(), loop.state()));
                }
                phase("MQTT/WebSocket", n, seconds, container.toHandle());
            }
            for (MqttClient m : mqttPages) {
                m.disconnect(1000);
                m.close();
            }
            // The baseline again, last: what drifted over the run.
            phase("none", 0, seconds, container.toHandle());
        } finally {
            container.destroy();
            container.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void phase(String mode, int pages, int seconds, ProcessHandle container) {
        // Warm-up: subscriptions settle, the JIT compiles the bridge.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
        latencies.clear();
        pageMessages.set(0);
        latenessP99.clear();
        latenessP50.clear();
        Map<String, Long> threads0 = threadCpuTicks(container.pid());
        long cpu0 = container.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        long w0 = System.nanoTime();
        measuring = true;
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
        measuring = false;
        long wall = System.nanoTime() - w0;
        long cpu = container.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) - cpu0;
        List<Long> l;
        synchronized (latencies) {
            l = new ArrayList<>(latencies);
        }
        Collections.sort(l);
        double perPage = pages == 0 ? 0 : pageMessages.get() / (double) pages / (wall / 1e9);
        System.out.printf(
                "%s | %5d | %21.1f | %s | %s | %.0f%n",
                mode,
                pages,
                perPage,
                l.isEmpty()
                        ? "-"
                        : String.format(
                                "%.2f / %.2f / %.2f",
                                pct(l, 0.5) / 1e6, pct(l, 0.99) / 1e6, l.get(l.size() - 1) / 1e6),
                String.format("%.0f / %.0f", median(latenessP50) / 1e3, median(latenessP99) / 1e3),
                100.0 * cpu / wall);
        if (THREADS) {
            Map<String, Long> threads1 = threadCpuTicks(container.pid());
            Map<String, Long> delta = new java.util.TreeMap<>();
            threads1.forEach((k, v) -> delta.merge(k, v - threads0.getOrDefault(k, 0L), Long::sum));
            StringBuilder top = new StringBuilder("    container threads [% of one core]:");
            delta.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(
                            e ->
                                    top.append(
                                            String.format(
                                                    " %s %.1f;",
                                                    e.getKey(),
                                                    100.0
                                                            * e.getValue()
                                                            / TICKS_PER_SECOND
                                                            / (wall / 1e9))));
            System.out.println(top);
        }
    }

    private WebSocket openPage(String base, String password) throws Exception {
        HttpResponse<String> login =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "api/login"))
                                .header("X-Armature", "1")
                                .header("Content-Type", ContentTypes.JSON)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.createObjectNode()
                                                        .put("user", "cli")
                                                        .put("password", password)
                                                        .toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login: " + login.body());
        }
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return http.newWebSocketBuilder()
                .header("Cookie", cookie)
                .buildAsync(
                        URI.create(base.replaceFirst("^http", "ws") + "api/live"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(
                                    WebSocket w, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    long now = System.nanoTime();
                                    String s = text.toString();
                                    text.setLength(0);
                                    if (measuring && s.startsWith("{\"type\":\"joints\"")) {
                                        try {
                                            pageArrived(JSON.readTree(s).path("seq").asLong(), now);
                                        } catch (java.io.IOException e) {
                                            throw new IllegalStateException(e);
                                        }
                                    }
                                }
                                w.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * A page speaking MQTT over WebSocket to the broker: a Paho MQTT 5 client over {@code ws://}
     * that subscribes to the joint state and decodes each frame's sequence number, as a page's MQTT
     * client would have to (it cannot ask the broker for fewer messages).
     */
    private MqttClient openMqttPage(String ws, String password, int n, String topic)
            throws Exception {
        MqttClient c = new MqttClient(ws, "bench-ws-page-" + n, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setUserName("cli");
        o.setPassword(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        c.connect(o);
        c.subscribe(
                new MqttSubscription[] {new MqttSubscription(topic, 0)},
                new IMqttMessageListener[] {
                    (t, m) -> {
                        long now = System.nanoTime();
                        if (measuring) {
                            pageArrived(new FrameReader().wrap(m.getPayload()).sequence(), now);
                        }
                    }
                });
        return c;
    }

    /** A joint frame on a page: its latency now, or when the direct subscriber gets it. */
    private void pageArrived(long seq, long now) {
        pageMessages.incrementAndGet();
        synchronized (earlyPageArrivals) {
            Long direct = directArrivalNanos.get(seq);
            if (direct != null) {
                latencies.add(now - direct);
            } else {
                earlyPageArrivals.computeIfAbsent(seq, k -> new ArrayList<>()).add(now);
            }
        }
    }

    private static Message status(PahoMessageBus bus) throws Exception {
        return bus.request(
                        Message.builder(Distribution.TOPICS.management(ManagementOperation.STATUS))
                                .payload("{}")
                                .contentType(ContentTypes.JSON)
                                .qos(Qos.AT_LEAST_ONCE)
                                .build(),
                        Duration.ofSeconds(10))
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
    }

    /**
     * CPU clock ticks (user + system, /proc/PID/task/TID/stat) per thread name, with the digits of
     * pool threads dropped so that a pool adds up; empty where /proc is missing.
     */
    private static Map<String, Long> threadCpuTicks(long pid) {
        Map<String, Long> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name =
                            Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException threadEnded) {
                    // gone between the listing and the read
                }
            }
        } catch (java.io.IOException noProc) {
            return out;
        }
        return out;
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    private static double median(List<Long> values) {
        List<Long> v;
        synchronized (values) {
            v = new ArrayList<>(values);
        }
        if (v.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(v);
        return v.get(v.size() / 2);
    }
}
