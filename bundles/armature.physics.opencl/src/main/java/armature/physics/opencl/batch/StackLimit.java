package armature.physics.opencl.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stack a thread created without its own size gets in this process: glibc takes the soft {@code
 * RLIMIT_STACK} at start-up, or 2 MiB on x86-64 where it is unlimited. Read from {@code
 * /proc/self/limits}; 0 where that cannot be read (not Linux).
 */
final class StackLimit {
    /** glibc's default thread stack where the stack limit is unlimited (x86-64). */
    static final long UNLIMITED_DEFAULT = 2L << 20;

    private StackLimit() {}

    static long threadStackBytes() {
        try {
            return parse(Files.readString(Path.of("/proc", "self", "limits")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The soft stack limit from a {@code /proc/PID/limits} text, as {@link #threadStackBytes}. */
    static long parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max stack size")) {
                String[] f = line.substring("Max stack size".length()).trim().split("\\s+");
                return "unlimited".equals(f[0]) ? UNLIMITED_DEFAULT : Long.parseLong(f[0]);
            }
        }
        return 0;
    }
}
