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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Single-thread steps/s of the reference engine on real descriptions, loaded and compiled the way
 * {@code armature sim run} does: {@code RealModelBenchmark MODELS_DIR [ROUNDS] [STEPS] [FILTER]}
 * (FILTER: run only the files whose path contains it). Controls are uniform random inside each
 * ctrlrange, held for 20 steps (25 Hz at 2 ms, the Gymnasium action rate); worlds are reset every
 * 1000 steps (2 s episodes). Prints per model the median of the rounds, the contacts per step and
 * the world's buffer memory.
 */
public final class RealModelBenchmark {
    private RealModelBenchmark() {}

    /**
     * @param args models directory (examples/models), rounds (default 5), steps per round (default
     *     10000), optional substring selecting the model files
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "examples/models");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10000;
        String[][] cases = {
            {"gymnasium-robotics/hand/manipulate_block.xml", "27000"},
            {"gymnasium-robotics/hand/reach.xml", "41000"},
            {"gymnasium-robotics/fetch/pick_and_place.xml", "44000"},
            {"example-robot-data/robots/ur_description/urdf/ur5_robot.urdf", "-"},
        };
        System.out.printf(
                Locale.ROOT,
                "%-22s %5s %5s %4s %10s %10s %8s %10s %12s %12s%n",
                "model",
                "nq",
                "nv",
                "nu",
                "median/s",
                "best/s",
                "contacts",
                "MuJoCo/s",
                "world bytes",
                "heap/world");
        String only = args.length > 3 ? args[3] : "";
        for (String[] c : cases) {
            if (!c[0].contains(only)) {
                continue;
            }
            Model d =
                    Models.load(
                            root.resolve(c[0]),
                            LoadOptions.defaults().withPackagePath(List.of(root)));
            MultibodyModel m = ModelCompiler.compile(d, w -> System.err.println("warning: " + w));
            if (Math.abs(m.timestepSeconds - 0.002) > 1e-12) {
                throw new IllegalStateException(c[0] + ": expected a 2 ms timestep");
            }
            World world = new ReferencePhysicsEngine().createWorld(m);
            Random rnd = new Random(42);
            double[] ctrl = new double[m.nu];
            long[] contacts = new long[1];
            run(world, m, ctrl, rnd, 30000, contacts); // JIT warm-up
            double[] rates = new double[rounds], cpuRates = new double[rounds];
            contacts[0] = 0;
            java.lang.management.ThreadMXBean threads =
                    java.lang.management.ManagementFactory.getThreadMXBean();
            for (int r = 0; r < rounds; r++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                run(world, m, ctrl, rnd, steps, contacts);
                rates[r] = steps / ((System.nanoTime() - t0) * 1e-9);
                cpuRates[r] = steps / ((threads.getCurrentThreadCpuTime() - c0) * 1e-9);
            }
            double[] cpuSorted = cpuRates.clone();
            Arrays.sort(cpuSorted);
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            long bytes = ((ReferenceWorld) world).simulator().arrayBytes();
            long heap = heapPerWorld(m);
            String name = Path.of(c[0]).getFileName().toString();
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %5d %5d %4d %10.0f %10.0f %8.2f %10s %12d %12d  rounds %s, per cpu-second"
                            + " median %.0f%n",
                    name,
                    m.nq,
                    m.nv,
                    m.nu,
                    sorted[rounds / 2],
                    sorted[rounds - 1],
                    contacts[0] / (double) (rounds * (long) steps),
                    c[1],
                    bytes,
                    heap,
                    format(rates),
                    cpuSorted[rounds / 2]);
        }
    }

    /** Heap growth per world over 200 worlds of one model, after full GCs (a rough measure). */
    private static long heapPerWorld(MultibodyModel m) {
        Runtime rt = Runtime.getRuntime();
        List<World> keep = new ArrayList<>();
        long before = used(rt);
        for (int i = 0; i < 200; i++) {
            World w = new ReferencePhysicsEngine().createWorld(m);
            w.step(1);
            keep.add(w);
        }
        long after = used(rt);
        if (keep.size() != 200) {
            throw new IllegalStateException();
        }
        return (after - before) / 200;
    }

    private static long used(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static List<String> format(double[] rates) {
        List<String> out = new ArrayList<>();
        for (double r : rates) {
            out.add(String.format(Locale.ROOT, "%.0f", r));
        }
        return out;
    }

    private static void run(
            World world, MultibodyModel m, double[] ctrl, Random rnd, int steps, long[] contacts) {
        for (int s = 0; s < steps; s++) {
            long total = Math.round(world.timeSeconds() / m.timestepSeconds);
            if (total >= 1000) {
                world.reset();
                total = 0;
            }
            if (total % 20 == 0) {
                for (int u = 0; u < m.nu; u++) {
                    double lo = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u] : -1;
                    double hi = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u + 1] : 1;
                    ctrl[u] = lo + (hi - lo) * rnd.nextDouble();
                }
                world.setControls(ctrl);
            }
            world.step(1);
            contacts[0] += world.contactCount();
        }
    }
}
