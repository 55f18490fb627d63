package armature.physics.benchmark;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.physics.reference.sim.ReferenceWorld;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Single-thread steps/s of {@link ShadowLikeHand} through the public {@link World} API, 2 ms
 * timestep, in 1000-step (2 s) episodes that each start from the initial state. Controls follow
 * slow sinusoids inside each actuator's range, like a policy holding and turning the block. Prints
 * steps/s per round, the median, contacts and constraint rows per step, bytes allocated per step
 * once warm, and the world's buffer memory.
 *
 * <p>Usage: {@code java -cp ... armature.physics.benchmark.HandBenchmark [rounds] [stepsPerRound]
 * [curl]}; {@code curl} (default 0.35) is the mean control as a fraction of each range: higher
 * values close the fingers on the block and raise the contact count.
 */
public final class HandBenchmark {
    private HandBenchmark() {}

    private static double curl;

    /** Steps per episode: the world is reset to its initial state this often. */
    static final int EPISODE_STEPS = 1000;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        curl = args.length > 2 ? Double.parseDouble(args[2]) : 0.35;
        MultibodyModel model = ShadowLikeHand.build(0.002);
        World world = new ReferencePhysicsEngine().createWorld(model);
        var sim = ((ReferenceWorld) world).simulator();
        System.out.printf(
                Locale.ROOT,
                "model %s: nq=%d nv=%d joints=%d actuators=%d geoms=%d tendons=%d%n",
                model.name(),
                model.nq,
                model.nv,
                model.njnt,
                model.nu,
                model.ngeom,
                model.ntendon);
        System.out.printf(
                Locale.ROOT,
                "world buffers: %d bytes (model arrays shared between worlds)%n",
                sim.arrayBytes());
        System.out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
        double[] ctrl = new double[model.nu];
        run(world, model, ctrl, 60000); // JIT warm-up: C2 needs tens of thousands of steps
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            world.reset();
            long alloc0 = threads.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            long[] load = run(world, model, ctrl, steps);
            long t1 = System.nanoTime();
            long alloc = threads.getThreadAllocatedBytes(tid) - alloc0;
            rates[r] = steps / ((t1 - t0) * 1e-9);
            double[] pose = new double[7 * model.nbody];
            world.readBodyPoses(pose);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %.0f steps/s, %.2f contacts/step, %.1f constraint rows/step, %.3f bytes/step, block z %.3f m%n",
                    r,
                    rates[r],
                    load[0] / (double) steps,
                    load[1] / (double) steps,
                    alloc / (double) steps,
                    pose[7 * (model.nbody - 1) + 2]);
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
        Arrays.sort(rates);
        System.out.printf(
                Locale.ROOT,
                "median: %.0f steps/s (%.1f x real time)%n",
                rates[rounds / 2],
                rates[rounds / 2] * 0.002);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Steps with slow sinusoidal targets; returns total contacts and constraint rows. */
    private static long[] run(World world, MultibodyModel m, double[] ctrl, int steps) {
        var sim = ((ReferenceWorld) world).simulator();
        long contacts = 0, rows = 0;
        for (int i = 0; i < steps; i++) {
            if (i % EPISODE_STEPS == 0) {
                world.reset(); // 2 s episodes, as in RL training; keeps rounds comparable
            }
            double t = world.timeSeconds();
            for (int u = 0; u < m.nu; u++) {
                double lo = m.actCtrlRange[2 * u], hi = m.actCtrlRange[2 * u + 1];
                ctrl[u] = lo + (hi - lo) * (curl + 0.15 * Math.sin(2 * t + 0.7 * u));
            }
            world.setControls(ctrl);
            world.step(1);
            contacts += world.contactCount();
            rows += sim.constraintRows();
        }
        return new long[] {contacts, rows};
    }
}
