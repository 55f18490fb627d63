package armature.launcher.sim;

import armature.physics.api.PhysicsEngine;
import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steps N independent worlds of one model on T threads, each world driven by its own random
 * controls (new values every step), and counts world-steps. Thread t owns worlds t, t+T, t+2T...
 * and steps them round-robin, one step each, so every world advances at the same rate.
 *
 * <p>The measured window starts after a warm-up (JIT compilation, caches) and is read from counters
 * the workers publish after every step; the workers never wait on each other.
 */
final class BatchBench {

    /**
     * What a run measured.
     *
     * @param steps world-steps taken in the measured window, all worlds together
     * @param seconds wall-clock length of the measured window
     * @param divergedResets worlds that diverged (the engine threw) and were reset to qpos0
     * @param overflowSteps world-steps whose contact buffer overflowed
     * @param droppedContacts contacts those steps dropped
     * @param solverIterations constraint-solver iterations, summed over the world-steps
     */
    record Result(
            long steps,
            double seconds,
            long divergedResets,
            long overflowSteps,
            long droppedContacts,
            long solverIterations) {
        double stepsPerSecond() {
            return steps / seconds;
        }

        double iterationsPerStep() {
            return steps == 0 ? 0 : solverIterations / (double) steps;
        }
    }

    private final PhysicsEngine engine;
    private final MultibodyModel model;
    private final int worlds;
    private final int threads;
    private final long seed;
    private final int substeps;

    BatchBench(PhysicsEngine engine, MultibodyModel model, int worlds, int threads, long seed) {
        this(engine, model, worlds, threads, seed, 1);
    }

    /**
     * @param substeps physics steps per control step: each world gets new controls every {@code
     *     substeps} steps, as a policy at a lower rate than the physics would give them
     */
    BatchBench(
            PhysicsEngine engine,
            MultibodyModel model,
            int worlds,
            int threads,
            long seed,
            int substeps) {
        this.substeps = substeps;
        this.engine = engine;
        this.model = model;
        this.worlds = worlds;
        this.threads = threads;
        this.seed = seed;
    }

    /**
     * Runs warm-up, then the measured window, then stops every worker.
     *
     * @throws IllegalStateException when a worker failed other than by divergence
     */
    Result run(double warmupSeconds, double measuredSeconds) throws InterruptedException {
        SplittableRandom root = new SplittableRandom(seed);
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(new Worker());
        }
        for (int w = 0; w < worlds; w++) {
            // split in world order, whatever the thread count: the same seed gives the same
            // controls
            workers.get(w % threads).add(engine.createWorld(model), root.split());
        }
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(workers.get(t), "sim-bench-" + t);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
        try {
            waitFor(warmupSeconds, workers);
            long steps0 = steps(workers);
            long resets0 = sum(workers, w -> w.resets);
            long overflow0 = sum(workers, w -> w.overflowSteps);
            long dropped0 = sum(workers, w -> w.dropped);
            long iterations0 = sum(workers, w -> w.iterations);
            long t0 = System.nanoTime();
            waitFor(measuredSeconds, workers);
            long steps1 = steps(workers);
            long t1 = System.nanoTime();
            return new Result(
                    steps1 - steps0,
                    (t1 - t0) * 1e-9,
                    sum(workers, w -> w.resets) - resets0,
                    sum(workers, w -> w.overflowSteps) - overflow0,
                    sum(workers, w -> w.dropped) - dropped0,
                    sum(workers, w -> w.iterations) - iterations0);
        } finally {
            for (Worker w : workers) {
                w.stop = true;
            }
            for (Thread t : running) {
                t.join();
            }
        }
    }

    /** The measurement window is a length of wall time; a worker's failure ends it early. */
    private static void waitFor(double seconds, List<Worker> workers) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
            for (Worker w : workers) {
                if (w.failure != null) {
                    throw new IllegalStateException(w.failure.getMessage(), w.failure);
                }
            }
        }
    }

    private static long steps(List<Worker> workers) {
        long n = 0;
        for (Worker w : workers) {
            n += w.steps.get();
        }
        return n;
    }

    private static long sum(
            List<Worker> workers, java.util.function.Function<Worker, AtomicLong> counter) {
        long n = 0;
        for (Worker w : workers) {
            n += counter.apply(w).get();
        }
        return n;
    }

    /** One thread's worlds and its published counters. */
    private final class Worker implements Runnable {
        private final List<World> owned = new ArrayList<>();
        private final List<RandomControls> controls = new ArrayList<>();
        final AtomicLong steps = new AtomicLong();
        final AtomicLong resets = new AtomicLong();
        final AtomicLong overflowSteps = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong iterations = new AtomicLong();
        volatile boolean stop;
        volatile RuntimeException failure;

        void add(World world, SplittableRandom random) {
            owned.add(world);
            controls.add(new RandomControls(model, random));
        }

        @Override
        public void run() {
            double[] ctrl = new double[model.nu];
            try {
                while (!stop) {
                    for (int i = 0; i < owned.size(); i++) {
                        World w = owned.get(i);
                        controls.get(i).next(ctrl);
                        w.setControls(ctrl);
                        try {
                            w.step(substeps);
                            int lost = w.droppedContacts();
                            if (lost > 0) {
                                overflowSteps.lazySet(overflowSteps.get() + 1);
                                dropped.lazySet(dropped.get() + lost);
                            }
                            iterations.lazySet(
                                    iterations.get() + (long) w.solverIterations() * substeps);
                        } catch (IllegalStateException diverged) {
                            // random controls can drive a stiff model unstable; count it and go on
                            w.reset();
                            resets.lazySet(resets.get() + 1);
                        }
                        steps.lazySet(steps.get() + substeps);
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }
}
