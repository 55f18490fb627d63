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
 * @param densityKgPerM3 density used for its mass (when an explicit mass is given: mass / volume)
 * @param massKg mass contributed to the body when its inertia comes from geoms, &gt;= 0
 * @param group visibility group (kept for tools)
 * @param rgba colour, four values in 0..1 (kept for tools)
 * @param softness solver parameters of its contacts (MJCF solref, solimp), mixed with the other
 *     geom's by the engine
 * @param solmix weight of this geom's softness in that mix, &gt;= 0 (MuJoCo default 1)
 * @param gapM contacts closer than {@code marginM} but not closer than {@code marginM - gapM} are
 *     detected and left out of the solver, &gt;= 0 (default 0)
 * @param priority the geom of higher priority alone gives a contact its parameters (default 0)
 * @param material the name of the {@link Material} the description gives it (its texture; its
 *     colour is already in {@code rgba}), or null for none
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
        double densityKgPerM3,
        double massKg,
        int group,
        List<Double> rgba,
        Softness softness,
        double solmix,
        double gapM,
        int priority,
        String material) {

    /** A geom without a material. */
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
            List<Double> rgba,
            Softness softness,
            double solmix,
            double gapM,
            int priority) {
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
                densityKgPerM3,
                massKg,
                group,
                rgba,
                softness,
                solmix,
                gapM,
                priority,
                null);
    }

    /** A geom with MuJoCo's default contact solver parameters (URDF files have no others). */
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
                densityKgPerM3,
                massKg,
                group,
                rgba,
                Softness.DEFAULT,
                1,
                0,
                0);
    }

    /** Validates values and copies lists. */
    public Geom {
        java.util.Objects.requireNonNull(softness, "softness of geom '" + name + "'");
        Checks.nonNegative("solmix of geom '" + name + "'", solmix);
        Checks.nonNegative("gapM of geom '" + name + "'", gapM);
        sizeM = Checks.finiteList("sizeM of geom '" + name + "'", sizeM, -1);
        rgba = Checks.finiteList("rgba of geom '" + name + "'", rgba, 4);
        if (condim != 1 && condim != 3 && condim != 4 && condim != 6) {
            throw new IllegalArgumentException(
                    "condim of geom '" + name + "' must be 1, 3, 4 or 6, got " + condim);
        }
        Checks.nonNegative("marginM of geom '" + name + "'", marginM);
        Checks.nonNegative("massKg of geom '" + name + "'", massKg);
        Checks.finite("densityKgPerM3 of geom '" + name + "'", densityKgPerM3);
        if (type == GeomType.MESH && meshName.isEmpty()) {
            throw new IllegalArgumentException("mesh geom '" + name + "' names no mesh");
        }
    }

    /**
     * @return whether this geom can take part in collisions at all
     */
    public boolean collides() {
        return contype != 0 || conaffinity != 0;
    }
}
