package armature.robot.model;

import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import java.util.List;

/**
 * One geometry attached to a body, in the body frame; {@code fromto} has already been turned into
 * position, orientation and size.
 *
 * @param name geom name, empty if unnamed
 * @param type shape kind
 * @param sizeM sizes in metres, see {@link GeomType} for their meaning per type
 * @param posM geom frame origin in the body frame
 * @param quat rotation from the geom frame to the body frame
 * @param meshName name of the mesh for {@link GeomType#MESH}, else empty
 * @param friction contact friction
 * @param condim contact dimensionality: 1, 3, 4 or 6
 * @param contype collision type bitmask
 * @param conaffinity collision affinity bitmask; two geoms collide if {@code (a.contype &
 *     b.conaffinity) != 0 || (b.contype & a.conaffinity) != 0}
 * @param marginM contact margin, &gt;= 0: contacts are detected closer than this
 * @param gapM contact gap, &gt;= 0: detected contacts farther than {@code margin - gap} exert no
 *     force (MJCF {@code gap}, default 0)
 * @param densityKgPerM3 density used for its mass (when an explicit mass is given: mass / volume)
 * @param massKg mass contributed to the body when its inertia comes from geoms, &gt;= 0
 * @param group visibility group (kept for tools)
 * @param rgba colour, four values in 0..1 (kept for tools)
 */
public record Geom(
        String name,
        GeomType type,
        List<Double> sizeM,
        Vec3 posM,
        Quat quat,
        String meshName,
        Friction friction,
        int condim,
        int contype,
        int conaffinity,
        double marginM,
        double gapM,
        double densityKgPerM3,
        double massKg,
        int group,
        List<Double> rgba) {

    /** Validates values and copies lists. */
    public Geom {
        sizeM = Checks.finiteList("sizeM of geom '" + name + "'", sizeM, -1);
        rgba = Checks.finiteList("rgba of geom '" + name + "'", rgba, 4);
        if (condim != 1 && condim != 3 && condim != 4 && condim != 6) {
            throw new IllegalArgumentException(
                    "condim of geom '" + name + "' must be 1, 3, 4 or 6, got " + condim);
        }
        Checks.nonNegative("marginM of geom '" + name + "'", marginM);
        Checks.nonNegative("gapM of geom '" + name + "'", gapM);
        Checks.nonNegative("massKg of geom '" + name + "'", massKg);
        Checks.finite("densityKgPerM3 of geom '" + name + "'", densityKgPerM3);
        if (type == GeomType.MESH && meshName.isEmpty()) {
            throw new IllegalArgumentException("mesh geom '" + name + "' names no mesh");
        }
    }

    /** A geom without gap (MJCF's default). */
    public Geom(
            String name,
            GeomType type,
            List<Double> sizeM,
            Vec3 posM,
            Quat quat,
            String meshName,
            Friction friction,
            int condim,
            int contype,
            int conaffinity,
            double marginM,
            double densityKgPerM3,
            double massKg,
            int group,
            List<Double> rgba) {
        this(
                name,
                type,
                sizeM,
                posM,
                quat,
                meshName,
                friction,
                condim,
                contype,
                conaffinity,
                marginM,
                0,
                densityKgPerM3,
                massKg,
                group,
                rgba);
    }

    /**
     * @return whether this geom can take part in collisions at all
     */
    public boolean collides() {
        return contype != 0 || conaffinity != 0;
    }
}
