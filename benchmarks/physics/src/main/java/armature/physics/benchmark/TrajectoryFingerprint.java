package armature.physics.benchmark;

import armature.physics.api.World;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.physics.reference.sim.ReferenceWorld;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Prints a 64-bit fingerprint of every bit of qpos and qvel along a run of each real model, with
 * the {@link RealModelBenchmark} protocol: {@code TrajectoryFingerprint MODELS_DIR [STEPS]}. A
 * performance change that claims not to alter the physics must leave these fingerprints unchanged
 * (run it before and after); the largest state difference is not needed for that claim.
 */
public final class TrajectoryFingerprint {
    private TrajectoryFingerprint() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "examples/models");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        String[] files = {
            "gymnasium-robotics/hand/manipulate_block.xml",
            "gymnasium-robotics/hand/reach.xml",
            "gymnasium-robotics/fetch/pick_and_place.xml",
            "example-robot-data/robots/ur_description/urdf/ur5_robot.urdf",
        };
        for (String f : files) {
            Model d =
                    Models.load(
                            root.resolve(f), LoadOptions.defaults().withPackagePath(List.of(root)));
            MultibodyModel m = ModelCompiler.compile(d, w -> {});
            World world = new ReferencePhysicsEngine().createWorld(m);
            Random rnd = new Random(42);
            double[] ctrl = new double[m.nu], q = new double[m.nq], v = new double[m.nv];
            long hash = 1125899906842597L, rows = 0, contacts = 0, sweeps = 0;
            for (int s = 0; s < steps; s++) {
                if (s % 1000 == 0 && s > 0) {
                    world.reset();
                }
                if (s % 20 == 0) {
                    for (int u = 0; u < m.nu; u++) {
                        double lo = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u] : -1;
                        double hi = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u + 1] : 1;
                        ctrl[u] = lo + (hi - lo) * rnd.nextDouble();
                    }
                    world.setControls(ctrl);
                }
                world.step(1);
                world.readState(q, v);
                for (double x : q) {
                    hash = 31 * hash + Double.doubleToLongBits(x);
                }
                for (double x : v) {
                    hash = 31 * hash + Double.doubleToLongBits(x);
                }
                rows += ((ReferenceWorld) world).simulator().constraintRows();
                contacts += world.contactCount();
                sweeps += ((ReferenceWorld) world).simulator().constraintIterations();
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %016x rows/step %.2f contacts/step %.2f Newton iterations/step %.2f%n",
                    Path.of(f).getFileName(),
                    hash,
                    rows / (double) steps,
                    contacts / (double) steps,
                    sweeps / (double) steps);
        }
    }
}
