package armature.safety.wear;

import java.util.List;
import java.util.Objects;

/**
 * Wear counters of one joint since it was first tracked.
 *
 * @param jointName the joint
 * @param timeAboveEffort time at or above each configured effort threshold
 * @param peakAbsVelocityRadPerSec highest measured |velocity|
 * @param directionReversals reversals of motion by more than the hysteresis
 * @param overTemperatureEvents times the estimated winding temperature crossed the warning level
 * @param totalTravelRad distance moved, ignoring wiggles below the hysteresis
 * @param poweredSeconds time with torque enabled
 */
public record JointWear(
        String jointName,
        List<ThresholdTime> timeAboveEffort,
        double peakAbsVelocityRadPerSec,
        long directionReversals,
        long overTemperatureEvents,
        double totalTravelRad,
        double poweredSeconds) {

    public JointWear {
        Objects.requireNonNull(jointName, "jointName");
        timeAboveEffort = List.copyOf(timeAboveEffort);
        requireCount("peakAbsVelocityRadPerSec", peakAbsVelocityRadPerSec);
        if (directionReversals < 0) {
            throw new IllegalArgumentException(
                    "directionReversals = " + directionReversals + "; allowed: [0, +inf)");
        }
        if (overTemperatureEvents < 0) {
            throw new IllegalArgumentException(
                    "overTemperatureEvents = " + overTemperatureEvents + "; allowed: [0, +inf)");
        }
        requireCount("totalTravelRad", totalTravelRad);
        requireCount("poweredSeconds", poweredSeconds);
    }

    /** A joint that has not worn at all. */
    public static JointWear zero(String jointName) {
        return new JointWear(jointName, List.of(), 0, 0, 0, 0, 0);
    }

    /** Seconds at or above {@code effortFraction}, or 0 if that threshold is not tracked. */
    public double secondsAbove(double effortFraction) {
        for (ThresholdTime t : timeAboveEffort) {
            if (t.effortFraction() == effortFraction) {
                return t.seconds();
            }
        }
        return 0.0;
    }

    static double requireCount(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + "; allowed: [0, +inf)");
        }
        return value;
    }
}
