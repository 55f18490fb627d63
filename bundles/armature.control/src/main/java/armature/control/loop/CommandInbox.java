package armature.control.loop;

import armature.safety.Command;

/**
 * The newest command not yet handed to the loop. Bus threads {@link #offer} decoded commands; the
 * loop thread {@link #take}s at most one per tick. A command replaced before the loop took it is
 * counted as superseded: the loop follows the newest set-point, not a queue of old ones.
 *
 * <p>Counters satisfy {@code offered == taken + superseded + (pending ? 1 : 0)}, so with the
 * supervisor's own counters every command is accounted for exactly once.
 */
public final class CommandInbox {
    private Command pending;
    private long offered;
    private long taken;
    private long superseded;

    /** Replaces any command the loop has not taken yet. */
    public synchronized void offer(Command command) {
        if (command == null) {
            throw new IllegalArgumentException("command = null; allowed: a command");
        }
        offered++;
        if (pending != null) {
            superseded++;
        }
        pending = command;
    }

    /** The newest command since the last call, or {@code null}. */
    public synchronized Command take() {
        Command c = pending;
        if (c != null) {
            taken++;
            pending = null;
        }
        return c;
    }

    /** Counters at this moment. */
    public synchronized Counts counts() {
        return new Counts(offered, taken, superseded, pending != null);
    }

    /**
     * @param offered commands offered
     * @param taken commands handed to the loop (each passed to the supervisor exactly once)
     * @param superseded commands replaced by a newer one before the loop took them
     * @param pending whether one command is waiting
     */
    public record Counts(long offered, long taken, long superseded, boolean pending) {}
}
