package armature.safety.wear;

/**
 * Time a joint spent at or above a fraction of its max effort.
 *
 * @param effortFraction the threshold as a fraction of the joint's max effort, in (0, 1]
 * @param seconds accumulated time at or above it
 */
public record ThresholdTime(double effortFraction, double seconds) {
    public ThresholdTime {
        if (!(effortFraction > 0 && effortFraction <= 1)) {
            throw new IllegalArgumentException(
                    "effortFraction = " + effortFraction + "; allowed: (0, 1]");
        }
        JointWear.requireCount("seconds", seconds);
    }
}
