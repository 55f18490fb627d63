package armature.safety;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of one {@link SensorLimit}: written by whoever reads the sensor's messages (the
 * loop's bus thread), read by the supervisor's tick without a lock. The writer's methods are
 * synchronized among themselves (one writer at a time keeps the hysteresis consistent); the tick
 * only reads volatile fields and allocates nothing, so a busy or stuck sensor never blocks a tick.
 *
 * <p>Fail safe: a guard that has never seen a valid sample, whose sensor has no usable descriptor
 * or went offline, or whose newest valid sample is older than the maximum age is {@link
 * Condition#STALE}, which acts like a broken bound.
 */
public final class SensorGuard {
    /** What the tick sees. */
    public enum Condition {
        /** A fresh valid value inside the bound. */
        OK,
        /** The newest valid value broke the bound and has not come back by the hysteresis. */
        EXCEEDED,
        /** No usable value: never seen, unavailable, or too old. */
        STALE
    }

    /** The shortest grace a tripping limit gives its sensor for a first sample: 10 s. */
    public static final long MIN_TRIP_GRACE_NANOS = 10_000_000_000L;

    private final SensorLimit limit;
    private final NanoClock clock;
    private final long createdNanos;
    private volatile long maxAgeNanos;
    private volatile boolean seen;
    private volatile boolean graceWaived;
    private volatile long lastValidNanos;
    private volatile double lastValue = Double.NaN;
    private volatile boolean exceeded;
    private volatile String unavailable = "no valid sample yet";
    private volatile String lastInvalid;
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong invalidSamples = new AtomicLong();

    /**
     * @param clock the supervisor's clock: sample times are compared with tick times
     */
    public SensorGuard(SensorLimit limit, NanoClock clock) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAgeNanos = limit.maxAgeNanos() > 0 ? limit.maxAgeNanos() : Long.MAX_VALUE;
        this.createdNanos = clock.nanoTime();
    }

    public SensorLimit limit() {
        return limit;
    }

    /**
     * The sensor's descriptor has the field in a usable shape; sets the default maximum age from
     * its nominal rate. Samples still have to arrive before the guard is {@link Condition#OK}.
     */
    public synchronized void described(double nominalRateHz) {
        maxAgeNanos = limit.maxAgeNanos(nominalRateHz);
        if (!seen) {
            unavailable = "no valid sample yet";
        }
    }

    /**
     * No start-up grace: the guard is {@link Condition#STALE} until its first valid sample. For a
     * tripping limit whose e-stop source the persisted latch still lists (a restart or
     * reconfiguration): the force that tripped it may still be there, so only a sample that reads
     * inside may release the source, never the mere absence of samples.
     */
    void waiveGrace() {
        graceWaived = true;
    }

    /**
     * No value can be trusted until the next valid sample: the sensor went offline, its descriptor
     * is gone or lacks the field.
     *
     * @param why in words, for events and the supervisor document
     */
    public synchronized void unavailable(String why) {
        unavailable = Objects.requireNonNull(why, "why");
    }

    /**
     * A readable value of a number field: from a valid sample, or the guarded value of an invalid
     * one (the feeder counts that as invalid too); reduced by the limit's selector.
     */
    public synchronized void sample(double value) {
        accept(limit.reduce(value));
    }

    /** A valid sample of an array field; reduced by the limit's selector. */
    public synchronized void sample(double[] values) {
        accept(limit.reduce(values));
    }

    /**
     * A sample that did not count (invalid under the descriptor, or not readable).
     *
     * @param why the reason, kept as the last one
     */
    public synchronized void invalid(String why) {
        invalidSamples.incrementAndGet();
        lastInvalid = why;
    }

    private void accept(double value) {
        samples.incrementAndGet();
        lastValue = value;
        exceeded = exceeded ? !limit.clears(value) : limit.breaks(value);
        lastValidNanos = clock.nanoTime();
        // The flags are published last and read first by the tick (condition): a volatile read
        // that sees seen == true or unavailable == null sees every write before it, so the tick
        // never pairs a fresh flag with lastValidNanos still 0 (that read STALE, and a tripping
        // limit latched the e-stop just as its sensor first reported). A newer sample racing
        // with the tick can only make the time the tick reads newer, never older.
        seen = true;
        unavailable = null;
    }

    /**
     * Where the guard stands at {@code nowNanos}; lock- and allocation-free, for the tick. A
     * holding limit is stale until its first valid sample (holding costs nothing); a tripping one
     * gives its sensor a grace for the first sample after the guard was made (the loop started):
     * its configured maximum age, at least {@link #MIN_TRIP_GRACE_NANOS}, so a sensor that connects
     * after the loop does not latch the e-stop at every start.
     */
    public Condition condition(long nowNanos) {
        // Flags first, then the time they publish (see accept).
        boolean seenNow = seen;
        boolean usable = unavailable == null;
        long validAt = lastValidNanos;
        if (!seenNow
                && !graceWaived
                && limit.action() == SensorLimit.Action.TRIP
                && nowNanos - createdNanos <= Math.max(limit.maxAgeNanos(), MIN_TRIP_GRACE_NANOS)) {
            return Condition.OK;
        }
        if (!seenNow || !usable || nowNanos - validAt > maxAgeNanos) {
            return Condition.STALE;
        }
        return exceeded ? Condition.EXCEEDED : Condition.OK;
    }

    /** Why the guard is stale at {@code nowNanos}, in words (allocates; for events). */
    public String staleReason(long nowNanos) {
        String why = unavailable;
        if (why != null) {
            return why;
        }
        if (!seen) {
            return "no valid sample yet";
        }
        return "newest valid sample is "
                + (nowNanos - lastValidNanos) / 1_000_000
                + " ms old; allowed: at most "
                + maxAgeNanos / 1_000_000
                + " ms";
    }

    /** The newest valid value (reduced), NaN before the first. */
    public double lastValue() {
        return lastValue;
    }

    /** The maximum age in force (the default only once the sensor is described). */
    public long maxAgeNanos() {
        return maxAgeNanos;
    }

    public long samples() {
        return samples.get();
    }

    public long invalidSamples() {
        return invalidSamples.get();
    }

    /** The reason of the newest sample that did not count, or {@code null}. */
    public String lastInvalid() {
        return lastInvalid;
    }
}
