package armature.robot.model;

import java.util.List;

/**
 * An equality constraint kept as data. The loaders do not check whether a dynamics engine supports
 * it; the compiler into an engine must honour or explicitly reject each kind.
 *
 * @param type constraint kind
 * @param name constraint name, empty if unnamed
 * @param object1 first body, joint or tendon name (the constrained one)
 * @param object2 second name; empty means the world (bodies) or a constant (joints, tendons)
 * @param data kind-specific numbers: CONNECT anchor (3, m, in body1 frame); WELD anchor (3, m, in
 *     body2 frame) then relpose (7: position in body1 frame, quaternion w x y z; a zero quaternion,
 *     MJCF's default, means the relative pose at the reference configuration); JOINT and TENDON
 *     polycoef (5): {@code q1 = c0 + c1 q2 + c2 q2^2 + ...}
 * @param active whether the constraint is initially active
 * @param softness solver parameters of its rows (MJCF solref, solimp)
 */
public record EqualityConstraint(
        Type type,
        String name,
        String object1,
        String object2,
        List<Double> data,
        boolean active,
        Softness softness) {

    /** An equality with MuJoCo's default solver parameters (URDF mimic joints). */
    public EqualityConstraint(
            Type type,
            String name,
            String object1,
            String object2,
            List<Double> data,
            boolean active) {
        this(type, name, object1, object2, data, active, Softness.DEFAULT);
    }

    /** Equality kinds. */
    public enum Type {
        /** Ball joint between two bodies. */
        CONNECT,
        /** Fixes the relative pose of two bodies. */
        WELD,
        /** Polynomial coupling of two joints (also used for URDF mimic joints). */
        JOINT,
        /** Polynomial coupling of two tendons. */
        TENDON
    }

    /** Copies the list. */
    public EqualityConstraint {
        java.util.Objects.requireNonNull(softness, "softness of equality '" + name + "'");
        data = Checks.finiteList("data of equality '" + name + "'", data, -1);
    }
}
