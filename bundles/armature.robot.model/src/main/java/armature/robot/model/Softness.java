package armature.robot.model;

import java.util.List;

/**
 * MuJoCo's solver parameters of one kind of constraint row: {@code solref} (how fast and how damped
 * the constraint recovers) and {@code solimp} (how its impedance grows with the violation).
 *
 * @param solref two values, either (time constant s &gt; 0, damping ratio &gt; 0), or the direct
 *     form (-stiffness &lt;= 0, -damping &lt;= 0); mixing the forms is refused (MuJoCo would warn
 *     at run time and use the default instead)
 * @param solimp five values: dmin, dmax, width (m or rad), midpoint, power; MuJoCo clamps them to
 *     its ranges where it uses them, so any finite value is kept as written
 */
public record Softness(List<Double> solref, List<Double> solimp) {
    /** MuJoCo's solref default: 0.02 s, critically damped. */
    public static final List<Double> DEFAULT_SOLREF = List.of(0.02, 1.0);

    /** MuJoCo's solimp default: 0.9 0.95 0.001 0.5 2. */
    public static final List<Double> DEFAULT_SOLIMP = List.of(0.9, 0.95, 0.001, 0.5, 2.0);

    /** MuJoCo's defaults for every constraint kind. */
    public static final Softness DEFAULT = new Softness(DEFAULT_SOLREF, DEFAULT_SOLIMP);

    /** Validates counts, finiteness and the solref form; copies the lists. */
    public Softness {
        solref = Checks.finiteList("solref", solref, 2);
        solimp = Checks.finiteList("solimp", solimp, 5);
        String problem = solrefProblem(solref.get(0), solref.get(1));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * @param first solref[0]
     * @param second solref[1]
     * @return why this solref is refused, or null when it is one of MuJoCo's two forms
     */
    public static String solrefProblem(double first, double second) {
        if ((first > 0) != (second > 0)) {
            return "solref ("
                    + first
                    + ", "
                    + second
                    + ") mixes the two forms; allowed: (timeconst > 0, dampratio > 0) or"
                    + " (-stiffness <= 0, -damping <= 0)";
        }
        return null;
    }

    /**
     * @return solref as an array (two values)
     */
    public double[] solrefArray() {
        return solref.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * @return solimp as an array (five values)
     */
    public double[] solimpArray() {
        return solimp.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
