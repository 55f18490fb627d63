package armature.safety.shaping;

/**
 * Adds a jerk bound to a {@link RateLimiter}: the rate limiter's position trajectory is averaged
 * over a sliding time window of {@code T = 2 A / J} seconds (a moving-average, or FIR, stage).
 *
 * <p><b>Why an average.</b> The rate limiter moves linearly within each step; the average is that
 * piecewise-linear trajectory's mean over the window. A moving average of a trajectory is a convex
 * combination of its past positions, so it inherits the rate limiter's guarantees instead of
 * needing its own braking plan: every averaged position lies inside the position limits, a target
 * the rate limiter does not overshoot is not overshot, the averaged velocity is an average of
 * velocities (at most {@code V}), the averaged acceleration an average of accelerations (at most
 * {@code A}), and the change of the averaged acceleration over one step is {@code (a_new -
 * a_oldest) / N}, at most {@code 2 A / N}, which with {@code N = ceil(T / dt)} is at most {@code J
 * dt}. Once the rate limiter stands still the output reaches the same point exactly after {@code T}
 * seconds: no limit cycle, no chatter. An earlier sampled jerk-limited controller with a braking
 * plan buzzed near position limits (ADR 0040); this stage has no switching logic that could. The
 * price is latency: the output lags the acceleration-limited trajectory by about {@code T / 2}.
 *
 * <p><b>Varying steps.</b> The window is a whole number of the first step's length after a reset
 * (exactly {@code N} samples at a constant step) and stays that long; each sample weighs as long as
 * its step lasted, the oldest one partially. The proof above assumes a constant step. When the step
 * length varies, the position guarantees still hold (the average is a convex combination) and a
 * guard keeps the velocity within its bound; acceleration and jerk then hold only approximately:
 * over 50 random cases the worst were 1.02 A and 1.09 J with steps jittering by +-10 %, 1.12 A and
 * 1.62 J at +-50 % (JerkLimiterTest), much as the rate limiter's own acceleration bound yields to
 * the position limits when steps grow.
 *
 * <p>A non-finite position target holds (brakes to a standstill). Not thread-safe; allocation-free
 * per step once the window's history buffer has grown to the step length in use.
 */
public final class JerkLimiter implements TargetShaper {
    /** Longest averaging window accepted: beyond it the lag would surprise any operator. */
    public static final double MAX_WINDOW_SECONDS = 1.0;

    private final RateLimiter inner;
    private final double minPositionRad;
    private final double maxPositionRad;
    private final double maxVelocityRadPerSec;
    private final double windowSeconds;

    // Ring of the rate limiter's recent positions and how long each step lasted; newest at head.
    private double[] samplePositionRad = new double[64];
    private double[] sampleSeconds = new double[64];
    private int head = -1;
    private int count;
    // The position before any sample in the ring (the reset position), for a window not yet full.
    private double historyRad;
    private double spanSeconds; // 0 until the first step after a reset

    private double positionRad;
    private double velocityRadPerSec;
    private double accelerationRadPerSec2;

    public JerkLimiter(
            double minPositionRad,
            double maxPositionRad,
            double maxVelocityRadPerSec,
            double maxAccelerationRadPerSec2,
            double maxJerkRadPerSec3) {
        inner =
                new RateLimiter(
                        minPositionRad,
                        maxPositionRad,
                        maxVelocityRadPerSec,
                        maxAccelerationRadPerSec2);
        if (!(maxJerkRadPerSec3 > 0) || !Double.isFinite(maxJerkRadPerSec3)) {
            throw new IllegalArgumentException(
                    "maxJerkRadPerSec3 = " + maxJerkRadPerSec3 + "; allowed: (0, +inf)");
        }
        double window = windowSeconds(maxAccelerationRadPerSec2, maxJerkRadPerSec3);
        if (window > MAX_WINDOW_SECONDS) {
            throw new IllegalArgumentException(
                    "maxJerkRadPerSec3 = "
                            + maxJerkRadPerSec3
                            + "; allowed: at least 2 * maxAccelerationRadPerSec2 / "
                            + MAX_WINDOW_SECONDS
                            + " s = "
                            + 2 * maxAccelerationRadPerSec2 / MAX_WINDOW_SECONDS
                            + " (the averaging window 2 A / J would be "
                            + window
                            + " s)");
        }
        this.minPositionRad = minPositionRad;
        this.maxPositionRad = maxPositionRad;
        this.maxVelocityRadPerSec = maxVelocityRadPerSec;
        this.windowSeconds = window;
        reset(0.0, 0.0);
    }

    /** The averaging window {@code 2 A / J} for an acceleration and a jerk bound. */
    public static double windowSeconds(double maxAccelerationRadPerSec2, double maxJerkRadPerSec3) {
        return 2 * maxAccelerationRadPerSec2 / maxJerkRadPerSec3;
    }

    /**
     * Restarts at rest at {@code positionRad} (clamped): the window's history is that position. The
     * rate limiter underneath keeps {@code velocityRadPerSec}, so a joint that was moving (effort
     * mode) brakes from its speed; the averaged output starts at rest and follows within the
     * bounds.
     */
    @Override
    public void reset(double positionRad, double velocityRadPerSec) {
        inner.reset(positionRad, velocityRadPerSec);
        historyRad = inner.positionRad();
        spanSeconds = 0;
        count = 0;
        head = -1;
        this.positionRad = historyRad;
        this.velocityRadPerSec = 0.0;
        this.accelerationRadPerSec2 = 0.0;
    }

    @Override
    public void stepTowardPosition(double targetRad, double dtSeconds) {
        if (!(dtSeconds > 0)) {
            return;
        }
        if (Double.isNaN(targetRad)) {
            inner.stepToStop(dtSeconds);
        } else {
            inner.stepTowardPosition(targetRad, dtSeconds);
        }
        average(dtSeconds);
    }

    @Override
    public void stepTowardVelocity(double targetRadPerSec, double dtSeconds) {
        if (!(dtSeconds > 0)) {
            return;
        }
        if (Double.isNaN(targetRadPerSec)) {
            inner.stepToStop(dtSeconds);
        } else {
            inner.stepTowardVelocity(targetRadPerSec, dtSeconds);
        }
        average(dtSeconds);
    }

    /**
     * Scales the rate limiter underneath; the average follows it within the window, so a lowered
     * limit is reached within {@code 2 A / J} seconds plus the time to brake at {@code A}.
     */
    @Override
    public void velocityScale(double scale) {
        inner.velocityScale(scale);
    }

    @Override
    public void stepToStop(double dtSeconds) {
        if (!(dtSeconds > 0)) {
            return;
        }
        inner.stepToStop(dtSeconds);
        average(dtSeconds);
    }

    private void average(double dt) {
        push(inner.positionRad(), dt);
        if (spanSeconds == 0) {
            // A whole number of the first step's length: exactly N steps at a constant step,
            // which the bounds proof needs. It stays fixed, so a varying step cannot make the
            // window itself jump.
            spanSeconds = Math.ceil(windowSeconds / dt - 1e-9) * dt;
        }
        // Integral of the piecewise-linear trajectory through the samples (the rate limiter moves
        // linearly within a step) over the last spanSeconds; before the first sample it is flat.
        double left = spanSeconds;
        double integral = 0;
        double newest = samplePositionRad[head];
        boolean allSame = true;
        int i = head;
        int used = 0;
        while (used < count && left > 0) {
            double end = samplePositionRad[i];
            int older = i == 0 ? samplePositionRad.length - 1 : i - 1;
            double start = used + 1 < count ? samplePositionRad[older] : historyRad;
            double length = sampleSeconds[i];
            allSame &= end == newest && start == newest;
            if (length <= left) {
                integral += length * (start + end) / 2;
                left -= length;
            } else {
                double cut = end + (start - end) * (left / length);
                integral += left * (cut + end) / 2;
                left = 0;
            }
            used++;
            i = older;
        }
        if (left > 0) {
            integral += left * historyRad;
            allSame &= historyRad == newest;
        } else if (used + 1 < count) {
            // Keep one sample beyond the window: it is where the oldest kept segment starts. A
            // later, longer window that reaches further sees that value as flat history.
            historyRad = samplePositionRad[i];
            count = used + 1;
        }
        // A window of equal values averages to that value exactly, so settling is exact.
        guard(allSame ? newest : integral / spanSeconds, dt);
    }

    /**
     * Commits {@code q}, the window average. At a constant step it is within every bound already
     * (see the class comment; up to rounding). A varying step can make the average move slightly
     * faster than the velocity bound for one step; then the output moves at the bound and catches
     * up on later steps, since each step starts again from the average. Acceleration and jerk are
     * deliberately not clamped here: an output that is held back and then released oscillates
     * around the average, the chatter this stage exists to avoid. The average never leaves the
     * position limits; the clamp to them is a last resort against rounding.
     */
    private void guard(double q, double dt) {
        double v = (q - positionRad) / dt;
        if (Math.abs(v) > maxVelocityRadPerSec) {
            v = Math.copySign(maxVelocityRadPerSec, v);
            q = positionRad + v * dt;
        }
        if (q > maxPositionRad || q < minPositionRad) {
            q = Math.max(minPositionRad, Math.min(maxPositionRad, q));
            v = (q - positionRad) / dt;
        }
        accelerationRadPerSec2 = (v - velocityRadPerSec) / dt;
        velocityRadPerSec = v;
        positionRad = q;
    }

    private void push(double p, double dt) {
        if (count == samplePositionRad.length) {
            grow();
        }
        head = head + 1 == samplePositionRad.length ? 0 : head + 1;
        samplePositionRad[head] = p;
        sampleSeconds[head] = dt;
        count++;
    }

    /** Doubles the ring, keeping order; happens only while the window fills at a new step size. */
    private void grow() {
        int n = samplePositionRad.length;
        double[] p = new double[2 * n];
        double[] s = new double[2 * n];
        // Oldest first into the new arrays, newest at index n - 1.
        for (int k = 0; k < n; k++) {
            int from = (head + 1 + k) % n;
            p[k] = samplePositionRad[from];
            s[k] = sampleSeconds[from];
        }
        samplePositionRad = p;
        sampleSeconds = s;
        head = n - 1;
    }

    @Override
    public double positionRad() {
        return positionRad;
    }

    @Override
    public double velocityRadPerSec() {
        return velocityRadPerSec;
    }

    /** Acceleration of the output over the last step. */
    public double accelerationRadPerSec2() {
        return accelerationRadPerSec2;
    }

    public double windowSeconds() {
        return windowSeconds;
    }
}
