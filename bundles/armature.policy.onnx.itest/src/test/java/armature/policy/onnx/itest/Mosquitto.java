package armature.policy.onnx.itest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;

/** Debian's Mosquitto as a child process on a free loopback port. */
final class Mosquitto implements AutoCloseable {
    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it, or skips the calling test class when it is not installed (fails under CI). */
    static Mosquitto startOrSkip() throws IOException {
        Path bin = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(bin)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        "the in-container tests need Debian's mosquitto: apt-get install mosquitto");
            }
            Assumptions.assumeTrue(false, "mosquitto not installed: apt-get install mosquitto");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("armature-onnx-itest-mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n");
        Process p =
                new ProcessBuilder(bin.toString(), "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("mosquitto.log").toFile())
                        .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new Mosquitto(p, port);
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > end) {
                    p.destroyForcibly();
                    throw new IllegalStateException("mosquitto does not listen on " + port);
                }
                // A listening socket sends no notification; a successful connect is the event.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
