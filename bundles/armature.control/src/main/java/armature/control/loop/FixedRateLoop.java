package armature.control.loop;

import armature.safety.NanoClock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs a tick at a fixed rate on its own thread. Starts are scheduled on an ideal grid ({@code
 * start + k * period}), so lateness does not accumulate; a tick that ends after the next start is
 * an overrun, and the missed grid points are skipped instead of run in a burst.
 *
 * <p>The thread parks until {@code spinNanos} before each start and then spins, trading CPU for a
 * lower start jitter; {@code spinNanos = 0} only parks.
 */
public final class FixedRateLoop {
    private final String name;
    private final long periodNanos;
    private final long spinNanos;
    private final NanoClock clock;
    private final Runnable tick;
    private final LoopTiming timing;
    private final Consumer<RuntimeException> onError;
    private volatile boolean running;
    private Thread thread;
    private int realtimePriority;
    private final java.util.concurrent.CompletableFuture<ThreadScheduling.Outcome> scheduling =
            new java.util.concurrent.CompletableFuture<>();

    /**
     * @param name thread name
     * @param rateHz ticks per second, 1..10000
     * @param spinNanos busy-wait before each start, 0..period
     * @param clock monotonic clock ({@code System::nanoTime} in production)
     * @param tick the work of one period
     * @param timing receives lateness, duration and overruns
     * @param onError told about a tick that threw; the loop continues with the next period
     */
    public FixedRateLoop(
            String name,
            double rateHz,
            long spinNanos,
            NanoClock clock,
            Runnable tick,
            LoopTiming timing,
            Consumer<RuntimeException> onError) {
        if (!(rateHz >= 1 && rateHz <= 10_000)) {
            throw new IllegalArgumentException("rateHz = " + rateHz + "; allowed: [1, 10000]");
        }
        this.periodNanos = Math.round(1e9 / rateHz);
        if (spinNanos < 0 || spinNanos > periodNanos) {
            throw new IllegalArgumentException(
                    "spinNanos = " + spinNanos + "; allowed: [0, " + periodNanos + "]");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.spinNanos = spinNanos;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    public long periodNanos() {
        return periodNanos;
    }

    /**
     * Asks for {@code SCHED_FIFO} at this priority for the loop thread (see {@link
     * ThreadScheduling}); 0, the default, leaves it under the normal policy. Before {@link #start}.
     *
     * @throws IllegalArgumentException outside 0..99
     * @throws IllegalStateException after {@link #start}
     */
    public synchronized void realtimePriority(int priority) {
        if (thread != null) {
            throw new IllegalStateException("loop '" + name + "' already started");
        }
        if (priority < 0 || priority > 99) {
            throw new IllegalArgumentException(
                    "realtimePriority = " + priority + "; allowed: 0 (off) or 1..99");
        }
        realtimePriority = priority;
    }

    /**
     * How the loop thread is scheduled, once it has started (null before): whether the requested
     * real-time policy was granted, and if not, why.
     */
    public ThreadScheduling.Outcome scheduling() {
        return scheduling.getNow(null);
    }

    /** Completes with {@link #scheduling()} once the loop thread has settled it. */
    public java.util.concurrent.CompletionStage<ThreadScheduling.Outcome> schedulingSettled() {
        return scheduling.minimalCompletionStage();
    }

    /**
     * Waits until the loop thread has settled its scheduling policy (it asks before its first
     * tick).
     *
     * @return the outcome, or null when the thread did not get that far within the timeout
     */
    public ThreadScheduling.Outcome awaitScheduling(long timeout, TimeUnit unit)
            throws InterruptedException {
        try {
            return scheduling.get(timeout, unit);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Starts the loop thread (at maximum priority; the OS may ignore it). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("loop '" + name + "' already started");
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /**
     * Stops after the running tick and waits for the thread.
     *
     * @return whether the thread ended within the timeout
     */
    public synchronized boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
        running = false;
        if (thread == null) {
            return true;
        }
        LockSupport.unpark(thread);
        thread.join(Math.max(1, unit.toMillis(timeout)));
        return !thread.isAlive();
    }

    private void run() {
        scheduling.complete(ThreadScheduling.fifo(realtimePriority));
        long next = clock.nanoTime();
        while (running) {
            waitUntil(next);
            if (!running) {
                break;
            }
            long start = clock.nanoTime();
            try {
                tick.run();
            } catch (RuntimeException e) {
                onError.accept(e);
            }
            long end = clock.nanoTime();
            timing.record(start - next, end - start);
            next += periodNanos;
            if (end - next > 0) {
                long missed = (end - next) / periodNanos + 1;
                timing.overrun(missed);
                next += missed * periodNanos;
            }
        }
    }

    private void waitUntil(long deadline) {
        long remaining;
        while (running && (remaining = deadline - clock.nanoTime()) > spinNanos) {
            LockSupport.parkNanos(remaining - spinNanos);
        }
        while (running && deadline - clock.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }
}
