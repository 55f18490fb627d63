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

/**
 * Bus-to-WebSocket latency of the dashboard's live bridge and the control loop's lateness with 0, 1
 * and 5 pages open (issue 14, ADR 0105). Starts the real distribution with {@code sim-hand} and
 * {@code dashboard}; this process subscribes to the loop's joint state directly (an MQTT client of
 * the same broker, as a page speaking MQTT over WebSocket to the broker would be) and, per page,
 * logs in and opens {@code /api/live}. A joint message's latency is its arrival on the socket minus
 * the arrival of the same frame (same sequence number) at the direct subscriber, both on this
 * process's clock: what the bridge adds over a direct MQTT client. Not run by the build.
 */
public final class DashboardBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOP = "hand";

    private final Map<Long, Long> directArrivalNanos = new ConcurrentHashMap<>();
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
        long t0 = System.nanoTime();
        Process container =
                Distribution.start(
                        dist,
                        home,
                        port,
                        "sim-hand,dashboard",
                        "--http-port",
                        Integer.toString(httpPort));
        try (PahoMessageBus bus = Distribution.connect(home, port, t0)) {
            Distribution.awaitReady(bus);
            String base = dashboardUrl(bus);
            String password =
                    Files.readString(home.resolve("runtime/" + Distribution.ID + "/cli.password"))
                            .trim();
            LoopTopics loop = Distribution.TOPICS.loop(LOOP);
            bus.subscribe(
                            loop.state(),
                            Qos.AT_MOST_ONCE,
                            m -> {
                                long now = System.nanoTime();
                                directArrivalNanos.put(
                                        new FrameReader().wrap(m.payload()).sequence(), now);
                                if (directArrivalNanos.size() > 20_000) {
                                    directArrivalNanos.clear();
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
                    "pages | joint msgs/s per page | bridge latency p50 / p99 / max [ms] | loop lateness p50 / p99 (median of 1 s windows) [us] | container CPU [%]");
            List<WebSocket> pages = new ArrayList<>();
            for (int n : new int[] {0, 1, 5}) {
                while (pages.size() < n) {
                    pages.add(openPage(base, password));
                }
                phase(n, seconds, container.toHandle());
            }
            for (WebSocket w : pages) {
                w.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            }
        } finally {
            container.destroy();
            container.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void phase(int pages, int seconds, ProcessHandle container) {
        // Warm-up: subscriptions settle, the JIT compiles the bridge.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
        latencies.clear();
        latenessP99.clear();
        latenessP50.clear();
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
        double perPage = pages == 0 ? 0 : l.size() / (double) pages / (wall / 1e9);
        System.out.printf(
                "%5d | %21.1f | %s | %s | %.0f%n",
                pages,
                perPage,
                l.isEmpty()
                        ? "-"
                        : String.format(
                                "%.2f / %.2f / %.2f",
                                pct(l, 0.5) / 1e6, pct(l, 0.99) / 1e6, l.get(l.size() - 1) / 1e6),
                String.format("%.0f / %.0f", median(latenessP50) / 1e3, median(latenessP99) / 1e3),
                100.0 * cpu / wall);
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
                                            Long direct =
                                                    directArrivalNanos.get(
                                                            JSON.readTree(s).path("seq").asLong());
                                            if (direct != null) {
                                                latencies.add(now - direct);
                                            }
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

    private static String dashboardUrl(PahoMessageBus bus) throws Exception {
        Message reply =
                bus.request(
                                Message.builder(
                                                Distribution.TOPICS.management(
                                                        ManagementOperation.STATUS))
                                        .payload("{}")
                                        .contentType(ContentTypes.JSON)
                                        .qos(Qos.AT_LEAST_ONCE)
                                        .build(),
                                Duration.ofSeconds(10))
                        .toCompletableFuture()
                        .get(15, TimeUnit.SECONDS);
        return JSON.readTree(reply.payload()).path("dashboard").asText();
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
