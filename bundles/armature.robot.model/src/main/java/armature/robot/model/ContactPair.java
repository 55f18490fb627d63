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
 * @param marginM contact margin
 * @param softness the pair's own solver parameters (MuJoCo does not mix them from the geoms'; an
 *     unset value comes from the pair's default class)
 * @param gapM contacts closer than margin but not closer than margin - gap stay out of the solver,
 *     &gt;= 0
 */
public record ContactPair(
        String name,
        String geom1,
        String geom2,
        int condim,
        List<Double> friction,
        double marginM,
        Softness softness,
        double gapM) {

    /** A pair with MuJoCo's default solver parameters and no gap. */
    public ContactPair(
            String name,
            String geom1,
            String geom2,
            int condim,
            List<Double> friction,
            double marginM) {
        this(name, geom1, geom2, condim, friction, marginM, Softness.DEFAULT, 0);
    }

    /** Validates values and copies lists. */
    public ContactPair {
        java.util.Objects.requireNonNull(softness, "softness of contact pair '" + name + "'");
        Checks.nonNegative("gapM of contact pair '" + name + "'", gapM);
        friction = Checks.finiteList("friction of contact pair '" + name + "'", friction, 5);
        Checks.nonNegative("marginM of contact pair '" + name + "'", marginM);
    }
}
