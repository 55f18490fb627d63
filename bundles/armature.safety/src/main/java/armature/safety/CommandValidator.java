package armature.safety;

import java.util.List;

/**
 * Checks a command's content against the joint limits. Returns {@code null} for a valid command and
 * allocates only when it rejects, so the per-tick path stays garbage-free.
 */
final class CommandValidator {
    private List<JointLimits> joints;
    private final double positionToleranceRad;
    private final double rangeToleranceFraction;

    CommandValidator(SafetyConfig config) {
        this.joints = config.joints();
        this.positionToleranceRad = config.positionToleranceRad();
        this.rangeToleranceFraction = config.rangeToleranceFraction();
    }

    /** Validates against new limits from now on (a new epoch). */
    void limits(List<JointLimits> newLimits) {
        joints = List.copyOf(newLimits);
    }

    SafetyEvent validate(long nowNanos, Command c) {
        if (c.sender() == null || c.sender().isEmpty()) {
            return reject(nowNanos, "sender", Double.NaN, "a sender name", "none");
        }
        if (c.mode() == null) {
            return reject(
                    nowNanos, "mode", Double.NaN, "one of POSITION, VELOCITY, EFFORT", "unknown");
        }
        double u = c.uncertainty();
        if (!Double.isNaN(u) && !(u >= 0 && u < Double.POSITIVE_INFINITY)) {
            // Never read as "no uncertainty" or as 0: a sender that says it is unsure in a way
            // nobody can read must not move the joints at full speed.
            return reject(
                    nowNanos,
                    "uncertainty",
                    u,
                    "a finite number >= 0, or none (NaN)",
                    Double.toString(u));
        }
        double[] values = c.values();
        if (values == null) {
            return reject(nowNanos, "values", Double.NaN, "an array of " + joints.size(), "null");
        }
        if (values.length != joints.size()) {
            return reject(
                    nowNanos,
                    "values.length",
                    values.length,
                    "exactly " + joints.size() + " (one per joint)",
                    Integer.toString(values.length));
        }
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            JointLimits j = joints.get(i);
            double lo;
            double hi;
            String unit;
            switch (c.mode()) {
                case POSITION -> {
                    lo = j.minPositionRad() - positionToleranceRad;
                    hi = j.maxPositionRad() + positionToleranceRad;
                    unit = "rad";
                }
                case VELOCITY -> {
                    hi = j.maxVelocityRadPerSec() * (1 + rangeToleranceFraction);
                    lo = -hi;
                    unit = "rad/s";
                }
                default -> {
                    hi = j.maxEffort() * (1 + rangeToleranceFraction);
                    lo = -hi;
                    unit = j.effortUnit().symbol();
                }
            }
            // The negated form also catches NaN.
            if (!(v >= lo && v <= hi)) {
                return reject(
                        nowNanos,
                        "values[" + i + "] (joint '" + j.name() + "')",
                        v,
                        "[" + lo + ", " + hi + "] " + unit,
                        Double.toString(v));
            }
        }
        return null;
    }

    private static SafetyEvent reject(
            long nowNanos, String field, double value, String allowed, String shown) {
        return new SafetyEvent(
                nowNanos,
                SafetyEvent.Type.COMMAND_REJECTED,
                field,
                value,
                allowed,
                "command rejected: " + field + " = " + shown + "; allowed: " + allowed);
    }
}
