package armature.benchmarks.container;

import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Measures the real distribution as a separate process: cold start (process start to the retained
 * status saying ready), idle resident memory, and hot swap of a small bundle (deploy request sent
 * to the reply that its components are active, and to the new version's own announcement).
 *
 * <p>Usage: {@code ContainerBenchmark DIST [starts] [swaps]}.
 */
public final class ContainerBenchmark {
    /** The benchmarked container (started with --id bench). */
    private static final ContainerTopics BENCH = Distribution.TOPICS;

    private ContainerBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "distribution/container/target/armature");
        int starts = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int swaps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        List<Double> startMs = new ArrayList<>();
        long rssKb = 0;
        List<Double> swapReplyMs = new ArrayList<>();
        List<Double> swapAnnouncedMs = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Path home = Files.createTempDirectory("armature-bench");
            int port = Distribution.freePort();
            long t0 = System.nanoTime();
            Process p = Distribution.start(dist, home, port, "heartbeat");
            try (PahoMessageBus bus = Distribution.connect(home, port, t0)) {
                Distribution.awaitReady(bus);
                startMs.add((System.nanoTime() - t0) / 1e6);
                if (i == starts - 1) {
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
                    rssKb = rssKb(p.pid());
                    swap(dist, home, bus, swaps, swapReplyMs, swapAnnouncedMs);
                }
            } finally {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        System.out.printf("cold start to ready [ms]: %s%n", summary(startMs));
        System.out.printf("idle RSS after ready + 5 s [MB]: %.1f%n", rssKb / 1024.0);
        System.out.printf(
                "hot swap, request to reply with components active [ms]: %s%n",
                summary(swapReplyMs));
        System.out.printf(
                "hot swap, request to new version announcing itself [ms]: %s%n",
                summary(swapAnnouncedMs));
    }

    private static void swap(
            Path dist,
            Path home,
            PahoMessageBus bus,
            int n,
            List<Double> reply,
            List<Double> announced)
            throws Exception {
        Path greeter;
        try (var s = Files.list(dist.resolve("repository"))) {
            greeter =
                    s.filter(
                                    f ->
                                            f.getFileName()
                                                    .toString()
                                                    .startsWith("armature.example.greeter-"))
                            .findFirst()
                            .orElseThrow();
        }
        for (int i = 0; i <= n; i++) {
            String version = "1.0." + (i + 1);
            byte[] jar = withVersion(Files.readAllBytes(greeter), version);
            CompletableFuture<Long> seen = new CompletableFuture<>();
            var sub =
                    bus.subscribe(
                                    BENCH.extension("greeter", "version"),
                                    Qos.AT_LEAST_ONCE,
                                    m -> {
                                        if (m.payloadAsString().contains("\"" + version + "\"")) {
                                            seen.complete(System.nanoTime());
                                        }
                                    })
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            Message r =
                    bus.request(
                                    Message.builder(
                                                    BENCH.management(
                                                            ManagementOperation.BUNDLES_INSTALL))
                                            .payload(jar)
                                            .qos(Qos.AT_LEAST_ONCE)
                                            .contentType(ContentTypes.OCTETS)
                                            .build(),
                                    Duration.ofSeconds(30))
                            .toCompletableFuture()
                            .get(40, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            if (!"ok".equals(r.userProperty(BusProperties.STATUS_PROPERTY).orElse(""))) {
                throw new IllegalStateException("deploy failed: " + r.payloadAsString());
            }
            long t2 = seen.get(10, TimeUnit.SECONDS);
            sub.cancel();
            if (i > 0) { // the first deploy installs; the rest are swaps
                reply.add((t1 - t0) / 1e6);
                announced.add((t2 - t0) / 1e6);
            }
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static byte[] withVersion(byte[] jar, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest mf = new Manifest(in.getManifest());
            mf.getMainAttributes().putValue("Bundle-Version", version);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, mf)) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        }
    }

    private static String summary(List<Double> xs) {
        if (xs.isEmpty()) {
            return "n/a";
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return String.format(
                "n=%d min %.0f p50 %.0f p90 %.0f max %.0f",
                s.size(),
                s.get(0),
                s.get(s.size() / 2),
                s.get((int) Math.min(s.size() - 1, Math.round(s.size() * 0.9))),
                s.get(s.size() - 1));
    }
}
