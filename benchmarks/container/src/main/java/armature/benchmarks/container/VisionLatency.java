package armature.benchmarks.container;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ManagementOperation;
import armature.control.api.UserProperties;
import armature.control.api.VisionTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Issue 12's latency from frame published to pose published, with enough samples for a p99: the
 * real distribution with {@code vision-sim,hand-baseline}, its three synthetic cameras set to
 * {@code --rate} Hz through management, and one observer client that stamps on arrival every frame
 * (by its {@code armature-timestamp-ns}), every camera's markers document (the fiducial publisher's
 * detection and pose of that frame) and the block's fused pose (stamped with the time of its newest
 * view). Reported over {@code --seconds}: frame to markers per camera, frame to the first fused
 * pose of that frame's time, and the counts of frames, markers documents and poses (a frame the
 * publisher dropped because a newer one arrived has no markers document).
 *
 * <pre>
 * java -cp 'benchmarks/container/target/classes:distribution/container/target/armature/lib/*' \
 *     armature.benchmarks.container.VisionLatency [--seconds 60] [--rate 5] [--dist DIR]
 *     [--examples DIR]
 * </pre>
 */
public final class VisionLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CAMERAS = List.of("cam-a", "cam-b", "cam-c");

    private VisionLatency() {}

    public static void main(String[] args) throws Exception {
        int seconds = 60;
        double rate = 5;
        Path dist = Path.of("distribution/container/target/armature");
        Path examples = Path.of("examples");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--dist" -> dist = Path.of(args[++i]);
                case "--examples" -> examples = Path.of(args[++i]);
                default ->
                        throw new IllegalArgumentException(
                                "unknown argument '"
                                        + args[i]
                                        + "'; usage: VisionLatency [--seconds S] [--rate HZ] [--dist DIR] [--examples DIR]");
            }
        }
        Path home = Files.createTempDirectory("armature-vision-latency");
        Files.createDirectories(home.resolve("config"));
        // The feature's model and intrinsics paths are relative to the home, as in the repository.
        Files.createSymbolicLink(home.resolve("examples"), examples.toAbsolutePath());
        int port = Distribution.freePort();
        long t0 = System.nanoTime();
        Process container =
                Distribution.start(
                        dist, home, port, "vision-sim,hand-baseline", "--http-port", "0");
        try (PahoMessageBus bus = Distribution.connect(home, port, t0)) {
            Distribution.awaitReady(bus);
            for (String camera : CAMERAS) {
                setRate(bus, camera, rate);
            }
            VisionTopics topics = Distribution.TOPICS.vision();
            Map<String, Long> frameArrival = new ConcurrentHashMap<>();
            Map<String, List<Long>> markersLatency = new ConcurrentHashMap<>();
            Map<Long, Long> firstFrameOfTime = new ConcurrentHashMap<>();
            List<Long> fusedLatency = new CopyOnWriteArrayList<>();
            AtomicLong frames = new AtomicLong();
            AtomicLong markerDocs = new AtomicLong();
            AtomicLong poses = new AtomicLong();
            AtomicLong stale = new AtomicLong();
            // Written by this thread, read on the bus's callback threads.
            AtomicLongArray window = new AtomicLongArray(new long[] {Long.MAX_VALUE, 0});
            bus.subscribe(
                            topics.framesFilter(),
                            Qos.AT_MOST_ONCE,
                            m -> {
                                long now = System.nanoTime();
                                if (now < window.get(0) || now > window.get(1)) {
                                    return;
                                }
                                String camera = topics.cameraIdOf(m.topic());
                                long t =
                                        Long.parseLong(
                                                m.userProperty("armature-timestamp-ns")
                                                        .orElse("0"));
                                frames.incrementAndGet();
                                frameArrival.put(camera + "@" + t, now);
                                firstFrameOfTime.putIfAbsent(t, now);
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            bus.subscribe(
                            topics.markersFilter(),
                            Qos.AT_MOST_ONCE,
                            m -> {
                                long now = System.nanoTime();
                                JsonNode n = JSON.readTree(m.payload());
                                Long sent =
                                        frameArrival.remove(
                                                n.path("cameraId").asText()
                                                        + "@"
                                                        + n.path("timestampNs").asLong());
                                if (sent != null) {
                                    markerDocs.incrementAndGet();
                                    markersLatency
                                            .computeIfAbsent(
                                                    n.path("cameraId").asText(),
                                                    k -> new CopyOnWriteArrayList<>())
                                            .add(now - sent);
                                }
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            bus.subscribe(
                            topics.pose("block"),
                            Qos.AT_MOST_ONCE,
                            m -> {
                                long now = System.nanoTime();
                                JsonNode n = JSON.readTree(m.payload());
                                if (n.path("stale").asBoolean()) {
                                    if (now >= window.get(0) && now <= window.get(1)) {
                                        stale.incrementAndGet();
                                    }
                                    return;
                                }
                                // The first fused pose with a frame's time is the one that frame
                                // made; later ones repeat it when another view changes.
                                Long sent = firstFrameOfTime.remove(n.path("timestampNs").asLong());
                                if (sent != null) {
                                    poses.incrementAndGet();
                                    fusedLatency.add(now - sent);
                                }
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            // Warm-up: the cameras' new rate, the JIT; then the measured window.
            Thread.sleep(Duration.ofSeconds(10).toMillis());
            long start = System.nanoTime();
            window.set(1, start + Duration.ofSeconds(seconds).toNanos());
            window.set(0, start);
            // The window, then 2 s for the poses of its last frames to arrive.
            Thread.sleep(Duration.ofSeconds(seconds + 2).toMillis());

            System.out.printf(
                    "# %s, %d cores, vision-sim at %.1f Hz per camera (3 cameras, 640x480 PNG),"
                            + " %d s, load %s%n",
                    Instant.now(),
                    Runtime.getRuntime().availableProcessors(),
                    rate,
                    seconds,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf(
                    "frames %d, markers documents %d (the rest dropped for a newer frame), fused"
                            + " poses traced %d, stale poses %d%n",
                    frames.get(), markerDocs.get(), poses.get(), stale.get());
            for (String camera : CAMERAS) {
                print(
                        "frame -> markers (detection + pose), " + camera,
                        markersLatency.getOrDefault(camera, List.of()));
            }
            print("frame -> fused block pose", fusedLatency);
        } finally {
            container.destroy();
            if (!container.waitFor(30, TimeUnit.SECONDS)) {
                container.destroyForcibly();
            }
        }
    }

    private static void setRate(PahoMessageBus bus, String camera, double rate) throws Exception {
        String body =
                JSON.writeValueAsString(
                        Map.of(
                                "pid",
                                "armature.vision.camera.sim~" + camera,
                                "properties",
                                Map.of("rateHz", Double.toString(rate))));
        Message reply =
                bus.request(
                                Message.builder(
                                                Distribution.TOPICS.management(
                                                        ManagementOperation.CONFIG_SET))
                                        .payload(body)
                                        .contentType(ContentTypes.JSON)
                                        .qos(Qos.AT_LEAST_ONCE)
                                        .build(),
                                Duration.ofSeconds(60))
                        .toCompletableFuture()
                        .get(70, TimeUnit.SECONDS);
        if (!"ok".equals(reply.userProperty(UserProperties.STATUS).orElse("ok"))) {
            throw new IllegalStateException(
                    "setting " + camera + " to " + rate + " Hz: " + reply.payloadAsString());
        }
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        if (s.isEmpty()) {
            System.out.printf("%s: no samples%n", what);
            return;
        }
        System.out.printf(
                "%s: n %d, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                what,
                s.size(),
                at(s, 0.50) / 1e6,
                at(s, 0.90) / 1e6,
                at(s, 0.99) / 1e6,
                s.get(s.size() - 1) / 1e6);
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
