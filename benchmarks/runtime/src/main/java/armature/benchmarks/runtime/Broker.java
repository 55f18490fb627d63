package armature.benchmarks.runtime;

import armature.broker.EmbeddedBroker;
import armature.broker.access.CredentialStore;
import armature.broker.access.Secrets;
import armature.broker.auth.AccessExtension;
import armature.bus.paho.BusSettings;
import armature.control.api.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The broker a run goes through: the embedded HiveMQ CE in this JVM, without or with the access
 * control the launcher runs it with, or Mosquitto as a child process.
 */
interface Broker extends AutoCloseable {
    String name();

    String url();

    /** The loop's bus settings, logged in as the container where the broker wants a login. */
    default BusSettings loop(BusSettings s) {
        return s;
    }

    /** The command source's bus settings, logged in as an operator where the broker wants one. */
    default BusSettings source(BusSettings s) {
        return s;
    }

    /** The source's broker user (the sender level of its command topic), or {@code null}. */
    default String sourceUser() {
        return null;
    }

    @Override
    void close() throws Exception;

    static Broker hivemq() throws IOException {
        EmbeddedBroker broker =
                new EmbeddedBroker(0, Files.createTempDirectory("armature-rtbench-hivemq"));
        broker.start();
        return new Broker() {
            @Override
            public String name() {
                return "HiveMQ CE (embedded, same JVM)";
            }

            @Override
            public String url() {
                return broker.url();
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    /**
     * The embedded HiveMQ CE with the launcher's access extension: the loop logs in as the
     * container {@code containerId} with a per-run secret, the source as the operator {@code
     * source}; every publish, subscription and delivery is checked.
     */
    static Broker hivemqWithAccess(String containerId) throws IOException {
        Path dir = Files.createTempDirectory("armature-rtbench-hivemq-access");
        char[] secret = Secrets.generate();
        CredentialStore store = CredentialStore.in(dir.resolve("runtime"), containerId);
        char[] sourcePassword = store.add("source", Role.OPERATOR);
        EmbeddedBroker broker =
                new EmbeddedBroker(
                        0, dir.resolve("broker"), new AccessExtension(containerId, secret, store));
        broker.start();
        return new Broker() {
            @Override
            public String name() {
                return "HiveMQ CE (embedded, same JVM, access control)";
            }

            @Override
            public String url() {
                return broker.url();
            }

            @Override
            public BusSettings loop(BusSettings s) {
                return s.withCredentials(new BusSettings.Credentials(containerId, secret));
            }

            @Override
            public BusSettings source(BusSettings s) {
                return s.withCredentials(new BusSettings.Credentials("source", sourcePassword));
            }

            @Override
            public String sourceUser() {
                return "source";
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    /**
     * @param tcpNoDelay whether Mosquitto sets TCP_NODELAY ({@code set_tcp_nodelay}, off by
     *     default, so Nagle's algorithm may hold a small message until the previous one is acked)
     */
    static Broker mosquitto(Path binary, boolean tcpNoDelay) throws Exception {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    "mosquitto not found at " + binary + " (apt-get install mosquitto)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("armature-rtbench-mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                "listener "
                        + port
                        + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        + (tcpNoDelay ? "set_tcp_nodelay true\n" : ""));
        Process process =
                new ProcessBuilder(binary.toString(), "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("mosquitto.log").toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException(
                            "mosquitto does not listen on port " + port, notYet);
                }
                // A listening socket sends no notification; a successful connect is the event.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        String url = "tcp://127.0.0.1:" + port;
        return new Broker() {
            @Override
            public String name() {
                return tcpNoDelay
                        ? "Mosquitto (child process, set_tcp_nodelay)"
                        : "Mosquitto (child process)";
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public void close() throws InterruptedException {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        };
    }
}
