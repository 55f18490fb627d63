package armature.robot.model;

import armature.robot.model.geometry.Vec3;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One joint of a body. "Joint units" are radians for hinge and ball joints and metres for slide
 * joints; every field whose unit depends on the joint type says so with an "Or" in its name.
 *
 * @param name joint name, empty if unnamed
 * @param type joint kind
 * @param posM joint anchor in the body frame
 * @param axis unit axis in the body frame (hinge, slide); ignored for ball and free joints
 * @param limited whether {@code rangeLowerRadOrM..rangeUpperRadOrM} is enforced
 * @param rangeLowerRadOrM lower limit (ball: 0)
 * @param rangeUpperRadOrM upper limit (ball: the maximum rotation angle)
 * @param refRadOrM reference position: the joint coordinate of the body's pose as written
 * @param dampingNmsPerRadOrNsPerM viscous damping, &gt;= 0
 * @param stiffnessNmPerRadOrNPerM spring stiffness towards {@code refRadOrM}, &gt;= 0
 * @param armatureKgM2OrKg rotor inertia added to the joint's diagonal, &gt;= 0
 * @param frictionLossNmOrN dry friction, &gt;= 0
 * @param marginRadOrM distance to the limit at which the limit constraint becomes active, &gt;= 0
 * @param effortLimitNmOrN URDF effort limit, if given
 * @param velocityLimitRadOrMPerSec URDF velocity limit, if given
 * @param mimic URDF mimic relation, if any (also present as a {@link EqualityConstraint.Type#JOINT}
 *     equality in {@link Model#equalities()})
 * @param limitSoftness solver parameters of the limit rows (MJCF solreflimit, solimplimit)
 * @param frictionSoftness solver parameters of the frictionloss rows (MJCF solreffriction,
 *     solimpfriction)
 */
public record Joint(
        String name,
        JointType type,
        Vec3 posM,
        Vec3 axis,
        boolean limited,
        double rangeLowerRadOrM,
        double rangeUpperRadOrM,
        double refRadOrM,
        double dampingNmsPerRadOrNsPerM,
        double stiffnessNmPerRadOrNPerM,
        double armatureKgM2OrKg,
        double frictionLossNmOrN,
        double marginRadOrM,
        OptionalDouble effortLimitNmOrN,
        OptionalDouble velocityLimitRadOrMPerSec,
        Optional<Mimic> mimic,
        Softness limitSoftness,
        Softness frictionSoftness) {

    /**
     * URDF mimic: {@code q = multiplier * q_leader + offset}.
     *
     * @param leaderJoint the joint being followed
     * @param multiplier factor, dimensionless for joints of the same kind
     * @param offsetRadOrM offset in this joint's units
     */
    public record Mimic(String leaderJoint, double multiplier, double offsetRadOrM) {
        /** Validates values. */
        public Mimic {
            Checks.finite("mimic multiplier", multiplier);
            Checks.finite("mimic offsetRadOrM", offsetRadOrM);
        }
    }

    /** A joint with MuJoCo's default solver parameters (URDF files have no others). */
    public Joint(
            String name,
            JointType type,
            Vec3 posM,
            Vec3 axis,
            boolean limited,
            double rangeLowerRadOrM,
            double rangeUpperRadOrM,
            double refRadOrM,
            double dampingNmsPerRadOrNsPerM,
            double stiffnessNmPerRadOrNPerM,
            double armatureKgM2OrKg,
            double frictionLossNmOrN,
            double marginRadOrM,
            OptionalDouble effortLimitNmOrN,
            OptionalDouble velocityLimitRadOrMPerSec,
            Optional<Mimic> mimic) {
        this(
                name,
                type,
                posM,
                axis,
                limited,
                rangeLowerRadOrM,
                rangeUpperRadOrM,
                refRadOrM,
                dampingNmsPerRadOrNsPerM,
                stiffnessNmPerRadOrNPerM,
                armatureKgM2OrKg,
                frictionLossNmOrN,
                marginRadOrM,
                effortLimitNmOrN,
                velocityLimitRadOrMPerSec,
                mimic,
                Softness.DEFAULT,
                Softness.DEFAULT);
    }

    /** Validates values. */
    public Joint {
        java.util.Objects.requireNonNull(limitSoftness, "limitSoftness");
        java.util.Objects.requireNonNull(frictionSoftness, "frictionSoftness");
        Checks.finite("rangeLowerRadOrM of joint '" + name + "'", rangeLowerRadOrM);
        Checks.finite("rangeUpperRadOrM of joint '" + name + "'", rangeUpperRadOrM);
        Checks.finite("refRadOrM of joint '" + name + "'", refRadOrM);
        Checks.nonNegative(
                "dampingNmsPerRadOrNsPerM of joint '" + name + "'", dampingNmsPerRadOrNsPerM);
        Checks.nonNegative(
                "stiffnessNmPerRadOrNPerM of joint '" + name + "'", stiffnessNmPerRadOrNPerM);
        Checks.nonNegative("armatureKgM2OrKg of joint '" + name + "'", armatureKgM2OrKg);
        Checks.nonNegative("frictionLossNmOrN of joint '" + name + "'", frictionLossNmOrN);
        Checks.nonNegative("marginRadOrM of joint '" + name + "'", marginRadOrM);
        if (limited && rangeLowerRadOrM > rangeUpperRadOrM) {
            throw new IllegalArgumentException(
                    "range of joint '"
                            + name
                            + "' has lower "
                            + rangeLowerRadOrM
                            + " > upper "
                            + rangeUpperRadOrM);
        }
    }
}
