package armature.safety;

/**
 * Something the supervisor did or refused. Created only when it happens, so steady-state ticks
 * allocate no events.
 *
 * @param timeNanos clock time of the event
 * @param type what happened
 * @param field the offending field for rejections (e.g. {@code values[3] (joint 'ffj2')}), the
 *     joint for per-joint events, the e-stop source, or {@code null}
 * @param value the offending value, or {@code NaN}
 * @param allowedRange the allowed range or condition in words, or {@code null}
 * @param message a complete human-readable sentence
 */
public record SafetyEvent(
        long timeNanos,
        Type type,
        String field,
        double value,
        String allowedRange,
        String message) {

    /** Event kinds. */
    public enum Type {
        /** Command failed validation (NaN, infinite, out of range, wrong length, unknown mode). */
        COMMAND_REJECTED,
        /** Command from an older (or unknown newer) epoch. */
        COMMAND_WRONG_EPOCH,
        /** Sequence number not above the sender's last applied one: replay or duplicate. */
        COMMAND_DUPLICATE,
        /** Sequence number more than the allowed step above the sender's last applied one. */
        COMMAND_SEQUENCE_JUMP,
        /** A new sender when the epoch already has the most senders allowed; none is evicted. */
        COMMAND_REFUSED_SENDER_LIMIT,
        /** Command arrived after its own expiry deadline, or the applied one expired. */
        COMMAND_EXPIRED,
        /** Command valid but refused because the e-stop is latched. */
        COMMAND_REFUSED_ESTOP,
        /** Command valid but refused because no usable measured state was available to re-sync. */
        COMMAND_REFUSED_AWAITING_RESYNC,
        ENTERED_ACTIVE,
        ENTERED_HOLDING,
        ENTERED_SAFE_STATE,
        /** Output target restarted from the measured position. */
        RESYNCED,
        EPOCH_BEGUN,
        MEASURED_STATE_INVALID,
        MEASURED_STATE_VALID,
        ESTOP_LATCHED,
        ESTOP_SOURCE_ASSERTED,
        ESTOP_SOURCE_RELEASED,
        ESTOP_ACKNOWLEDGED,
        ESTOP_ACKNOWLEDGE_REFUSED,
        ESTOP_RESET,
        ESTOP_RESET_REFUSED,
        /** The supervisor started latched: the persisted latch (or an unreadable one) said so. */
        ESTOP_RESTORED,
        /** Estimated winding temperature passed the warning temperature; derating starts. */
        THERMAL_WARNING,
        /** Estimated winding temperature reached the limit; the joint's effort limit is zero. */
        THERMAL_LIMIT,
        /** Estimated winding temperature fell back below the warning temperature (hysteresis). */
        THERMAL_NORMAL,
        /** The tick time went backwards; the step was treated as zero length. */
        CLOCK_NOT_MONOTONIC,
        /**
         * The velocity scale entered another band of the uncertainty curve (or none, or missing);
         * {@code field} is the sender, {@code value} the scale. At most one per second.
         */
        VELOCITY_SCALE_BAND,
        /**
         * A sender that sent an uncertainty earlier in the stream left it out: the velocity limits
         * are at the curve's floor; {@code field} is the sender, {@code value} the scale.
         */
        UNCERTAINTY_MISSING,
        /**
         * Command valid but refused because a holding sensor limit is in force (broken or stale);
         * {@code field} names the limit's target.
         */
        COMMAND_REFUSED_SENSOR_HOLD,
        /**
         * A sensor limit's bound was broken: {@code field} the target, {@code value} the value,
         * {@code allowedRange} the bound.
         */
        SENSOR_LIMIT_EXCEEDED,
        /** A sensor limit is satisfied again (back inside by its hysteresis, fresh). */
        SENSOR_LIMIT_CLEARED,
        /**
         * A sensor limit has no usable value: no valid sample yet, the sensor offline or without
         * the field, or the newest valid sample older than the maximum age. Acts like a broken
         * bound.
         */
        SENSOR_STALE
    }

    /** An event that concerns no particular field or value. */
    static SafetyEvent of(long timeNanos, Type type, String message) {
        return new SafetyEvent(timeNanos, type, null, Double.NaN, null, message);
    }

    @Override
    public String toString() {
        return type + ": " + message;
    }
}
