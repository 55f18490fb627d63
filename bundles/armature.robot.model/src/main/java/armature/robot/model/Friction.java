package armature.robot.model;

/**
 * Contact friction (MuJoCo's three geom friction values).
 *
 * @param slidingCoefficient tangential (Coulomb) coefficient, dimensionless, &gt;= 0
 * @param torsionalM torsional friction length scale, &gt;= 0
 * @param rollingM rolling friction length scale, &gt;= 0
 */
public record Friction(double slidingCoefficient, double torsionalM, double rollingM) {
    /** MuJoCo's default: 1, 0.005, 0.0001. */
    public static final Friction DEFAULT = new Friction(1, 0.005, 0.0001);

    /** Validates values. */
    public Friction {
        Checks.nonNegative("friction slidingCoefficient", slidingCoefficient);
        Checks.nonNegative("friction torsionalM", torsionalM);
        Checks.nonNegative("friction rollingM", rollingM);
    }
}
