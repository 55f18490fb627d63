package armature.robot.model;

import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Vec3;

/**
 * Mass properties of one body, in the body frame.
 *
 * @param massKg mass, &gt;= 0
 * @param comPosM centre of mass in the body frame
 * @param inertiaAboutComKgM2 full inertia tensor about the centre of mass, axes of the body frame
 *     (use {@link Inertia#principal()} for diagonal moments and the principal frame)
 * @param computedFromGeoms true when derived from the body's geoms (MJCF {@code inertiafromgeom}),
 *     false when given by an {@code <inertial>} element
 */
public record Inertial(
        double massKg, Vec3 comPosM, Inertia inertiaAboutComKgM2, boolean computedFromGeoms) {

    /** Validates the mass. */
    public Inertial {
        if (!(massKg >= 0) || !Double.isFinite(massKg)) {
            throw new IllegalArgumentException("massKg must be finite and >= 0, got " + massKg);
        }
    }

    /** A massless body. */
    public static final Inertial NONE = new Inertial(0, Vec3.ZERO, Inertia.ZERO, false);
}
