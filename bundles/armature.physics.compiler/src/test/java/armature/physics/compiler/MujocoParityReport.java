package armature.physics.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints, per MuJoCo fixture, how far the reference engine is from MuJoCo: the largest joint
 * difference at 0.1, 0.5, 1 and 2 s and the first joint to pass 1e-6, then for contact scenarios
 * MuJoCo's own Euler-vs-RK4 spread, body height differences, contacts per step and penetration. Run
 * with benchmarks/physics/mujoco/parity.sh [NAME_FILTER].
 */
public final class MujocoParityReport {
    /** Every Euler fixture; the contact ones have an _rk4 companion. */
    static final List<String> SCENARIOS =
            List.of(
                    "hand_reach_nocontact",
                    "panda_nocontact",
                    "ur5_robot_nocontact",
                    "double_pendulum_simple_nocontact",
                    "hand_reach",
                    "hand_block",
                    "fetch_pick_and_place",
                    "cube_drop",
                    "box_stack");

    /** The joint difference that counts as the start of divergence (the contact-free target). */
    static final double DIVERGED_RAD = 1e-6;

    private MujocoParityReport() {}

    /**
     * @param args optional substring selecting scenarios
     */
    public static void main(String[] args) throws Exception {
        String only = args.length > 0 ? args[0] : "";
        for (String name : SCENARIOS) {
            if (name.contains(only)) {
                System.out.println(report(name));
            }
        }
    }

    /** The report block of one scenario. */
    static String report(String name) throws Exception {
        MujocoFixture mj = MujocoFixture.load(name);
        long t0 = System.nanoTime();
        MujocoParity p = new MujocoParity(mj, MujocoReplay.run(mj));
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%s (%s, %d joints, %.0f ms)%n",
                        name,
                        mj.modelFile(),
                        mj.joints().size(),
                        (System.nanoTime() - t0) * 1e-6));
        if (p.divergedAt != null) {
            out.append("  engine stopped: ").append(p.divergedAt).append('\n');
        }
        out.append("  largest joint difference:").append(atTimes(mj, p)).append('\n');
        String first = p.firstToDiverge(DIVERGED_RAD);
        out.append("  first past ")
                .append(DIVERGED_RAD)
                .append(": ")
                .append(first == null ? "none" : first)
                .append('\n');
        MujocoFixture rk4 = companion(name);
        if (rk4 != null) {
            MujocoParity spread = MujocoParity.spread(mj, rk4);
            out.append("  MuJoCo Euler vs RK4:     ").append(atTimes(mj, spread)).append('\n');
        }
        for (String c : mj.columns().keySet()) {
            if (c.startsWith("body:") && c.endsWith(":z")) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "  %s: largest %.2e m, final %.2e m%s%n",
                                c,
                                p.largestOver(c),
                                p.finalDiff(c),
                                rk4 == null
                                        ? ""
                                        : String.format(
                                                Locale.ROOT,
                                                " (MuJoCo RK4: largest %.2e m)",
                                                MujocoParity.spread(mj, rk4).largestOver(c))));
            }
        }
        if (!mj.contactsDisabled()) {
            double[] n = p.meanContacts();
            double[] p50 = p.penetration(50);
            double[] p90 = p.penetration(90);
            out.append(
                    String.format(
                            Locale.ROOT,
                            "  contacts/step MuJoCo %.2f engine %.2f; penetration p50 MuJoCo %.2e"
                                    + " engine %.2e m, p90 MuJoCo %.2e engine %.2e m%n",
                            n[0],
                            n[1],
                            p50[0],
                            p50[1],
                            p90[0],
                            p90[1]));
        }
        return out.toString();
    }

    /** The RK4 companion fixture, or null where there is none (contact-free scenarios, Fetch). */
    static MujocoFixture companion(String name) {
        if (MujocoFixture.class.getResource(MujocoFixture.FOLDER + name + "_rk4.csv") == null) {
            return null;
        }
        return MujocoFixture.load(name + "_rk4");
    }

    private static String atTimes(MujocoFixture mj, MujocoParity p) {
        double end = mj.get(mj.rows().size() - 1, "time");
        List<String> parts = new ArrayList<>();
        for (double t : new double[] {0.1, 0.5, 1, 2}) {
            if (t <= end + 1e-9) {
                MujocoParity.JointDiff d = p.largestJointDiffAt(t);
                parts.add(String.format(Locale.ROOT, " %.1f s %.2e (%s)", t, d.diff(), d.joint()));
            }
        }
        return String.join(",", parts);
    }
}
