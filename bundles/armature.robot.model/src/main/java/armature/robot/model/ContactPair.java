package armature.robot.model;

import java.util.List;

/**
 * An explicit contact pair: these two geoms are always checked against each other, with these
 * parameters, regardless of their contype/conaffinity.
 *
 * @param name pair name, empty if unnamed
 * @param geom1 first geom name
 * @param geom2 second geom name
 * @param condim contact dimensionality (1, 3, 4, 6)
 * @param friction five values: two tangential, torsional, two rolling (MuJoCo pair convention)
 * @param marginM contact margin: contacts are detected closer than this (MJCF default 0, not taken
 *     from the geoms)
 * @param gapM contact gap: detected contacts farther than {@code margin - gap} exert no force
 */
public record ContactPair(
        String name,
        String geom1,
        String geom2,
        int condim,
        List<Double> friction,
        double marginM,
        double gapM) {
    /** Validates values and copies lists. */
    public ContactPair {
        friction = Checks.finiteList("friction of contact pair '" + name + "'", friction, 5);
        Checks.nonNegative("marginM of contact pair '" + name + "'", marginM);
        Checks.nonNegative("gapM of contact pair '" + name + "'", gapM);
    }

    /** A pair without gap (MJCF's default). */
    public ContactPair(
            String name,
            String geom1,
            String geom2,
            int condim,
            List<Double> friction,
            double marginM) {
        this(name, geom1, geom2, condim, friction, marginM, 0);
    }
}
