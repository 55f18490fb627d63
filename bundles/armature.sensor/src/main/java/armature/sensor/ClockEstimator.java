package armature.sensor;

import java.util.Arrays;

/**
 * One sensor's clock offset and latency, from one-way messages (ADR 0098). Every sample with a
 * source time gives {@code d = receive time - source time}, which is the device clock's offset (how
 * far it is behind ours) plus that sample's latency. One-way messages cannot split the two, so the
 * estimator reports what they do determine:
 *
 * <ul>
 *   <li>{@link #offsetNanos}: the smallest {@code d} of the last window (8 buckets of {@code
 *       bucketNanos} on the monotonic clock): offset plus the minimum latency. A drifting device
 *       clock moves it, a clock step shows within one window.
 *   <li>{@link #delayPercentileNanos}: how much later than that fastest sample the others came
 *       ({@code d} minus the window minimum when the sample arrived): queueing and jitter, which
 *       needs no clock agreement at all.
 *   <li>With a device clock known to be synchronised with ours (configured per sensor), the offset
 *       is zero and offset plus delay is the absolute one-way latency.
 * </ul>
 *
 * O(1) per sample and allocation-free after construction: a fixed ring of bucket minima and two
 * fixed log-scale histograms (4 bins per octave of microseconds, so a percentile is within 12.5%)
 * for the current and the previous window. Not thread-safe: the registry calls it under its lock.
 */
final class ClockEstimator {
    static final int BUCKETS = 8;

    /** Up to 2^41 us (25 days) above the minimum; larger delays land in the last bin. */
    static final int BINS = 4 * 40 + 4;

    private final long bucketNanos;
    private final long maxSkewNanos;
    private final long[] bucketMin = new long[BUCKETS];
    private final long[] bucketEpoch = new long[BUCKETS];
    private long[] current = new long[BINS];
    private long[] previous = new long[BINS];
    private long histogramEpoch = Long.MIN_VALUE;
    private long withSourceTime;
    private long inFuture;
    private long farOff;

    /**
     * @param bucketNanos the length of one of the 8 buckets of the window, on the monotonic clock
     * @param maxSkewNanos a source time further than this from the receive time is counted as far
     *     off
     */
    ClockEstimator(long bucketNanos, long maxSkewNanos) {
        if (bucketNanos <= 0 || maxSkewNanos <= 0) {
            throw new IllegalArgumentException(
                    "bucketNanos and maxSkewNanos must be above 0, were "
                            + bucketNanos
                            + ", "
                            + maxSkewNanos);
        }
        this.bucketNanos = bucketNanos;
        this.maxSkewNanos = maxSkewNanos;
        Arrays.fill(bucketEpoch, Long.MIN_VALUE);
    }

    /**
     * One sample with a source time.
     *
     * @param sourceEpochNanos when the device measured it, ns since 1970 on the device's clock
     * @param receiveEpochNanos when it arrived, ns since 1970 on the container's clock
     * @param monotonicNanos when it arrived, on the container's monotonic clock (for the window)
     */
    void add(long sourceEpochNanos, long receiveEpochNanos, long monotonicNanos) {
        long d = receiveEpochNanos - sourceEpochNanos;
        withSourceTime++;
        if (d < 0) {
            inFuture++;
        }
        if (d > maxSkewNanos || d < -maxSkewNanos) {
            farOff++;
        }
        long epoch = Math.floorDiv(monotonicNanos, bucketNanos);
        int slot = (int) Math.floorMod(epoch, BUCKETS);
        if (bucketEpoch[slot] != epoch) {
            bucketEpoch[slot] = epoch;
            bucketMin[slot] = d;
        } else if (d < bucketMin[slot]) {
            bucketMin[slot] = d;
        }
        long windowEpoch = Math.floorDiv(epoch, BUCKETS);
        if (windowEpoch != histogramEpoch) {
            if (windowEpoch == histogramEpoch + 1) {
                long[] t = previous;
                previous = current;
                current = t;
            } else {
                Arrays.fill(previous, 0); // a window or more without samples: nothing to keep
            }
            Arrays.fill(current, 0);
            histogramEpoch = windowEpoch;
        }
        current[bin(d - windowMin(epoch))]++;
    }

    /** Samples that carried a source time. */
    long withSourceTime() {
        return withSourceTime;
    }

    /** Samples whose source time lay after their receive time. */
    long inFuture() {
        return inFuture;
    }

    /** Samples whose source time lay further than the skew limit from their receive time. */
    long farOff() {
        return farOff;
    }

    /**
     * The smallest receive-minus-source time of the window ending at {@code monotonicNanos}: the
     * device clock's offset plus the minimum latency; null without a sample in the window.
     */
    Long offsetNanos(long monotonicNanos) {
        long m = windowMin(Math.floorDiv(monotonicNanos, bucketNanos));
        return m == Long.MAX_VALUE ? null : m;
    }

    /**
     * The {@code p}-th percentile (0 to 100) of the delay above the window minimum over the window
     * containing {@code monotonicNanos} and the one before it, as the middle of its bin; null
     * without samples there (a sensor silent for two windows has no delay, as it has no offset).
     */
    Long delayPercentileNanos(double p, long monotonicNanos) {
        long nowWindow = Math.floorDiv(Math.floorDiv(monotonicNanos, bucketNanos), BUCKETS);
        // current holds histogramEpoch's window, previous the one before; neither is rotated here
        boolean withCurrent = nowWindow == histogramEpoch || nowWindow == histogramEpoch + 1;
        boolean withPrevious = nowWindow == histogramEpoch;
        if (!withCurrent) {
            return null;
        }
        long n = 0;
        for (int i = 0; i < BINS; i++) {
            n += current[i] + (withPrevious ? previous[i] : 0);
        }
        if (n == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += current[i] + (withPrevious ? previous[i] : 0);
            if (seen >= rank) {
                return middleNanos(i);
            }
        }
        return middleNanos(BINS - 1);
    }

    private long windowMin(long epoch) {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < BUCKETS; i++) {
            if (bucketEpoch[i] > epoch - BUCKETS && bucketEpoch[i] <= epoch && bucketMin[i] < m) {
                m = bucketMin[i];
            }
        }
        return m;
    }

    /** Bins 0-3 hold 0-3 us; then 4 bins per octave. */
    static int bin(long excessNanos) {
        long us = Math.max(0, excessNanos) / 1000;
        if (us < 4) {
            return (int) us;
        }
        int octave = 63 - Long.numberOfLeadingZeros(us);
        int sub = (int) ((us >>> (octave - 2)) & 3);
        return Math.min(BINS - 1, 4 * (octave - 1) + sub);
    }

    /** The middle of bin {@code b}, in ns. */
    static long middleNanos(int b) {
        if (b < 4) {
            return b * 1000L + 500;
        }
        int octave = b / 4 + 1;
        int sub = b % 4;
        long lower = (4L + sub) << (octave - 2);
        long width = 1L << (octave - 2);
        return (lower * 1000) + width * 500;
    }
}
