package armature.physics.compiler;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.sim.Simulator;
import armature.robot.model.JointType;
import armature.robot.model.Model;
import armature.robot.model.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs the reference engine on the file a {@link MujocoFixture} was recorded from, with the same
 * options (contacts disabled, RK4), the same control law and the same rows, and returns the
 * engine's values in the fixture's own column layout, so every comparison is column against column
 * by name.
 */
final class MujocoReplay {
    /** The repository root: the fixtures name their model files relative to it. */
    static final Path REPOSITORY = RealModels.ROOT.getParent().getParent();

    private MujocoReplay() {}

    /**
     * The engine's run.
     *
     * @param rows values per recorded step, columns as in the fixture
     * @param divergedAt null, or why the engine stopped early (rows then end there)
     */
    record Run(List<double[]> rows, String divergedAt) {}

    /** Loads and compiles the fixture's model with MuJoCo's run options applied. */
    static MultibodyModel compile(MujocoFixture f) throws Exception {
        Model d = RealModels.load(REPOSITORY.resolve(f.modelFile()));
        return ModelCompiler.compile(withRunOptions(d, f.contactsDisabled(), f.rk4()), w -> {});
    }

    /**
     * The description with {@code <flag contact="disable"/>} and/or the RK4 integrator set, as the
     * recorder sets mjDSBL_CONTACT and mjINT_RK4 after loading (works for URDF files too).
     */
    static Model withRunOptions(Model d, boolean contactsDisabled, boolean rk4) {
        Options o = d.options();
        Map<String, String> flags = new HashMap<>(o.flags());
        if (contactsDisabled) {
            flags.put("contact", "disable");
        }
        Options run =
                new Options(
                        o.timestepSeconds(),
                        o.gravityMPerSec2(),
                        o.iterations(),
                        rk4 ? "RK4" : o.integrator(),
                        flags);
        return new Model(
                d.name(),
                d.sourceFile(),
                d.format(),
                run,
                d.world(),
                d.meshes(),
                d.actuators(),
                d.tendons(),
                d.contactPairs(),
                d.contactExcludes(),
                d.equalities(),
                d.keyframes(),
                d.warnings());
    }

    /** Steps the engine for as many steps as the fixture's last row and samples the same rows. */
    static Run run(MujocoFixture f) throws Exception {
        return run(f, compile(f));
    }

    static Run run(MujocoFixture f, MultibodyModel m) {
        Simulator sim = new Simulator(m);
        List<ToDoubleFunction<Simulator>> readers = new ArrayList<>();
        for (String c : f.columns().keySet()) {
            readers.add(reader(f, m, c));
        }
        int[] actuator = new int[f.controls().size()];
        for (int i = 0; i < actuator.length; i++) {
            String name = f.controls().get(i).name();
            actuator[i] = m.actuatorNames().indexOf(name);
            if (actuator[i] < 0) {
                throw new IllegalArgumentException(f.name() + ": no actuator '" + name + "'");
            }
        }
        if (actuator.length != m.nu) {
            throw new IllegalArgumentException(
                    f.name() + ": MuJoCo has " + actuator.length + " actuators, engine " + m.nu);
        }
        List<double[]> rows = new ArrayList<>();
        int last = f.step(f.rows().size() - 1);
        int next = 0;
        for (int s = 1; s <= last; s++) {
            double t = sim.data.time;
            for (int i = 0; i < actuator.length; i++) {
                sim.data.ctrl[actuator[i]] = f.controls().get(i).at(t);
            }
            try {
                sim.step();
            } catch (IllegalStateException e) {
                return new Run(rows, e.getMessage());
            }
            if (s == f.step(next)) {
                sim.ensureKinematics();
                double[] row = new double[readers.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = readers.get(c).applyAsDouble(sim);
                }
                row[f.columns().get("step")] = s;
                rows.add(row);
                next++;
            }
        }
        return new Run(rows, null);
    }

    private static ToDoubleFunction<Simulator> reader(MujocoFixture f, MultibodyModel m, String c) {
        switch (c) {
            case "time":
                return sim -> sim.data.time;
            case "step":
                return sim -> 0; // filled in by the caller
            case "ncon":
                return sim -> sim.contacts.count;
            case "mindist":
                return MujocoReplay::minDist;
            default:
                break;
        }
        String[] p = c.split(":", 2);
        if (p[0].equals("body")) {
            String body = p[1].substring(0, p[1].length() - 2);
            int b = m.bodyNames().indexOf(body);
            int k = "xyz".indexOf(p[1].charAt(p[1].length() - 1));
            if (b < 0) {
                throw new IllegalArgumentException(
                        f.name() + ": engine has no body '" + body + "'");
            }
            return sim -> sim.data.xpos[3 * b + k];
        }
        String joint = f.jointOf(p[1]);
        int j = m.jointNames().indexOf(joint);
        if (j < 0) {
            throw new IllegalArgumentException(f.name() + ": engine has no joint '" + joint + "'");
        }
        String part = p[1].length() > joint.length() ? p[1].substring(joint.length() + 1) : "";
        JointType type = m.jntType[j];
        if (p[0].equals("q")) {
            List<String> parts =
                    type == JointType.FREE
                            ? List.of("x", "y", "z", "qw", "qx", "qy", "qz")
                            : List.of("qw", "qx", "qy", "qz");
            int at = m.jntQposAdr[j] + (part.isEmpty() ? 0 : parts.indexOf(part));
            return sim -> sim.data.qpos[at];
        }
        List<String> parts =
                type == JointType.FREE
                        ? List.of("vx", "vy", "vz", "wx", "wy", "wz")
                        : List.of("wx", "wy", "wz");
        int at = m.jntDofAdr[j] + (part.isEmpty() ? 0 : parts.indexOf(part));
        return sim -> sim.data.qvel[at];
    }

    /** The smallest contact distance of the last step (negative: penetration), NaN without any. */
    private static double minDist(Simulator sim) {
        double min = Double.NaN;
        for (int c = 0; c < sim.contacts.count; c++) {
            if (Double.isNaN(min) || sim.contacts.dist[c] < min) {
                min = sim.contacts.dist[c];
            }
        }
        return min;
    }
}
