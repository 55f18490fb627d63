package armature.benchmarks.sensors;

import armature.benchmarks.container.Distribution;
import armature.bus.api.Qos;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.SensorTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 13's sensor figure: N sensors (20) publishing at R Hz (1 kHz) each through the embedded
 * broker into a running container's sensor registry. Each sensor is its own MQTT 5 connection with
 * its own {@code device} credential, publishing QoS 0 samples on its own thread at a fixed pace
 * through {@link RawMqttPublisher} (packets written straight to the socket, as firmware does: 20
 * Paho clients in this process took more than half of the two cores themselves and queued for
 * seconds, which measured the clients, not the container). Reported: samples lost (sent minus what
 * the registry accepted or refused), latency from publication to a subscriber of the same broker
 * for a subset of the sensors (p50/p99/max, one clock: this JVM's), the container process's CPU
 * (ProcessHandle, in cores) and this process's CPU (publishers and the latency subscriber share the
 * machine, which a real deployment would not).
 *
 * <pre>
 * mvn -B -o -DskipTests -pl benchmarks/sensors -am install
 * java -cp 'benchmarks/sensors/target/*:benchmarks/sensors/target/lib/*' \
 *   armature.benchmarks.sensors.SensorBenchmark distribution/container/target/armature \
 *   [--sensors 20] [--rate-hz 1000] [--seconds 30] [--warmup 10] [--latency-sensors 4] [--features sensors]
 * </pre>
 */
public final class SensorBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SensorBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "distribution/container/target/armature");
        int sensors = intArg(args, "--sensors", 20);
        int rateHz = intArg(args, "--rate-hz", 1000);
        int seconds = intArg(args, "--seconds", 30);
        int latencySensors = Math.min(sensors, intArg(args, "--latency-sensors", 4));
        String features = stringArg(args, "--features", "sensors");
        int warmup = intArg(args, "--warmup", 10);

        Path home = Files.createTempDirectory("armature-sensor-bench");
        int port = Distribution.freePort();
        long t0 = System.nanoTime();
        Process container = Distribution.start(dist, home, port, features);
        PahoMessageBus observer = Distribution.connect(home, port, t0);
        Distribution.awaitReady(observer);
        System.out.printf(
                Locale.ROOT,
                "Armature sensor benchmark, %s, %d CPUs, JDK %s; load average %s%n"
                        + "%d sensors x %d Hz for %d s, features %s, latency on %d sensors%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Files.readString(Path.of("/proc/loadavg")).trim(),
                sensors,
                rateHz,
                seconds,
                features,
                latencySensors);

        List<Device> devices = new ArrayList<>();
        ExecutorService logins = Executors.newFixedThreadPool(2);
        List<Future<char[]>> passwords = new ArrayList<>();
        for (int i = 0; i < sensors; i++) {
            String name = String.format(Locale.ROOT, "s%02d", i);
            passwords.add(logins.submit(() -> accessAdd(dist, home, name)));
        }
        for (int i = 0; i < sensors; i++) {
            String name = String.format(Locale.ROOT, "s%02d", i);
            devices.add(new Device(name, Distribution.TOPICS.sensor(name), rateHz));
            RawMqttPublisher client = connect(port, name, passwords.get(i).get());
            devices.get(i).describe(client);
        }
        logins.shutdown();
        // Same host, same clock: the registry may report absolute latency (receive - source time).
        List<String> ids = devices.stream().map(d -> d.name).toList();
        launcher(
                dist,
                home,
                "config",
                "set",
                "armature.sensor.registry",
                "synchronizedClocks=[" + String.join(",", ids) + "]");

        LatencyRecorder latency = new LatencyRecorder(rateHz * seconds * latencySensors);
        for (int i = 0; i < latencySensors; i++) {
            SensorTopics t = devices.get(i).topics;
            observer.subscribe(t.samples(), Qos.AT_MOST_ONCE, m -> latency.receive(m.payload()))
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        awaitAllDescribed(observer, sensors);

        // Warm-up at the same rate (JIT, broker queues), then the measured window.
        long acceptedBefore = 0;
        long rejectedBefore = 0;
        if (warmup > 0) {
            System.out.println("warming up for " + warmup + " s");
            stream(devices, warmup);
            JsonNode settled =
                    awaitSettled(
                            observer, devices.stream().mapToLong(d -> d.sent - d.refused).sum());
            for (JsonNode n : settled.path("sensors")) {
                acceptedBefore += n.path("accepted").asLong();
                rejectedBefore += n.path("rejected").asLong();
            }
            latency.clear();
        }
        long sentBefore = devices.stream().mapToLong(d -> d.sent - d.refused).sum();
        long cpuContainer0 = processCpuNanos(container.pid());
        long cpuSelf0 = selfCpuNanos();
        System.out.println("streaming (container pid " + container.pid() + ")");
        long wallNanos = stream(devices, seconds);
        long cpuContainer = processCpuNanos(container.pid()) - cpuContainer0;
        long cpuSelf = selfCpuNanos() - cpuSelf0;

        long sentTotal = devices.stream().mapToLong(d -> d.sent - d.refused).sum();
        long sent = sentTotal - sentBefore;
        long refusedByClients = devices.stream().mapToLong(d -> d.refused).sum();
        JsonNode registry = awaitSettled(observer, sentTotal);
        long accepted = -acceptedBefore;
        long rejected = -rejectedBefore;
        for (JsonNode n : registry.path("sensors")) {
            accepted += n.path("accepted").asLong();
            rejected += n.path("rejected").asLong();
        }
        long lost = sent - accepted - rejected;
        System.out.printf(
                Locale.ROOT,
                "sent %d samples in %.2f s (%.0f/s); registry accepted %d, refused %d, lost %d"
                        + " (%.3f %%)%n",
                sent,
                wallNanos / 1e9,
                sent / (wallNanos / 1e9),
                accepted,
                rejected,
                lost,
                100.0 * lost / sent);
        System.out.println(
                "samples the devices could not write (connection gone): " + refusedByClients);
        System.out.println("latency publish -> subscriber " + latency.summary());
        System.out.printf(
                Locale.ROOT,
                "CPU: container %.2f cores, benchmark process (publishers + subscriber) %.2f"
                        + " cores%n",
                cpuContainer / (double) wallNanos,
                cpuSelf / (double) wallNanos);
        List<Long> p50s = new ArrayList<>();
        long worstP99 = 0;
        for (JsonNode n : registry.path("sensors")) {
            JsonNode t = n.path("time");
            if (t.path("latencyP50Ns").isNumber()) {
                p50s.add(t.path("latencyP50Ns").asLong());
                worstP99 = Math.max(worstP99, t.path("latencyP99Ns").asLong());
            }
        }
        java.util.Collections.sort(p50s);
        System.out.printf(
                Locale.ROOT,
                "latency publish -> registry (its own estimate, last window, %d sensors):"
                        + " median of the sensors' p50 %.0f us, worst sensor's p99 %.0f us%n",
                p50s.size(),
                p50s.isEmpty() ? Double.NaN : p50s.get(p50s.size() / 2) / 1e3,
                worstP99 / 1e3);
        System.out.println("registry, first sensor: " + registry.path("sensors").get(0));

        for (Device d : devices) {
            d.client.close();
        }
        observer.close();
        container.destroy();
        container.waitFor(30, TimeUnit.SECONDS);
    }

    /** Every device streams for {@code seconds} on its own thread; returns the wall time. */
    private static long stream(List<Device> devices, int seconds) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        List<Thread> threads = new ArrayList<>();
        for (Device d : devices) {
            Thread th = new Thread(() -> d.stream(start, seconds), "sensor-" + d.name);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        return System.nanoTime() - start;
    }

    /**
     * Connects a device; the embedded broker picks up a credential that {@code access add} just
     * wrote within a moment, so a refusal as a bad login (0x86) is tried again for up to 10 s.
     */
    private static RawMqttPublisher connect(int port, String name, char[] password)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new RawMqttPublisher("127.0.0.1", port, name, name, password);
            } catch (java.io.IOException e) {
                if (!e.getMessage().endsWith("0x86") || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    /** One simulated device: its login, topics, descriptor and sample stream. */
    private static final class Device {
        final String name;
        final SensorTopics topics;
        final long periodNanos;
        RawMqttPublisher client;
        volatile long sent;
        volatile long refused;
        private long seq;

        Device(String name, SensorTopics topics, int rateHz) {
            this.name = name;
            this.topics = topics;
            this.periodNanos = TimeUnit.SECONDS.toNanos(1) / rateHz;
        }

        void describe(RawMqttPublisher c) throws Exception {
            this.client = c;
            String descriptor =
                    String.format(
                            Locale.ROOT,
                            "{\"schemaVersion\":1,\"id\":\"%s\",\"type\":\"force-torque\","
                                    + "\"frameId\":\"wrist\",\"nominalRateHz\":%d,\"fields\":["
                                    + "{\"name\":\"seq\",\"unit\":\"1\",\"type\":\"integer\"},"
                                    + "{\"name\":\"forceN\",\"unit\":\"N\",\"type\":\"array\","
                                    + "\"size\":3,\"min\":-200,\"max\":200}]}",
                            name,
                            TimeUnit.SECONDS.toNanos(1) / periodNanos);
            publish(topics.descriptor(), descriptor, Qos.AT_LEAST_ONCE, true);
            publish(topics.state(), "{\"state\":\"online\"}", Qos.AT_LEAST_ONCE, true);
        }

        void stream(long start, int seconds) {
            long count = seconds * (TimeUnit.SECONDS.toNanos(1) / periodNanos);
            for (long i = 0; i < count; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String payload =
                        String.format(
                                Locale.ROOT,
                                "{\"sourceTimeNs\":%d,\"values\":{\"seq\":%d,"
                                        + "\"forceN\":[%.3f,%.3f,%.3f]}}",
                                Clock.epochNanos(),
                                seq++,
                                0.1 * (i % 17),
                                -0.2,
                                9.81);
                try {
                    client.publish(
                            topics.samples(), payload.getBytes(StandardCharsets.UTF_8), false);
                } catch (java.io.IOException e) {
                    // the connection is gone (the broker refused or dropped it): count and go on
                    refused++;
                }
                sent++;
            }
        }

        private void publish(String topic, String payload, Qos qos, boolean retained)
                throws Exception {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), retained);
        }
    }

    /** Nanoseconds since 1970 from this JVM's monotonic clock, anchored once. */
    static final class Clock {
        private static final long ANCHOR_NANO = System.nanoTime();
        private static final long ANCHOR_EPOCH_NANOS = epochNanos(Instant.now());

        private static long epochNanos(Instant t) {
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }

        static long epochNanos() {
            return ANCHOR_EPOCH_NANOS + (System.nanoTime() - ANCHOR_NANO);
        }
    }

    /** Latency of the observed sensors' samples: receive time minus their source time. */
    private static final class LatencyRecorder {
        private final long[] nanos;
        private int n;

        LatencyRecorder(int capacity) {
            nanos = new long[capacity];
        }

        synchronized void receive(byte[] payload) {
            long now = Clock.epochNanos();
            // "{\"sourceTimeNs\":" is 16 bytes; the number ends at the next comma.
            long source = 0;
            for (int i = 16; i < payload.length && payload[i] != ','; i++) {
                source = source * 10 + (payload[i] - '0');
            }
            if (n < nanos.length) {
                nanos[n++] = now - source;
            }
        }

        synchronized void clear() {
            n = 0;
        }

        synchronized String summary() {
            long[] s = java.util.Arrays.copyOf(nanos, n);
            java.util.Arrays.sort(s);
            if (n == 0) {
                return "(no samples received)";
            }
            return String.format(
                    Locale.ROOT,
                    "%d samples: p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.1f ms",
                    n,
                    s[n / 2] / 1e3,
                    s[(int) (n * 0.99)] / 1e3,
                    s[(int) (n * 0.999)] / 1e3,
                    s[n - 1] / 1e6);
        }
    }

    private static char[] accessAdd(Path dist, Path home, String name) throws Exception {
        byte[] out = launcher(dist, home, "access", "add", name, "--role", "device", "--json");
        return JSON.readTree(out).path("password").asText().toCharArray();
    }

    /** Runs the distribution's CLI against the benchmark's container; its standard output. */
    private static byte[] launcher(Path dist, Path home, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Darmature.dist=" + dist.toAbsolutePath(),
                                "-cp",
                                dist.toAbsolutePath().resolve("lib") + "/*",
                                "armature.launcher.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--home", home.toString(), "--id", Distribution.ID));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed");
        }
        return out;
    }

    private static void awaitAllDescribed(PahoMessageBus observer, int sensors) throws Exception {
        awaitRegistry(
                observer,
                n -> {
                    int described = 0;
                    for (JsonNode s : n.path("sensors")) {
                        described += "ONLINE".equals(s.path("state").asText()) ? 1 : 0;
                    }
                    return described == sensors;
                });
    }

    /** The registry's document once every sample is counted or its counts stop moving. */
    private static JsonNode awaitSettled(PahoMessageBus observer, long sent) throws Exception {
        AtomicReference<Long> previous = new AtomicReference<>(-1L);
        return awaitRegistry(
                observer,
                n -> {
                    long counted = 0;
                    for (JsonNode s : n.path("sensors")) {
                        counted += s.path("accepted").asLong() + s.path("rejected").asLong();
                    }
                    return counted == sent || counted == previous.getAndSet(counted);
                });
    }

    private static JsonNode awaitRegistry(
            PahoMessageBus observer, java.util.function.Predicate<JsonNode> done) throws Exception {
        CompletableFuture<JsonNode> found = new CompletableFuture<>();
        AtomicReference<JsonNode> latest = new AtomicReference<>();
        var sub =
                observer.subscribe(
                                Distribution.TOPICS.sensorRegistryStatus(),
                                Qos.AT_LEAST_ONCE,
                                m -> {
                                    JsonNode n = JSON.readTree(m.payload());
                                    latest.set(n);
                                    if (done.test(n)) {
                                        found.complete(n);
                                    }
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        try {
            return found.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Still counting after two minutes: report where it stands rather than nothing.
            System.out.println("registry still counting after 120 s; its latest document:");
            if (latest.get() == null) {
                throw new IllegalStateException("no registry document in 120 s", e);
            }
            return latest.get();
        } finally {
            sub.cancel();
        }
    }

    /** The CPU time a process has used so far (user + system), in ns. */
    private static long processCpuNanos(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid))
                .toNanos();
    }

    private static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int intArg(String[] args, String name, int fallback) {
        String v = stringArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
