package armature.control.loop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts the calling thread under Linux's {@code SCHED_FIFO} real-time policy, so that the control
 * loop gets a core as soon as its period starts instead of waiting behind the simulator, the broker
 * and the JIT. The JVM cannot do this itself (thread priorities are ignored on Linux without
 * privileges, and only lower the nice value with them), so it runs util-linux's {@code chrt} on the
 * thread's kernel id and then reads the policy back from {@code /proc}. Needs root or {@code
 * CAP_SYS_NICE} (or an {@code rtprio} limit); without them the thread stays under the normal policy
 * and the outcome says why.
 */
public final class ThreadScheduling {
    /** {@code SCHED_FIFO} in {@code /proc/<tid>/stat}'s policy field. */
    private static final int SCHED_FIFO = 1;

    private static final int SCHED_RESET_ON_FORK = 0x40000000;

    /**
     * What the thread runs under after {@link #fifo}.
     *
     * @param realtime whether the kernel now schedules the thread with {@code SCHED_FIFO}
     * @param description {@code "SCHED_FIFO 50"}, or the normal policy and why
     */
    public record Outcome(boolean realtime, String description) {}

    private ThreadScheduling() {}

    /**
     * Makes the calling thread {@code SCHED_FIFO} at {@code priority}; never throws for a refusal.
     *
     * @param priority 1..99, or 0 to leave the thread under the normal policy
     * @throws IllegalArgumentException when {@code priority} is outside 0..99
     */
    public static Outcome fifo(int priority) {
        return fifo(priority, List.of());
    }

    /** As {@link #fifo(int)}, with {@code chrt} run under {@code commandPrefix} (tests). */
    static Outcome fifo(int priority, List<String> commandPrefix) {
        if (priority < 0 || priority > 99) {
            throw new IllegalArgumentException(
                    "realtime priority " + priority + "; allowed: 0 (off) or 1..99 (SCHED_FIFO)");
        }
        if (priority == 0) {
            return new Outcome(false, "SCHED_OTHER (realtime priority 0: not requested)");
        }
        String tid = currentTid();
        if (tid == null) {
            return new Outcome(false, "SCHED_OTHER: no /proc/thread-self (not Linux)");
        }
        String output;
        int exit;
        Process chrt = null;
        Path log = null;
        try {
            // --reset-on-fork: threads this one starts later (a pool growing on demand) get the
            // normal policy instead of inheriting the loop's.
            List<String> command = new ArrayList<>(commandPrefix);
            command.addAll(
                    List.of(
                            "chrt",
                            "--fifo",
                            "--reset-on-fork",
                            "--pid",
                            Integer.toString(priority),
                            tid));
            // Its messages go to a file, so a chrt that hangs cannot block this thread on a pipe
            // past the timeout; C locale, so the reason reads the same everywhere.
            log = Files.createTempFile("armature-chrt", ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            pb.environment().put("LC_ALL", "C");
            chrt = pb.start();
            if (!chrt.waitFor(10, TimeUnit.SECONDS)) {
                return new Outcome(false, "SCHED_OTHER: chrt did not finish in 10 s");
            }
            exit = chrt.exitValue();
            output = Files.readString(log, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return new Outcome(
                    false, "SCHED_OTHER: cannot run chrt (Debian package util-linux): " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "SCHED_OTHER: interrupted while running chrt");
        } finally {
            if (chrt != null && chrt.isAlive()) {
                chrt.destroyForcibly();
            }
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // A stray temporary file; nothing else to do.
                }
            }
        }
        int policy = policyOf(tid);
        // With reset-on-fork the kernel reports the policy with SCHED_RESET_ON_FORK or'ed in.
        if (exit == 0 && (policy & ~SCHED_RESET_ON_FORK) == SCHED_FIFO) {
            return new Outcome(true, "SCHED_FIFO " + priority);
        }
        return new Outcome(
                false,
                "SCHED_OTHER: chrt --fifo "
                        + priority
                        + " refused (exit "
                        + exit
                        + (output.isEmpty() ? "" : ": " + output)
                        + "); run as root, grant CAP_SYS_NICE, or raise the rtprio limit");
    }

    /**
     * The scheduling policy of a thread of this process, from {@code /proc/self/task/<tid>/stat}
     * (field 41), or -1 when unreadable.
     */
    static int policyOf(String tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
            // The command name (field 2) may hold spaces and parentheses: fields 3.. follow the
            // last ')'.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(rest[41 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The calling thread's kernel id, or {@code null} off Linux. */
    static String currentTid() {
        try {
            // "<pid>/task/<tid>"
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
