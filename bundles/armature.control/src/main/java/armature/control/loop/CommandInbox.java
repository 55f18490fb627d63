package armature.control.loop;

import armature.safety.Command;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newest command not yet handed to the loop. Bus threads {@link #offer} decoded commands; the
 * loop thread {@link #take}s at most one per tick. A command replaced before the loop took it is
 * counted as superseded: the loop follows the newest set-point, not a queue of old ones.
 *
 * <p>Counters satisfy {@code offered == taken + superseded + (pending ? 1 : 0)}, so with the
 * supervisor's own counters every command is accounted for exactly once.
 */
public final class CommandInbox {
    /** Epochs whose counts are kept (by the epoch stamped on the commands). */
    private static final int KEPT_EPOCHS = 16;

    private Command pending;
    private long offered;
    private long taken;
    private long superseded;
    // epoch -> {offered, superseded}; bus threads only, so allocation is fine here.
    private final Map<Long, long[]> byEpoch =
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
                    return size() > KEPT_EPOCHS;
                }
            };

    /** Replaces any command the loop has not taken yet. */
    public synchronized void offer(Command command) {
        if (command == null) {
            throw new IllegalArgumentException("command = null; allowed: a command");
        }
        offered++;
        byEpoch.computeIfAbsent(command.epoch(), e -> new long[2])[0]++;
        if (pending != null) {
            superseded++;
            byEpoch.computeIfAbsent(pending.epoch(), e -> new long[2])[1]++;
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

    /** Per stamped epoch (the newest {@value #KEPT_EPOCHS} seen): commands offered, superseded. */
    public synchronized Map<Long, EpochCounts> countsByEpoch() {
        Map<Long, EpochCounts> m = new LinkedHashMap<>();
        byEpoch.forEach(
                (e, c) ->
                        m.put(
                                e,
                                new EpochCounts(
                                        c[0], c[1], pending != null && pending.epoch() == e)));
        return m;
    }

    /**
     * @param offered commands of the epoch offered
     * @param superseded of those, replaced by a newer command before the loop took them
     * @param pending whether the waiting command is of this epoch
     */
    public record EpochCounts(long offered, long superseded, boolean pending) {}

    /**
     * @param offered commands offered
     * @param taken commands handed to the loop (each passed to the supervisor exactly once)
     * @param superseded commands replaced by a newer one before the loop took them
     * @param pending whether one command is waiting
     */
    public record Counts(long offered, long taken, long superseded, boolean pending) {}
}
