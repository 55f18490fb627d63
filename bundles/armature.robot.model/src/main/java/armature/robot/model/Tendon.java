package armature.robot.model;

import java.util.List;

/**
 * A fixed tendon: a linear combination of joint coordinates, {@code length = sum coef_i * q_i}.
 *
 * @param name tendon name, empty if unnamed
 * @param joints the joints and coefficients, in document order
 * @param limited whether the length range is enforced
 * @param rangeLower lower length limit (in the combined joint units, typically m)
 * @param rangeUpper upper length limit
 * @param stiffness spring stiffness towards zero length change, &gt;= 0
 * @param damping viscous damping, &gt;= 0
 * @param frictionLoss dry friction on the tendon length, &gt;= 0
 * @param marginM distance to the limit at which the limit rows become active, &gt;= 0
 * @param limitSoftness solver parameters of the limit rows (MJCF solreflimit, solimplimit)
 * @param frictionSoftness solver parameters of the frictionloss rows (MJCF solreffriction,
 *     solimpfriction)
 */
public record Tendon(
        String name,
        List<TendonJoint> joints,
        boolean limited,
        double rangeLower,
        double rangeUpper,
        double stiffness,
        double damping,
        double frictionLoss,
        double marginM,
        Softness limitSoftness,
        Softness frictionSoftness) {

    /** A tendon without friction or margin, with MuJoCo's default solver parameters. */
    public Tendon(
            String name,
            List<TendonJoint> joints,
            boolean limited,
            double rangeLower,
            double rangeUpper,
            double stiffness,
            double damping) {
        this(
                name,
                joints,
                limited,
                rangeLower,
                rangeUpper,
                stiffness,
                damping,
                0,
                0,
                Softness.DEFAULT,
                Softness.DEFAULT);
    }

    /**
     * One term of a fixed tendon.
     *
     * @param joint joint name
     * @param coef coefficient multiplying the joint coordinate
     */
    public record TendonJoint(String joint, double coef) {
        /** Validates the coefficient. */
        public TendonJoint {
            Checks.finite("coef of tendon joint '" + joint + "'", coef);
        }
    }

    /** Validates values and copies lists. */
    public Tendon {
        joints = List.copyOf(joints);
        if (joints.isEmpty()) {
            throw new IllegalArgumentException("tendon '" + name + "' has no joints");
        }
        Checks.finite("rangeLower of tendon '" + name + "'", rangeLower);
        Checks.finite("rangeUpper of tendon '" + name + "'", rangeUpper);
        Checks.nonNegative("stiffness of tendon '" + name + "'", stiffness);
        Checks.nonNegative("damping of tendon '" + name + "'", damping);
        Checks.nonNegative("frictionLoss of tendon '" + name + "'", frictionLoss);
        Checks.nonNegative("marginM of tendon '" + name + "'", marginM);
        java.util.Objects.requireNonNull(limitSoftness, "limitSoftness of tendon '" + name + "'");
        java.util.Objects.requireNonNull(
                frictionSoftness, "frictionSoftness of tendon '" + name + "'");
    }
}
