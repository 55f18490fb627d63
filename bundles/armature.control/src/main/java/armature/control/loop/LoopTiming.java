package armature.control.loop;

import java.util.Arrays;

/**
 * Per-tick timing of a fixed-rate loop: start lateness (jitter against the ideal schedule), tick
 * duration and overruns. The loop thread records; a statistics thread takes snapshots, which reset
 * the window. Samples beyond the window capacity are counted (and still update the maximum) but not
 * kept for percentiles.
 *
 * <p>The loop thread never waits for the statistics thread (which may run at a lower priority and
 * be preempted at any moment, ADR 0116): it writes into one of two windows without a lock, and a
 * snapshot swaps in the other window, then waits until the loop thread has left the old one.
 */
public final class LoopTiming {
    private final Window[] windows;
    private volatile Window current;

    /**
     * @param capacity samples kept per window for percentiles, at least 1
     */
    public LoopTiming(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "capacity = " + capacity + "; allowed: [1, " + Integer.MAX_VALUE + "]");
        }
        windows = new Window[] {new Window(capacity), new Window(capacity)};
        current = windows[0];
    }

    /** One tick: how late it started against its schedule and how long it ran. */
    public void record(long latenessNanos, long durationNanos) {
        Window w = enter();
        try {
            w.ticks++;
            w.maxLatenessNanos = Math.max(w.maxLatenessNanos, latenessNanos);
            w.maxDurationNanos = Math.max(w.maxDurationNanos, durationNanos);
            if (w.count < w.lateness.length) {
                w.lateness[w.count] = latenessNanos;
                w.duration[w.count] = durationNanos;
                w.count++;
            } else {
                w.dropped++;
            }
        } finally {
            w.inUse = false;
        }
    }

    /** A tick ran past the next start; {@code missed} whole periods were skipped. */
    public void overrun(long missed) {
        Window w = enter();
        try {
            w.overruns++;
            w.missedPeriods += missed;
        } finally {
            w.inUse = false;
        }
    }

    /**
     * The window to write into, marked in use. The mark is written before {@link #current} is read
     * again, and a snapshot swaps {@link #current} before it reads the mark (both volatile), so
     * either the snapshot sees the mark and waits, or this thread sees the swap and moves on.
     */
    private Window enter() {
        while (true) {
            Window w = current;
            w.inUse = true;
            if (current == w) {
                return w;
            }
            w.inUse = false;
        }
    }

    /**
     * Statistics of the window since the previous snapshot; starts a new window. One caller at a
     * time (the statistics thread); recording goes on meanwhile.
     */
    public synchronized Snapshot snapshotAndReset() {
        Window old = current;
        Window next = old == windows[0] ? windows[1] : windows[0];
        next.reset();
        current = next;
        while (old.inUse) {
            // The loop thread is inside one record: well under a microsecond.
            Thread.onSpinWait();
        }
        long[] l = Arrays.copyOf(old.lateness, old.count);
        long[] d = Arrays.copyOf(old.duration, old.count);
        Arrays.sort(l);
        Arrays.sort(d);
        return new Snapshot(
                old.ticks,
                old.dropped,
                old.overruns,
                old.missedPeriods,
                percentile(l, 0.50),
                percentile(l, 0.99),
                percentile(l, 0.999),
                old.maxLatenessNanos,
                percentile(d, 0.50),
                percentile(d, 0.99),
                old.maxDurationNanos);
    }

    /** One window's samples and counters; written by the loop thread only while it is current. */
    private static final class Window {
        final long[] lateness;
        final long[] duration;
        volatile boolean inUse;
        int count;
        long ticks;
        long dropped;
        long overruns;
        long missedPeriods;
        long maxLatenessNanos;
        long maxDurationNanos;

        Window(int capacity) {
            lateness = new long[capacity];
            duration = new long[capacity];
        }

        void reset() {
            count = 0;
            ticks = 0;
            dropped = 0;
            overruns = 0;
            missedPeriods = 0;
            maxLatenessNanos = 0;
            maxDurationNanos = 0;
        }
    }

    /** Nearest-rank percentile of sorted values; 0 when empty. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * One window. Lateness = actual start minus scheduled start.
     *
     * @param ticks ticks recorded
     * @param samplesDropped ticks beyond the window capacity (not in the percentiles)
     * @param overruns ticks that ended after the next scheduled start
     * @param missedPeriods periods skipped because of overruns
     * @param latenessP999Nanos the 99.9th percentile (nearest rank: the maximum in windows of fewer
     *     than 1000 ticks)
     */
    public record Snapshot(
            long ticks,
            long samplesDropped,
            long overruns,
            long missedPeriods,
            long latenessP50Nanos,
            long latenessP99Nanos,
            long latenessP999Nanos,
            long latenessMaxNanos,
            long durationP50Nanos,
            long durationP99Nanos,
            long durationMaxNanos) {}
}
