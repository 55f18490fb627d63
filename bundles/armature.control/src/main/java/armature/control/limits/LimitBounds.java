package armature.control.limits;

/**
 * What one source (robot description, driver, configuration) states about one joint. {@code NaN} in
 * a field means the source says nothing about it.
 *
 * @param source the source in words, used in every message, e.g. {@code "driver 'hand'"}
 * @param minPositionRad lowest position
 * @param maxPositionRad highest position
 * @param maxVelocityRadPerSec speed bound
 * @param maxEffort effort bound in the loop's effort unit
 */
public record LimitBounds(
        String source,
        double minPositionRad,
        double maxPositionRad,
        double maxVelocityRadPerSec,
        double maxEffort) {

    /** A source that states nothing about the joint. */
    public static LimitBounds none(String source) {
        return new LimitBounds(source, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Infinite bounds mean "unknown" in the driver SPI; here they become NaN. */
    static double known(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
