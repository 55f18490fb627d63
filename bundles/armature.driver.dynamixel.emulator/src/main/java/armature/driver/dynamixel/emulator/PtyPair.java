package armature.driver.dynamixel.emulator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two connected pseudo-terminals made by {@code socat}, reachable through stable symlinks: one end
 * for the host driver, one for the emulator. {@link #kill()} makes both devices vanish as an
 * unplugged adapter would; {@link #restart()} brings them back under the same names.
 */
public final class PtyPair implements AutoCloseable {
    private static final long LINK_POLL_NANOS = 2_000_000;

    private final Path hostLink;
    private final Path deviceLink;
    private Process socat;

    private PtyPair(Path hostLink, Path deviceLink) {
        this.hostLink = hostLink;
        this.deviceLink = deviceLink;
    }

    /** The socat executable on the PATH, or null. */
    public static Path findSocat() {
        String pathEnv = System.getenv("PATH");
        if (pathEnv == null) {
            return null;
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            Path p = Path.of(dir, "socat");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Starts socat with links {@code dir/host} and {@code dir/device}; waits for both to exist. */
    public static PtyPair start(Path dir, long timeout, TimeUnit unit) throws IOException {
        PtyPair pair = new PtyPair(dir.resolve("host"), dir.resolve("device"));
        pair.launch(timeout, unit);
        return pair;
    }

    public String hostPath() {
        return hostLink.toString();
    }

    public String devicePath() {
        return deviceLink.toString();
    }

    private void launch(long timeout, TimeUnit unit) throws IOException {
        Path exe = findSocat();
        if (exe == null) {
            throw new IOException("socat is not on the PATH (Debian: apt-get install -y socat)");
        }
        socat =
                new ProcessBuilder(
                                exe.toString(),
                                "pty,raw,echo=0,link=" + hostLink,
                                "pty,raw,echo=0,link=" + deviceLink)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!(Files.exists(hostLink) && Files.exists(deviceLink))) {
            if (!socat.isAlive()) {
                throw new IOException(
                        "socat exited with " + socat.exitValue() + " before creating links");
            }
            if (System.nanoTime() - deadline > 0) {
                socat.destroyForcibly();
                throw new IOException(
                        "socat did not create " + hostLink + " and " + deviceLink + " in time");
            }
            LockSupport.parkNanos(LINK_POLL_NANOS);
        }
    }

    /** Kills socat: both ptys and links disappear. Waits until they have. */
    public void kill() throws IOException {
        if (socat != null) {
            socat.destroy();
            try {
                if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                    socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping socat", e);
            }
            socat = null;
        }
        // socat removes its links on SIGTERM; make sure nothing stale is left for the restart.
        Files.deleteIfExists(hostLink);
        Files.deleteIfExists(deviceLink);
    }

    /** Starts socat again with the same link names. */
    public void restart(long timeout, TimeUnit unit) throws IOException {
        kill();
        launch(timeout, unit);
    }

    @Override
    public void close() throws IOException {
        kill();
    }
}
