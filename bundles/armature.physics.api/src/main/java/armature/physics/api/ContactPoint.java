package armature.physics.api;

/**
 * One active contact, as seen after the last step. The normal points from {@code geom1} to {@code
 * geom2}; a negative distance is a penetration.
 *
 * @param geom1 index of the first geom
 * @param geom2 index of the second geom
 * @param positionM contact point in world coordinates, metres (x, y, z)
 * @param normal unit normal from geom1 to geom2 (x, y, z)
 * @param distanceM signed surface distance, metres (negative when penetrating)
 * @param normalForceN normal force the solver applied over the last step, newtons (at least 0)
 */
public record ContactPoint(
        int geom1,
        int geom2,
        double[] positionM,
        double[] normal,
        double distanceM,
        double normalForceN) {

    /** Defensive copies keep the record immutable. */
    public ContactPoint {
        positionM = positionM.clone();
        normal = normal.clone();
    }

    @Override
    public double[] positionM() {
        return positionM.clone();
    }

    @Override
    public double[] normal() {
        return normal.clone();
    }
}
