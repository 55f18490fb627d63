package armature.benchmarks.container;

import armature.bus.api.Qos;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The real distribution as a separate process for the benchmarks, with container id {@value #ID}:
 * start it on a free port with some features, log in as its local operator {@code cli}, and wait
 * until its retained status says ready.
 */
public final class Distribution {
    /** The container id every benchmark uses. */
    public static final String ID = "bench";

    /** Its topics. */
    public static final ContainerTopics TOPICS = ContainerTopics.of(ID);

    private Distribution() {}

    /** Starts {@code dist}'s launcher: {@code run --home HOME --id bench --port P --features F}. */
    public static Process start(Path dist, Path home, int port, String features)
            throws IOException {
        return start(dist, home, port, features, new String[0]);
    }

    /**
     * {@link #start(Path, Path, int, String)} with more {@code run} options ({@code --http-port}).
     */
    public static Process start(Path dist, Path home, int port, String features, String... extra)
            throws IOException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Darmature.dist=" + dist.toAbsolutePath(),
                                "-cp",
                                dist.toAbsolutePath().resolve("lib") + "/*",
                                "armature.launcher.Main",
                                "run",
                                "--home",
                                home.toString(),
                                "--id",
                                ID,
                                "--port",
                                Integer.toString(port),
                                "--features",
                                features));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("container.log").toFile())
                .start();
    }

    /**
     * Logs in as the container's local operator {@code cli}; its password file appears before the
     * embedded broker listens.
     */
    public static PahoMessageBus connect(Path home, int port, long t0) throws IOException {
        Path password = home.resolve("runtime/" + ID + "/cli.password");
        while (true) {
            if (Files.exists(password)) {
                PahoMessageBus bus =
                        new PahoMessageBus(
                                BusSettings.of("tcp://127.0.0.1:" + port, ID, "observer")
                                        .withCredentials(
                                                new BusSettings.Credentials(
                                                        "cli",
                                                        Files.readString(password)
                                                                .trim()
                                                                .toCharArray())));
                if (bus.start().toCompletableFuture().isDone()
                        || bus.awaitConnected(Duration.ofMillis(500))) {
                    return bus;
                }
                bus.close();
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException("broker did not come up");
            }
        }
    }

    /** Waits (60 s at most) for the retained container status to say ready. */
    public static void awaitReady(PahoMessageBus bus) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        bus.subscribe(
                        TOPICS.status(),
                        Qos.AT_LEAST_ONCE,
                        m -> {
                            if (m.payloadAsString().contains("\"ready\":true")) {
                                ready.complete(null);
                            }
                        })
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        ready.get(60, TimeUnit.SECONDS);
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
