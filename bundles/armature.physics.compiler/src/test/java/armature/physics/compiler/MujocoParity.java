package armature.physics.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the engine's run against MuJoCo's recorded one, column by column: joint differences
 * (hinge and slide coordinates; free and ball joints by position and rotation angle), body
 * positions, contacts per step and penetration. Rows past the engine's divergence count as
 * infinitely far.
 */
final class MujocoParity {
    private final MujocoFixture mj;
    private final List<double[]> ours;
    final String divergedAt;

    MujocoParity(MujocoFixture mj, MujocoReplay.Run run) {
        this(mj, run.rows(), run.divergedAt());
    }

    /** Compares two recordings with the same columns (also MuJoCo against its own RK4 run). */
    MujocoParity(MujocoFixture mj, List<double[]> ours, String divergedAt) {
        this.mj = mj;
        this.ours = ours;
        this.divergedAt = divergedAt;
    }

    /** MuJoCo's Euler run against its RK4 companion: the spread MuJoCo has against itself. */
    static MujocoParity spread(MujocoFixture euler, MujocoFixture rk4) {
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < rk4.rows().size(); r++) {
            double[] row = new double[euler.columns().size()];
            Arrays.fill(row, Double.NaN);
            for (var c : rk4.columns().entrySet()) {
                row[euler.columns().get(c.getKey())] = rk4.rows().get(r)[c.getValue()];
            }
            rows.add(row);
        }
        return new MujocoParity(euler, rows, null);
    }

    /** A joint and how far apart the two runs have it (rad, or m for slides and positions). */
    record JointDiff(String joint, double diff) {}

    /** The largest joint difference in row r. */
    JointDiff largestJointDiff(int r) {
        JointDiff worst = new JointDiff("-", 0);
        for (String j : mj.joints()) {
            double d = jointDiff(r, j);
            if (!(d <= worst.diff())) {
                worst = new JointDiff(j, d);
                if (Double.isNaN(d)) {
                    break;
                }
            }
        }
        return worst;
    }

    /** The largest joint difference at the row closest to {@code seconds}. */
    JointDiff largestJointDiffAt(double seconds) {
        return largestJointDiff(mj.rowAt(seconds));
    }

    /** The first row where some joint is further apart than {@code threshold}, or null. */
    String firstToDiverge(double threshold) {
        for (int r = 0; r < mj.rows().size(); r++) {
            JointDiff d = largestJointDiff(r);
            if (!(d.diff() <= threshold)) {
                return String.format(
                        java.util.Locale.ROOT,
                        "%s at %.3f s (%.2e)",
                        d.joint(),
                        mj.get(r, "time"),
                        d.diff());
            }
        }
        return null;
    }

    private double jointDiff(int r, String joint) {
        if (r >= ours.size()) {
            return Double.POSITIVE_INFINITY;
        }
        if (!mj.columns().containsKey("q:" + joint + ":qw")) {
            return Math.abs(ours(r, "q:" + joint) - mj.get(r, "q:" + joint));
        }
        double dot = 0;
        for (String k : List.of("qw", "qx", "qy", "qz")) {
            dot += ours(r, "q:" + joint + ":" + k) * mj.get(r, "q:" + joint + ":" + k);
        }
        double angle = 2 * Math.acos(Math.min(1, Math.abs(dot)));
        if (mj.columns().containsKey("q:" + joint + ":x")) {
            for (String k : List.of("x", "y", "z")) {
                String c = "q:" + joint + ":" + k;
                angle = Math.max(angle, Math.abs(ours(r, c) - mj.get(r, c)));
            }
        }
        return angle;
    }

    private double ours(int r, String column) {
        return ours.get(r)[mj.columns().get(column)];
    }

    /** The largest |difference| of one column over all rows (infinite past a divergence). */
    double largestOver(String column) {
        double worst = 0;
        for (int r = 0; r < mj.rows().size(); r++) {
            double d = r < ours.size() ? Math.abs(ours(r, column) - mj.get(r, column)) : Double.NaN;
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }

    /** |difference| of one column in the last row (infinite after a divergence). */
    double finalDiff(String column) {
        int last = mj.rows().size() - 1;
        return last < ours.size()
                ? Math.abs(ours(last, column) - mj.get(last, column))
                : Double.POSITIVE_INFINITY;
    }

    /** Mean contacts per recorded step: MuJoCo's (index 0) and the other run's (index 1). */
    double[] meanContacts() {
        double a = 0;
        double b = 0;
        for (int r = 0; r < ours.size(); r++) {
            a += mj.get(r, "ncon");
            b += ours(r, "ncon");
        }
        return new double[] {a / Math.max(1, ours.size()), b / Math.max(1, ours.size())};
    }

    /**
     * Penetration depth percentile (m, positive = overlap) over the rows that have contacts:
     * MuJoCo's (index 0) and the other run's (index 1).
     */
    double[] penetration(double percentile) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int r = 0; r < mj.rows().size(); r++) {
            if (!Double.isNaN(mj.get(r, "mindist"))) {
                a.add(-mj.get(r, "mindist"));
            }
            if (r < ours.size() && !Double.isNaN(ours(r, "mindist"))) {
                b.add(-ours(r, "mindist"));
            }
        }
        return new double[] {percentile(a, percentile), percentile(b, percentile)};
    }

    private static double percentile(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[(int) Math.min(s.length - 1, Math.floor(p / 100 * s.length))];
    }
}
