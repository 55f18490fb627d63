package armature.safety;

import java.util.Objects;

/**
 * Configuration that tightens the robot description's limits of one joint. {@code NaN} in a field
 * means "keep the robot description's value". Built fluently: {@code
 * LimitOverride.forJoint("ffj2").withMaxVelocityRadPerSec(2.0)}.
 */
public record LimitOverride(
        String jointName,
        double minPositionRad,
        double maxPositionRad,
        double maxVelocityRadPerSec,
        double maxAccelerationRadPerSec2,
        double maxJerkRadPerSec3,
        double maxEffort) {

    public LimitOverride {
        Objects.requireNonNull(jointName, "jointName");
    }

    /** An override that changes nothing yet. */
    public static LimitOverride forJoint(String jointName) {
        double n = Double.NaN;
        return new LimitOverride(jointName, n, n, n, n, n, n);
    }

    public LimitOverride withPositionRangeRad(double minRad, double maxRad) {
        return new LimitOverride(
                jointName,
                minRad,
                maxRad,
                maxVelocityRadPerSec,
                maxAccelerationRadPerSec2,
                maxJerkRadPerSec3,
                maxEffort);
    }

    public LimitOverride withMaxVelocityRadPerSec(double value) {
        return new LimitOverride(
                jointName,
                minPositionRad,
                maxPositionRad,
                value,
                maxAccelerationRadPerSec2,
                maxJerkRadPerSec3,
                maxEffort);
    }

    public LimitOverride withMaxAccelerationRadPerSec2(double value) {
        return new LimitOverride(
                jointName,
                minPositionRad,
                maxPositionRad,
                maxVelocityRadPerSec,
                value,
                maxJerkRadPerSec3,
                maxEffort);
    }

    public LimitOverride withMaxJerkRadPerSec3(double value) {
        return new LimitOverride(
                jointName,
                minPositionRad,
                maxPositionRad,
                maxVelocityRadPerSec,
                maxAccelerationRadPerSec2,
                value,
                maxEffort);
    }

    public LimitOverride withMaxEffort(double value) {
        return new LimitOverride(
                jointName,
                minPositionRad,
                maxPositionRad,
                maxVelocityRadPerSec,
                maxAccelerationRadPerSec2,
                maxJerkRadPerSec3,
                value);
    }
}
