package armature.launcher.sim;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Wall-clock checkpoints of a stepping loop, from which {@code sim run} reports both the whole-run
 * rate and the steady-state rate. A short run spends much of its time in the interpreter and the
 * first JIT tiers, so the whole-run figure understates what the engine does once compiled; the
 * steady-state window is the <em>last half of the wall time</em>, which leaves out the warm-up
 * without guessing when it ended.
 *
 * <p>Checkpoints are taken every {@code stride} steps (at most about 1000 of them, so a long run
 * costs no memory and the clock is read a negligible number of times) and after the last step. The
 * window starts at the latest checkpoint at or before the wall-time midpoint, so it covers at least
 * the last half.
 */
final class StepTimer {
    private static final int MAX_CHECKPOINTS = 1000;

    /** The rate in the window's last half exceeds its first half by more than this: not steady. */
    private static final double RISING_FACTOR = 1.10;

    private final LongSupplier nanoClock;
    private final long totalSteps;
    private final long stride;
    private final long[] stepsAt;
    private final long[] nanosAt;
    private int count;

    /**
     * @param totalSteps steps the loop will run (0: a run too short for one step)
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    StepTimer(long totalSteps, LongSupplier nanoClock) {
        if (totalSteps < 0) {
            throw new IllegalArgumentException(
                    "totalSteps " + totalSteps + " is not allowed; allowed: 0 or more");
        }
        this.totalSteps = totalSteps;
        this.nanoClock = nanoClock;
        this.stride = Math.max(1, (totalSteps + MAX_CHECKPOINTS - 1) / MAX_CHECKPOINTS);
        int size = (int) (totalSteps / stride) + 2;
        this.stepsAt = new long[size];
        this.nanosAt = new long[size];
    }

    /** Before the first step. */
    void start() {
        count = 0;
        record(0);
    }

    /**
     * After each step.
     *
     * @param stepsDone steps completed so far (1 after the first step)
     */
    void stepped(long stepsDone) {
        if (stepsDone % stride == 0 || stepsDone == totalSteps) {
            if (count > 0 && stepsAt[count - 1] == stepsDone) {
                return;
            }
            record(stepsDone);
        }
    }

    private void record(long steps) {
        stepsAt[count] = steps;
        nanosAt[count] = nanoClock.getAsLong();
        count++;
    }

    /**
     * The rates once the loop has finished.
     *
     * @return whole-run and steady-state figures
     */
    Rates rates() {
        if (count == 0) {
            throw new IllegalStateException("rates() before start()");
        }
        if (count == 1) {
            return new Rates(0, 0, 0, 0, false);
        }
        int last = count - 1;
        long steps = stepsAt[last];
        long wallNanos = nanosAt[last] - nanosAt[0];
        int from = latestAtOrBefore(nanosAt[0] + wallNanos / 2, last);
        int middle = latestAtOrBefore(nanosAt[from] + (nanosAt[last] - nanosAt[from]) / 2, last);
        boolean rising =
                middle > from
                        && middle < last
                        && rate(middle, last) > RISING_FACTOR * rate(from, middle);
        return new Rates(
                steps,
                wallNanos * 1e-9,
                steps - stepsAt[from],
                (nanosAt[last] - nanosAt[from]) * 1e-9,
                rising);
    }

    private int latestAtOrBefore(long nanos, int last) {
        int i = Arrays.binarySearch(nanosAt, 0, count, nanos);
        int at = i >= 0 ? i : -i - 2;
        // Equal timestamps (a coarse clock): take the first of them, the window is then longer.
        while (at > 0 && nanosAt[at - 1] == nanosAt[at]) {
            at--;
        }
        return Math.max(0, Math.min(at, last - 1));
    }

    private double rate(int a, int b) {
        return (stepsAt[b] - stepsAt[a]) / Math.max((nanosAt[b] - nanosAt[a]) * 1e-9, 1e-9);
    }

    /**
     * What a run achieved.
     *
     * @param steps all steps
     * @param wallSeconds wall time of all steps
     * @param steadySteps steps in the steady-state window (the last half of the wall time)
     * @param steadySeconds wall time of that window
     * @param stillRising whether the rate in the window's second half was more than 10 % above its
     *     first half: the run ended before the JIT had finished, so the steady figure is a lower
     *     bound
     */
    record Rates(
            long steps,
            double wallSeconds,
            long steadySteps,
            double steadySeconds,
            boolean stillRising) {

        /**
         * @return steps per wall second over the whole run
         */
        double wholeStepsPerSecond() {
            return steps / Math.max(wallSeconds, 1e-9);
        }

        /**
         * @return steps per wall second in the steady-state window
         */
        double steadyStepsPerSecond() {
            return steadySteps / Math.max(steadySeconds, 1e-9);
        }
    }
}
