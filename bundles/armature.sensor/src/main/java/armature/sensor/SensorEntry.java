package armature.sensor;

import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorState;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the registry knows of one sensor: its descriptor, what it last announced, its counters and
 * its own rate gate. Mutated only under the registry's lock.
 */
final class SensorEntry {
    static final long MIN_SILENCE_NANOS = 1_000_000_000L;

    /** The state a device announced on its state topic (or its will did). */
    enum Announced {
        NONE,
        ONLINE,
        OFFLINE
    }

    final String id;

    /** Whether it is a Homie 5 device (its state comes from {@code $state} alone). */
    final boolean homie;

    SensorDescriptor descriptor;

    /** A Homie device's mapping, its {@code $state} as sent; null for plain sensors. */
    HomieDescription.Mapping mapping;

    String homieState;

    /** Created with the first source time. */
    ClockEstimator clock;

    RateGate gate;
    Announced announced = Announced.NONE;

    /** When (monotonic ns) the device last said offline or its will fired. */
    long offlineAtNanos;

    /** When (monotonic ns) it last sent a valid sample or said it is online. */
    long aliveAtNanos;

    /** The state the registry last logged, to log each change once. */
    SensorState logged;

    long accepted;
    long rejected;
    final Map<RejectionReason, Long> rejectedBy = new EnumMap<>(RejectionReason.class);
    RejectionReason lastReason;
    String lastMessage;
    Instant lastRejectedAt;
    Instant lastSeen;
    Instant lastAccepted;
    private long windowStartNanos;
    private long windowCount;
    private double rateHz;
    private boolean windowStarted;

    SensorEntry(String id, boolean homie) {
        this.id = id;
        this.homie = homie;
    }

    /**
     * Where it stands at monotonic time {@code t}.
     *
     * @param t now, on the registry's monotonic clock
     */
    SensorState state(long t) {
        if (descriptor == null) {
            return SensorState.UNDESCRIBED;
        }
        SensorState s =
                switch (announced) {
                    case ONLINE -> SensorState.ONLINE;
                    case OFFLINE -> SensorState.OFFLINE;
                        // a plain sensor that sends valid samples is alive; a Homie device says so
                        // in $state
                    case NONE -> accepted > 0 && !homie ? SensorState.ONLINE : SensorState.UNKNOWN;
                };
        if (s == SensorState.ONLINE && !homie && t - aliveAtNanos > silenceNanos(descriptor)) {
            return SensorState.SILENT;
        }
        return s;
    }

    /**
     * How long a plain sensor may go without a valid sample: five nominal periods, at least 1 s.
     */
    static long silenceNanos(SensorDescriptor d) {
        return Math.max(MIN_SILENCE_NANOS, (long) (5e9 / d.nominalRateHz()));
    }

    /** It said it is online: silence is counted from now. */
    void announcedOnline(long nowNanos) {
        announced = Announced.ONLINE;
        aliveAtNanos = nowNanos;
    }

    void reject(RejectionReason reason, String message, Instant at) {
        rejected++;
        rejectedBy.merge(reason, 1L, Long::sum);
        lastReason = reason;
        lastMessage = message;
        lastRejectedAt = at;
    }

    void accept(Instant at, long nowNanos) {
        accepted++;
        lastAccepted = at;
        aliveAtNanos = nowNanos;
        roll(nowNanos);
        windowCount++;
    }

    /** Accepted samples per second over the last window of at least one second. */
    double rateHz(long nowNanos) {
        roll(nowNanos);
        return rateHz;
    }

    private void roll(long nowNanos) {
        if (!windowStarted) {
            windowStarted = true;
            windowStartNanos = nowNanos;
            return;
        }
        long elapsed = nowNanos - windowStartNanos;
        if (elapsed >= 1_000_000_000L) {
            rateHz = windowCount * 1e9 / elapsed;
            windowCount = 0;
            windowStartNanos = nowNanos;
        }
    }
}
