package armature.broker;

import armature.broker.auth.AccessExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The default broker: HiveMQ CE embedded, bound to 127.0.0.1, in-memory persistence, quiet logging,
 * server receive-maximum 1000 (Paho v5 misbehaves with larger values, see
 * docs/adr/0002-embedded-broker.md). Runs in the launcher's JVM outside the OSGi framework so that
 * swapping bundles never touches it.
 *
 * <p>With an {@link AccessExtension} (what {@code armature run} uses) every client must log in and
 * every publish, subscription and delivery is checked against {@code AccessPolicy}; without one
 * (bus tests, benchmarks of the bare broker) anyone may connect and do anything.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /**
     * The largest packet the broker takes (its CONNACK says so to MQTT 5 clients): management's
     * largest request, 64 MiB, with room for topic and properties. HiveMQ's default, 256 MiB, let
     * one device's few publishes fill the container's heap, which the broker shares.
     */
    public static final int MAX_PACKET_BYTES = 64 * 1024 * 1024 + 64 * 1024;

    /** The server receive-maximum advertised to clients. */
    public static final int RECEIVE_MAXIMUM = 1000;

    /** Where the WebSocket listener, when there is one, takes MQTT connections. */
    public static final String WEBSOCKET_PATH = "/mqtt";

    private final int port;
    private final Path workDir;
    private final AccessExtension access;
    private int webSocketPort = -1;
    private EmbeddedHiveMQ hivemq;

    /**
     * A broker without access control: every client may connect, publish and subscribe.
     *
     * @param port TCP port on 127.0.0.1 (0 picks a free one)
     * @param workDir folder for the broker's generated configuration and data; created if missing
     */
    public EmbeddedBroker(int port, Path workDir) {
        this(port, workDir, null);
    }

    /**
     * @param port TCP port on 127.0.0.1 (0 picks a free one)
     * @param workDir folder for the broker's generated configuration and data; created if missing
     * @param access the access control, or {@code null} for none
     */
    public EmbeddedBroker(int port, Path workDir, AccessExtension access) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("broker port must be 0-65535, was " + port);
        }
        this.port = port == 0 ? freePort() : port;
        this.workDir = workDir;
        this.access = access;
    }

    /**
     * Also serves MQTT over WebSocket on 127.0.0.1 at {@link #WEBSOCKET_PATH}, for browser clients
     * and tools that only speak WebSocket. The same access control applies as on TCP: the extension
     * sees every connection whatever its listener. Call before {@link #start()}.
     *
     * @param port the WebSocket port (0 picks a free one)
     * @return this broker
     */
    public synchronized EmbeddedBroker withWebSocket(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("WebSocket port must be 0-65535, was " + port);
        }
        if (hivemq != null) {
            throw new IllegalStateException("the broker has started: add the WebSocket before");
        }
        webSocketPort = port == 0 ? freePort() : port;
        return this;
    }

    /**
     * {@code ws://127.0.0.1:PORT/mqtt}, or {@code null} when no WebSocket listener was asked for.
     */
    public synchronized String webSocketUrl() {
        return webSocketPort < 0 ? null : "ws://127.0.0.1:" + webSocketPort + WEBSOCKET_PATH;
    }

    /**
     * Starts the broker and waits for its listener.
     *
     * @throws PortInUseException when another process already listens on the port
     * @throws IllegalStateException when HiveMQ fails to start
     */
    public synchronized void start() {
        if (hivemq != null) {
            return;
        }
        checkPortFree();
        try {
            Path conf = Files.createDirectories(workDir.resolve("conf"));
            Path data = workDir.resolve("data");
            deleteRecursively(data);
            Files.createDirectories(data);
            Path extensions = Files.createDirectories(workDir.resolve("extensions"));
            Files.writeString(
                    conf.resolve("config.xml"),
                    config(port, webSocketPort),
                    StandardCharsets.UTF_8);
            try (InputStream logback = EmbeddedBroker.class.getResourceAsStream("logback.xml")) {
                Files.copy(
                        logback,
                        conf.resolve("logback.xml"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (System.getProperty("logback.configurationFile") == null) {
                // Otherwise logback prints HiveMQ's bootstrap lines at INFO before reading conf/.
                System.setProperty(
                        "logback.configurationFile", conf.resolve("logback.xml").toString());
            }
            EmbeddedHiveMQBuilder builder =
                    EmbeddedHiveMQ.builder()
                            .withConfigurationFolder(conf)
                            .withDataFolder(data)
                            .withExtensionsFolder(extensions);
            if (access != null) {
                builder.withEmbeddedExtension(access.embedded());
            }
            EmbeddedHiveMQ broker = builder.build();
            broker.start().get(60, TimeUnit.SECONDS);
            hivemq = broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker folder " + workDir, e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "embedded MQTT broker failed to start on 127.0.0.1:" + port + ": " + e, e);
        }
    }

    /**
     * Fails fast, before anything starts, when the port is taken.
     *
     * @throws PortInUseException naming the port and what to do
     */
    public synchronized void checkPortFree() {
        ensurePortFree(port);
        if (webSocketPort >= 0 && !portFree(webSocketPort)) {
            throw PortInUseException.webSocket(webSocketPort);
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * What the access control refused and who is logged in (see {@link
     * AccessExtension#statistics()}); {@code {"accessControl": false}} without access control.
     */
    public Map<String, Object> statistics() {
        return access == null ? Map.of("accessControl", false) : access.statistics();
    }

    @Override
    public synchronized void close() {
        if (hivemq == null) {
            return;
        }
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
            hivemq.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded broker did not stop cleanly: " + e, e);
        } finally {
            hivemq = null;
        }
    }

    /** Thrown when the configured port is already taken. */
    public static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port) {
            super(
                    "port "
                            + port
                            + " on 127.0.0.1 is already in use: another broker or Armature"
                            + " container is running there; stop it, choose --port N, or use"
                            + " --broker tcp://127.0.0.1:"
                            + port
                            + " to share it");
        }

        private PortInUseException(String message) {
            super(message);
        }

        static PortInUseException webSocket(int port) {
            return new PortInUseException(
                    "WebSocket port "
                            + port
                            + " on 127.0.0.1 is already in use (another broker or program listens"
                            + " there); choose another with --ws-port N, or 0 for any free port");
        }
    }

    static void ensurePortFree(int port) {
        if (!portFree(port)) {
            throw new PortInUseException(port);
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static String config(int port, int webSocketPort) {
        String webSocket =
                webSocketPort < 0
                        ? ""
                        : """
                                <websocket-listener>
                                    <port>%d</port>
                                    <bind-address>127.0.0.1</bind-address>
                                    <path>%s</path>
                                    <subprotocols>
                                        <subprotocol>mqtt</subprotocol>
                                    </subprotocols>
                                    <allow-extensions>true</allow-extensions>
                                </websocket-listener>
                        """
                                .formatted(webSocketPort, WEBSOCKET_PATH);
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                %s    </listeners>
                    <mqtt>
                        <receive-maximum>
                            <server-receive-maximum>%d</server-receive-maximum>
                        </receive-maximum>
                        <packets>
                            <max-packet-size>%d</max-packet-size>
                        </packets>
                    </mqtt>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """
                .formatted(port, webSocket, RECEIVE_MAXIMUM, MAX_PACKET_BYTES);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Runs a broker without access control until the process is stopped: {@code EmbeddedBroker PORT
     * [DIR]}.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1883;
        Path dir =
                args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("armature-broker");
        EmbeddedBroker broker = new EmbeddedBroker(port, dir);
        broker.start();
        System.out.println("MQTT 5 broker listening on " + broker.url());
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        Thread.currentThread().join();
    }
}
