package armature.bus.paho;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armature.broker.EmbeddedBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Real brokers for tests: embedded HiveMQ CE, or Debian's Mosquitto as a child process. */
abstract class Brokers implements AutoCloseable {
    abstract String url();

    abstract int port();

    /** Stops the broker (all clients lose it). */
    abstract void stop() throws Exception;

    /** Starts it again on the same port. */
    abstract void restart() throws Exception;

    abstract boolean running();

    void ensureRunning() throws Exception {
        if (!running()) {
            restart();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static Brokers hivemq(Path dir) {
        return new HiveMq(dir);
    }

    /**
     * Mosquitto on a free port. Skipped with a message when the binary is missing, except under CI
     * (environment variable CI set), where it is a failure.
     */
    static Brokers mosquitto(Path dir) throws Exception {
        return mosquitto(dir, "allow_anonymous true\n");
    }

    /** Mosquitto with extra configuration lines (authentication, ACLs). */
    static Brokers mosquitto(Path dir, String config) throws Exception {
        Path bin = findMosquitto();
        if (bin == null) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        "mosquitto is not installed (apt-get install mosquitto); CI requires it");
            }
            assumeTrue(false, "mosquitto not installed: apt-get install mosquitto");
        }
        return new Mosquitto(bin, dir, config);
    }

    static Path findMosquitto() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(int port, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(end)) {
                    throw new IllegalStateException("nothing listens on port " + port, e);
                }
                // Polling a socket is the event itself: there is no notification for "listening".
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    private static final class HiveMq extends Brokers {
        private final Path dir;
        private final int port;
        private EmbeddedBroker broker;

        HiveMq(Path dir) {
            this.dir = dir;
            this.broker = new EmbeddedBroker(0, dir);
            this.port = broker.port();
            broker.start();
        }

        @Override
        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        int port() {
            return port;
        }

        @Override
        void stop() {
            broker.close();
            broker = null;
        }

        @Override
        boolean running() {
            return broker != null;
        }

        @Override
        void restart() {
            broker = new EmbeddedBroker(port, dir);
            broker.start();
        }
    }

    private static final class Mosquitto extends Brokers {
        private final Path bin;
        private final Path conf;
        private final int port;
        private Process process;

        Mosquitto(Path bin, Path dir, String config) throws Exception {
            this.bin = bin;
            this.port = freePort();
            this.conf = dir.resolve("mosquitto.conf");
            // Started as root, Mosquitto drops to the user "mosquitto", who cannot read the
            // test's private files (password file); staying the current user has no effect for
            // anyone else.
            Files.writeString(
                    conf,
                    "user "
                            + System.getProperty("user.name")
                            + "\nlistener "
                            + port
                            + " 127.0.0.1\npersistence false\nset_tcp_nodelay true\n"
                            + config);
            restart();
        }

        @Override
        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        int port() {
            return port;
        }

        @Override
        boolean running() {
            return process != null && process.isAlive();
        }

        @Override
        void stop() throws Exception {
            if (process != null) {
                process.destroy();
                process.waitFor();
                process = null;
            }
        }

        @Override
        void restart() throws Exception {
            process =
                    new ProcessBuilder(bin.toString(), "-c", conf.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(conf.resolveSibling("mosquitto.log").toFile())
                            .start();
            awaitListening(port, Duration.ofSeconds(10));
        }
    }
}
