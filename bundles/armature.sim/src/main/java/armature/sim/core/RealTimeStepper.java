package armature.sim.core;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Steps a {@link SimulatedRobot} on its own thread so that simulated time follows the clock times a
 * real-time factor. Each step has a deadline (anchor + simulated time / factor); the thread parks
 * until it with {@link LockSupport#parkNanos}, so pacing does not drift the way repeated sleeps do.
 * A factor of 0 steps as fast as the CPU allows.
 *
 * <p>When the thread falls more than {@link #MAX_LAG_SECONDS} behind (a slow machine, a debugger)
 * it re-anchors instead of racing to catch up, and counts the event in {@link #lagResets()}.
 */
public final class RealTimeStepper implements AutoCloseable {
    /** Lag after which the schedule is re-anchored rather than caught up. */
    public static final double MAX_LAG_SECONDS = 0.1;

    private static final int FAST_BATCH_STEPS = 10;

    /** Longest the stepper waits between timesteps for a control-loop call to take the lock. */
    private static final long LOOP_WAIT_MAX_NANOS = 1_000_000L;

    private static final long DIVERGED_POLL_NANOS = 10_000_000L;

    private final SimulatedRobot robot;
    private final LongSupplier nanoClock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile double realTimeFactor;
    private volatile boolean reanchor = true;
    private volatile long lagResets;
    private volatile long anchors;

    /**
     * @param robot the simulation to step
     * @param realTimeFactor simulated seconds per clock second, 0 for as fast as possible
     * @param nanoClock monotonic clock ({@link System#nanoTime} in production)
     * @param threadName name of the stepping thread
     */
    public RealTimeStepper(
            SimulatedRobot robot,
            double realTimeFactor,
            LongSupplier nanoClock,
            String threadName) {
        this.robot = robot;
        this.nanoClock = nanoClock;
        this.realTimeFactor = checkFactor(realTimeFactor);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /** Rejects NaN, infinite and negative factors, naming the field. */
    public static double checkFactor(double realTimeFactor) {
        if (!Double.isFinite(realTimeFactor) || realTimeFactor < 0 || realTimeFactor > 1000) {
            throw new IllegalArgumentException(
                    "realTimeFactor = "
                            + realTimeFactor
                            + "; allowed: 0 (as fast as possible) or (0, 1000]");
        }
        return realTimeFactor;
    }

    /** Starts the stepping thread. */
    public void start() {
        thread.start();
    }

    /** Stops time; when this returns no further step is taken until {@link #resume()}. */
    public void pause() {
        synchronized (robot) {
            paused = true;
            robot.freeze(true);
        }
    }

    /** Lets time run again from where it stopped. */
    public void resume() {
        robot.freeze(false);
        paused = false;
        reanchor = true;
        LockSupport.unpark(thread);
    }

    /** Whether time is stopped. */
    public boolean isPaused() {
        return paused;
    }

    /** Changes the real-time factor from the next step on. */
    public void setRealTimeFactor(double factor) {
        realTimeFactor = checkFactor(factor);
        reanchor = true;
        LockSupport.unpark(thread);
    }

    /** Current real-time factor. */
    public double realTimeFactor() {
        return realTimeFactor;
    }

    /** Must be called after the robot was reset, so the schedule restarts at time zero. */
    public void restartSchedule() {
        reanchor = true;
        LockSupport.unpark(thread);
    }

    /** How often the stepper fell too far behind and re-anchored. */
    public long lagResets() {
        return lagResets;
    }

    /** How often the schedule was (re)started: at start, resume, speed change, reset, lag. */
    public long anchors() {
        return anchors;
    }

    /** The stepping thread, for diagnostics and tests. */
    public Thread thread() {
        return thread;
    }

    private void run() {
        double dt = robot.timestepSeconds();
        long anchorNanos = 0;
        double anchorSimSeconds = 0;
        while (running) {
            if (paused) {
                LockSupport.park(this);
                continue;
            }
            double factor = realTimeFactor;
            if (factor == 0) {
                stepUnlessPaused(FAST_BATCH_STEPS);
                reanchor = true;
                continue;
            }
            long now = nanoClock.getAsLong();
            double sim = robot.timeSeconds();
            if (reanchor) {
                reanchor = false;
                anchorNanos = now;
                anchorSimSeconds = sim;
                anchors++;
            }
            double targetSim = anchorSimSeconds + (now - anchorNanos) * 1e-9 * factor;
            double lag = targetSim - sim;
            if (lag > MAX_LAG_SECONDS * factor) {
                lagResets++;
                reanchor = true;
                continue;
            }
            if (lag >= dt * (1 - 1e-9)) {
                // The epsilon keeps 0.02 / 0.002 from rounding down to 9 steps.
                stepUnlessPaused((int) Math.floor(lag / dt + 1e-9));
            } else {
                long deadline = anchorNanos + (long) ((sim + dt - anchorSimSeconds) / factor * 1e9);
                LockSupport.parkNanos(this, Math.max(0, deadline - now));
            }
        }
    }

    /**
     * Takes {@code count} timesteps one lock hold at a time, letting a waiting control-loop call in
     * between them: the loop's read or write waits for one timestep at most, also while the stepper
     * catches up.
     */
    private void stepUnlessPaused(int count) {
        for (int i = 0; i < count && !paused; i++) {
            boolean stepped;
            synchronized (robot) {
                stepped = paused || robot.advance(1);
            }
            if (!stepped) {
                // Diverged: nothing moves until a reset, so poll for one at a modest rate.
                LockSupport.parkNanos(this, DIVERGED_POLL_NANOS);
                reanchor = true;
                return;
            }
            robot.letWaitingLoopIn(LOOP_WAIT_MAX_NANOS);
        }
    }

    /** Stops the thread and waits up to one second for it to end. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
