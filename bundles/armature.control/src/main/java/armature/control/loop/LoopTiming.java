package armature.control.loop;

import java.util.Arrays;

/**
 * Per-tick timing of a fixed-rate loop: start lateness (jitter against the ideal schedule), tick
 * duration and overruns. The loop thread records; a statistics thread takes snapshots, which reset
 * the window. Samples beyond the window capacity are counted (and still update the maximum) but not
 * kept for percentiles.
 */
public final class LoopTiming {
    private final long[] lateness;
    private final long[] duration;
    private int count;
    private long ticks;
    private long dropped;
    private long overruns;
    private long missedPeriods;
    private long maxLatenessNanos;
    private long maxDurationNanos;

    /**
     * @param capacity samples kept per window for percentiles, at least 1
     */
    public LoopTiming(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "capacity = " + capacity + "; allowed: [1, " + Integer.MAX_VALUE + "]");
        }
        lateness = new long[capacity];
        duration = new long[capacity];
    }

    /** One tick: how late it started against its schedule and how long it ran. */
    public synchronized void record(long latenessNanos, long durationNanos) {
        ticks++;
        maxLatenessNanos = Math.max(maxLatenessNanos, latenessNanos);
        maxDurationNanos = Math.max(maxDurationNanos, durationNanos);
        if (count < lateness.length) {
            lateness[count] = latenessNanos;
            duration[count] = durationNanos;
            count++;
        } else {
            dropped++;
        }
    }

    /** A tick ran past the next start; {@code missed} whole periods were skipped. */
    public synchronized void overrun(long missed) {
        overruns++;
        missedPeriods += missed;
    }

    /** Statistics of the window since the previous snapshot; starts a new window. */
    public synchronized Snapshot snapshotAndReset() {
        long[] l = Arrays.copyOf(lateness, count);
        long[] d = Arrays.copyOf(duration, count);
        Arrays.sort(l);
        Arrays.sort(d);
        Snapshot s =
                new Snapshot(
                        ticks,
                        dropped,
                        overruns,
                        missedPeriods,
                        percentile(l, 0.50),
                        percentile(l, 0.99),
                        maxLatenessNanos,
                        percentile(d, 0.50),
                        percentile(d, 0.99),
                        maxDurationNanos);
        count = 0;
        ticks = 0;
        dropped = 0;
        overruns = 0;
        missedPeriods = 0;
        maxLatenessNanos = 0;
        maxDurationNanos = 0;
        return s;
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
     */
    public record Snapshot(
            long ticks,
            long samplesDropped,
            long overruns,
            long missedPeriods,
            long latenessP50Nanos,
            long latenessP99Nanos,
            long latenessMaxNanos,
            long durationP50Nanos,
            long durationP99Nanos,
            long durationMaxNanos) {}
}
