package armature.policy.api;

/**
 * The limits a control loop enforces on one joint (its retained {@code limits} document), given to
 * a {@link PolicyProvider} so that a policy can keep its actions inside them. A bound the loop does
 * not limit is infinite.
 *
 * @param name the joint's name
 * @param minPositionRad lowest position target the supervisor accepts
 * @param maxPositionRad highest position target the supervisor accepts
 * @param maxVelocityRadPerSec speed limit of the supervisor's shaping
 */
public record JointRange(
        String name, double minPositionRad, double maxPositionRad, double maxVelocityRadPerSec) {
    public JointRange {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("joint name must not be empty");
        }
        if (Double.isNaN(minPositionRad)
                || Double.isNaN(maxPositionRad)
                || !(minPositionRad <= maxPositionRad)) {
            throw new IllegalArgumentException(
                    "joint '"
                            + name
                            + "' position range ["
                            + minPositionRad
                            + ", "
                            + maxPositionRad
                            + "]; allowed: min <= max, not NaN");
        }
        if (!(maxVelocityRadPerSec > 0)) {
            throw new IllegalArgumentException(
                    "joint '"
                            + name
                            + "' maxVelocityRadPerSec = "
                            + maxVelocityRadPerSec
                            + "; allowed: > 0 (infinite when unlimited)");
        }
    }

    /** Whether both position bounds are finite. */
    public boolean bounded() {
        return Double.isFinite(minPositionRad) && Double.isFinite(maxPositionRad);
    }
}
