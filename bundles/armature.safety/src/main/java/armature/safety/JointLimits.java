package armature.safety;

import java.util.Objects;

/**
 * Hard limits of one joint, as stated by the robot description and possibly tightened by
 * configuration ({@link #tightenedBy}).
 *
 * @param name joint name, used in every message about this joint
 * @param minPositionRad lowest allowed position
 * @param maxPositionRad highest allowed position
 * @param maxVelocityRadPerSec speed bound of the shaped target
 * @param maxAccelerationRadPerSec2 acceleration bound of the shaped target
 * @param maxJerkRadPerSec3 jerk bound of the shaped target; {@code +inf} for none. A finite value
 *     adds the jerk stage (a moving average over {@code 2 A / J} seconds, ADR 0040), so it must be
 *     at least {@code 2 A} per second
 * @param maxEffort effort bound in {@code effortUnit} before thermal derating
 * @param effortUnit unit of {@code maxEffort} and of effort commands for this joint
 */
public record JointLimits(
        String name,
        double minPositionRad,
        double maxPositionRad,
        double maxVelocityRadPerSec,
        double maxAccelerationRadPerSec2,
        double maxJerkRadPerSec3,
        double maxEffort,
        EffortUnit effortUnit) {

    /** Validates every field; the message names the joint, the field, the value and the range. */
    public JointLimits {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name = '" + name + "'; allowed: a non-blank name");
        }
        String p = "joint '" + name + "' ";
        Checks.finite(p + "minPositionRad", minPositionRad);
        Checks.finite(p + "maxPositionRad", maxPositionRad);
        if (!(minPositionRad < maxPositionRad)) {
            throw new IllegalArgumentException(
                    p
                            + "maxPositionRad = "
                            + maxPositionRad
                            + "; allowed: greater than minPositionRad = "
                            + minPositionRad);
        }
        Checks.positive(p + "maxVelocityRadPerSec", maxVelocityRadPerSec);
        Checks.positive(p + "maxAccelerationRadPerSec2", maxAccelerationRadPerSec2);
        Checks.positiveOrInfinite(p + "maxJerkRadPerSec3", maxJerkRadPerSec3);
        Checks.positive(p + "maxEffort", maxEffort);
        Objects.requireNonNull(effortUnit, p + "effortUnit");
    }

    /** Limits without a jerk bound. */
    public static JointLimits of(
            String name,
            double minPositionRad,
            double maxPositionRad,
            double maxVelocityRadPerSec,
            double maxAccelerationRadPerSec2,
            double maxEffort,
            EffortUnit effortUnit) {
        return new JointLimits(
                name,
                minPositionRad,
                maxPositionRad,
                maxVelocityRadPerSec,
                maxAccelerationRadPerSec2,
                Double.POSITIVE_INFINITY,
                maxEffort,
                effortUnit);
    }

    /** Whether jerk limiting is enabled for this joint. */
    public boolean hasJerkLimit() {
        return maxJerkRadPerSec3 != Double.POSITIVE_INFINITY;
    }

    /**
     * Applies a configuration override. Every field of the override must be at least as strict as
     * this limit; configuration can never loosen what the robot description states.
     *
     * @throws LimitLoosenedException naming the joint and field when an override loosens a limit
     * @throws IllegalArgumentException when the override is for another joint or leaves an empty
     *     position range
     */
    public JointLimits tightenedBy(LimitOverride override) {
        if (!name.equals(override.jointName())) {
            throw new IllegalArgumentException(
                    "override.jointName = '"
                            + override.jointName()
                            + "'; allowed: '"
                            + name
                            + "' (the joint it is applied to)");
        }
        double min =
                tighterOrEqual("minPositionRad", override.minPositionRad(), minPositionRad, false);
        double max =
                tighterOrEqual("maxPositionRad", override.maxPositionRad(), maxPositionRad, true);
        double vel =
                tighterOrEqual(
                        "maxVelocityRadPerSec",
                        override.maxVelocityRadPerSec(),
                        maxVelocityRadPerSec,
                        true);
        double acc =
                tighterOrEqual(
                        "maxAccelerationRadPerSec2",
                        override.maxAccelerationRadPerSec2(),
                        maxAccelerationRadPerSec2,
                        true);
        double jerk =
                tighterOrEqual(
                        "maxJerkRadPerSec3", override.maxJerkRadPerSec3(), maxJerkRadPerSec3, true);
        double effort = tighterOrEqual("maxEffort", override.maxEffort(), maxEffort, true);
        return new JointLimits(name, min, max, vel, acc, jerk, effort, effortUnit);
    }

    private double tighterOrEqual(
            String field, double requested, double robotLimit, boolean upperBound) {
        if (Double.isNaN(requested)) {
            return robotLimit;
        }
        boolean loosens = upperBound ? requested > robotLimit : requested < robotLimit;
        if (loosens) {
            throw new LimitLoosenedException(name, field, requested, robotLimit);
        }
        return requested;
    }
}
