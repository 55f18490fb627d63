package armature.benchmarks.bus;

import armature.broker.EmbeddedBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A broker under test: the embedded HiveMQ CE, or Mosquitto as a child process. */
abstract class BenchBroker implements AutoCloseable {
    abstract String name();

    abstract String url();

    /**
     * HiveMQ CE's internal settings for experiments: {@code -Dhivemq.internal.NAME=VALUE} sets the
     * field {@code NAME} of {@code com.hivemq.configuration.service.InternalConfigurations} (an
     * {@code AtomicInteger}, {@code AtomicBoolean} or plain {@code int}/{@code boolean}) before the
     * broker starts.
     */
    private static void applyInternalSettings() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (!key.startsWith("hivemq.internal.")) {
                continue;
            }
            String name = key.substring("hivemq.internal.".length());
            String value = System.getProperty(key);
            try {
                java.lang.reflect.Field f =
                        com.hivemq.configuration.service.InternalConfigurations.class.getField(
                                name);
                int mods = f.getModifiers();
                if (!java.lang.reflect.Modifier.isStatic(mods)
                        || (java.lang.reflect.Modifier.isFinal(mods)
                                && f.getType().isPrimitive())) {
                    throw new IllegalArgumentException(
                            key
                                    + ": "
                                    + name
                                    + " is a constant of this HiveMQ version, not a setting");
                }
                Object current = f.get(null);
                if (current instanceof java.util.concurrent.atomic.AtomicInteger a) {
                    a.set(Integer.parseInt(value));
                } else if (current instanceof java.util.concurrent.atomic.AtomicBoolean a) {
                    a.set(Boolean.parseBoolean(value));
                } else if (f.getType() == int.class) {
                    f.setInt(null, Integer.parseInt(value));
                } else if (f.getType() == boolean.class) {
                    f.setBoolean(null, Boolean.parseBoolean(value));
                } else {
                    throw new IllegalArgumentException(key + ": cannot set a " + f.getType());
                }
                System.out.printf("HiveMQ internal setting %s = %s%n", name, value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(key + ": no such HiveMQ setting: " + e, e);
            }
        }
    }

    static BenchBroker hivemq() throws IOException {
        applyInternalSettings();
        EmbeddedBroker broker =
                new EmbeddedBroker(0, Files.createTempDirectory("armature-bench-hivemq"));
        broker.start();
        return new BenchBroker() {
            @Override
            String name() {
                return "HiveMQ CE 2025.5 (embedded, same JVM)";
            }

            @Override
            String url() {
                return broker.url();
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    static BenchBroker mosquitto(Path binary) throws Exception {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    "mosquitto not found at "
                            + binary
                            + " (apt-get install mosquitto or --mosquitto PATH)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("armature-bench-mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process process =
                new ProcessBuilder(binary.toString(), "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("mosquitto.log").toFile())
                        .start();
        awaitListening(port, process);
        String url = "tcp://127.0.0.1:" + port;
        return new BenchBroker() {
            @Override
            String name() {
                return "Mosquitto (" + binary + ", child process)";
            }

            @Override
            String url() {
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

    private static void awaitListening(int port, Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("mosquitto does not listen on port " + port, e);
                }
                // A listening socket gives no notification; polling it is the event.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }
}
