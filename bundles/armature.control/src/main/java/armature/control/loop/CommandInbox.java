package armature.control.loop;

import armature.safety.Command;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest command not yet handed to the loop. Bus threads {@link #offer} decoded commands; the
 * loop thread {@link #take}s at most one per tick. A command replaced before the loop took it is
 * counted as superseded: the loop follows the newest set-point, not a queue of old ones.
 *
 * <p>Counters satisfy {@code offered == taken + superseded + (pending ? 1 : 0)}, so with the
 * supervisor's own counters every command is accounted for exactly once.
 *
 * <p>{@link #take} takes no lock: the loop thread (possibly real-time, ADR 0116) never waits for a
 * bus thread that was preempted while offering. Offers and the counters exclude each other.
 */
public final class CommandInbox {
    /** Epochs whose counts are kept (by the epoch stamped on the commands). */
    private static final int KEPT_EPOCHS = 16;

    private final AtomicReference<Command> pending = new AtomicReference<>();
    // Written by the loop thread only; taking = inside take(), for a consistent counts().
    private volatile long taken;
    private volatile boolean taking;
    private long offered;
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
        // Whatever the loop did not take is superseded; what it took was counted by take().
        Command replaced = pending.getAndSet(command);
        if (replaced != null) {
            superseded++;
            byEpoch.computeIfAbsent(replaced.epoch(), e -> new long[2])[1]++;
        }
    }

    /** The newest command since the last call, or {@code null}. Loop thread; never blocks. */
    public Command take() {
        taking = true;
        Command c = pending.getAndSet(null);
        if (c != null) {
            taken = taken + 1;
        }
        taking = false;
        return c;
    }

    /** Counters at this moment. */
    public synchronized Counts counts() {
        // Offers are excluded by the lock; only take() can run meanwhile (it empties the slot,
        // then counts): read again until no take overlapped the reads.
        while (true) {
            long before = taken;
            Command p = pending.get();
            boolean overlapped = taking;
            if (!overlapped && taken == before) {
                return new Counts(offered, before, superseded, p != null);
            }
            Thread.onSpinWait();
        }
    }

    /** Per stamped epoch (the newest {@value #KEPT_EPOCHS} seen): commands offered, superseded. */
    public synchronized Map<Long, EpochCounts> countsByEpoch() {
        Command p = pending.get();
        Map<Long, EpochCounts> m = new LinkedHashMap<>();
        byEpoch.forEach(
                (e, c) -> m.put(e, new EpochCounts(c[0], c[1], p != null && p.epoch() == e)));
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
