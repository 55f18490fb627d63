package armature.driver.api;

import java.util.Objects;
import java.util.Set;

/**
 * What a driver knows about one of its joints. Limits are the hardware's own (servo range,
 * configured position window); the control loop's safety limits come from the robot description and
 * may be tighter.
 *
 * @param name joint name, unique within the driver, matching the robot description
 * @param minPositionRad lowest position the driver will command
 * @param maxPositionRad highest position the driver will command
 * @param maxVelocityRadPerSec the hardware's speed limit, or {@code +inf} when unknown
 * @param maxEffort the hardware's effort limit in {@code effortUnit}, or {@code +inf} when unknown
 * @param effortUnit unit of effort readings and commands, e.g. {@code "Nm"} or {@code "A"}
 * @param supportedModes command modes {@link JointDriver#write} accepts for this joint, not empty
 */
public record JointDescription(
        String name,
        double minPositionRad,
        double maxPositionRad,
        double maxVelocityRadPerSec,
        double maxEffort,
        String effortUnit,
        Set<DriverCommandMode> supportedModes) {

    /** Validates every field; messages name the joint, the field, the value and the range. */
    public JointDescription {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name = '" + name + "'; allowed: a non-blank name");
        }
        String p = "joint '" + name + "' ";
        if (!Double.isFinite(minPositionRad)
                || !Double.isFinite(maxPositionRad)
                || !(minPositionRad < maxPositionRad)) {
            throw new IllegalArgumentException(
                    p
                            + "position range ["
                            + minPositionRad
                            + ", "
                            + maxPositionRad
                            + "] rad; allowed: finite with minPositionRad < maxPositionRad");
        }
        if (Double.isNaN(maxVelocityRadPerSec) || !(maxVelocityRadPerSec > 0)) {
            throw new IllegalArgumentException(
                    p + "maxVelocityRadPerSec = " + maxVelocityRadPerSec + "; allowed: (0, +inf]");
        }
        if (Double.isNaN(maxEffort) || !(maxEffort > 0)) {
            throw new IllegalArgumentException(
                    p + "maxEffort = " + maxEffort + "; allowed: (0, +inf]");
        }
        Objects.requireNonNull(effortUnit, p + "effortUnit");
        if (supportedModes == null || supportedModes.isEmpty()) {
            throw new IllegalArgumentException(
                    p + "supportedModes = " + supportedModes + "; allowed: at least one mode");
        }
        supportedModes = Set.copyOf(supportedModes);
    }
}
