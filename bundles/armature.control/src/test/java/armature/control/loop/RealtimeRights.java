package armature.control.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this test process may do about real-time scheduling, read from /proc (tests only). */
public final class RealtimeRights {
    private RealtimeRights() {}

    /** Linux with util-linux's chrt on the PATH. */
    public static boolean linuxWithChrt() {
        if (!Files.isDirectory(Path.of("/proc/self/task"))) {
            return false;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "chrt"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether bit 23 (CAP_SYS_NICE) is among this process's effective capabilities. */
    public static boolean hasSysNice() {
        String caps = field("/proc/self/status", "CapEff:");
        return caps != null && (Long.parseUnsignedLong(caps, 16) & (1L << 23)) != 0;
    }

    /** The soft "Max realtime priority" limit, 0 when unknown. */
    public static long rtprioLimit() {
        String soft = field("/proc/self/limits", "Max realtime priority");
        if (soft == null) {
            return 0;
        }
        return soft.equals("unlimited") ? 99 : Long.parseLong(soft);
    }

    /** Whether SCHED_FIFO at {@code priority} should be granted to this process. */
    public static boolean mayRequest(int priority) {
        return linuxWithChrt() && (hasSysNice() || rtprioLimit() >= priority);
    }

    private static String field(String file, String label) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(label)) {
                    return line.substring(label.length()).trim().split("\\s+")[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
