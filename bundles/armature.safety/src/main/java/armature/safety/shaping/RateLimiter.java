package armature.safety.shaping;

/**
 * Moves one joint's output target toward a requested position or velocity without exceeding a
 * velocity and an acceleration bound, and without passing the position limits.
 *
 * <p>Each step first picks a desired velocity: toward the target, but never faster than the speed
 * from which the joint can still stop at the target (or at a position limit) when braking at the
 * acceleration bound. With braking at {@code A} after one step of length {@code dt}, that speed is
 * the positive root of {@code v^2/(2A) + v dt = d}, i.e. {@code v = -A dt + sqrt((A dt)^2 + 2 A
 * d)}; it also guarantees {@code v dt <= d}, so a step never overshoots. The velocity then moves
 * toward the desired one by at most {@code A dt} (semi-implicit Euler: position integrates the new
 * velocity). Very close to the target the state snaps exactly onto it when that is possible within
 * the acceleration bound, so convergence is exact rather than asymptotic. A final clamp to the
 * position limits exists so that nothing can command a joint past a limit: braking is planned with
 * the current step length, so if a step is much longer than the one before (a stalled loop) close
 * to a limit, the position limit wins over the acceleration bound. The supervisor caps the step
 * length ({@code maxStepSeconds}) to keep that rare.
 *
 * <p><b>Velocity scale.</b> {@link #velocityScale} lowers the speed the joint is driven at (the
 * desired velocity's bound) without touching the hard velocity bound of the final clamp: a joint
 * that moves faster than a newly lowered limit slows down at the acceleration bound instead of
 * jumping to it.
 *
 * <p>There is no jerk bound here; {@link JerkLimiter} smooths this limiter's output when a joint
 * has one.
 *
 * <p>Not thread-safe; no allocation per step.
 */
public final class RateLimiter implements TargetShaper {
    private final double maxVelocityRadPerSec;
    private final double maxAccelerationRadPerSec2;
    private final double minPositionRad;
    private final double maxPositionRad;

    private double drivenVelocityRadPerSec; // maxVelocityRadPerSec times the velocity scale
    private double positionRad;
    private double velocityRadPerSec;

    public RateLimiter(
            double minPositionRad,
            double maxPositionRad,
            double maxVelocityRadPerSec,
            double maxAccelerationRadPerSec2) {
        if (!(minPositionRad < maxPositionRad)
                || !(maxVelocityRadPerSec > 0)
                || !(maxAccelerationRadPerSec2 > 0)) {
            throw new IllegalArgumentException(
                    "rate limiter bounds: positionRad ["
                            + minPositionRad
                            + ", "
                            + maxPositionRad
                            + "], maxVelocityRadPerSec "
                            + maxVelocityRadPerSec
                            + ", maxAccelerationRadPerSec2 "
                            + maxAccelerationRadPerSec2
                            + "; allowed: min < max, bounds > 0");
        }
        this.minPositionRad = minPositionRad;
        this.maxPositionRad = maxPositionRad;
        this.maxVelocityRadPerSec = maxVelocityRadPerSec;
        this.maxAccelerationRadPerSec2 = maxAccelerationRadPerSec2;
        this.drivenVelocityRadPerSec = maxVelocityRadPerSec;
    }

    @Override
    public void velocityScale(double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("velocity scale = " + scale + "; allowed: (0, 1]");
        }
        drivenVelocityRadPerSec = maxVelocityRadPerSec * scale;
    }

    /** Restarts from a (measured) position and velocity, both clamped to the bounds. */
    @Override
    public void reset(double positionRad, double velocityRadPerSec) {
        this.positionRad = clamp(positionRad, minPositionRad, maxPositionRad);
        this.velocityRadPerSec =
                Double.isFinite(velocityRadPerSec)
                        ? clamp(velocityRadPerSec, -maxVelocityRadPerSec, maxVelocityRadPerSec)
                        : 0.0;
    }

    /** One step toward a position target (clamped to the position limits). */
    @Override
    public void stepTowardPosition(double targetRad, double dtSeconds) {
        if (!(dtSeconds > 0)) {
            return;
        }
        double target = clamp(targetRad, minPositionRad, maxPositionRad);
        double error = target - positionRad;
        if (snapsOnto(target, error, dtSeconds)) {
            return;
        }
        double speed = Math.min(drivenVelocityRadPerSec, stoppingSpeed(Math.abs(error), dtSeconds));
        follow(Math.copySign(speed, error), dtSeconds);
    }

    /** One step toward a velocity target, slowing down so the position limits are never passed. */
    @Override
    public void stepTowardVelocity(double targetRadPerSec, double dtSeconds) {
        if (!(dtSeconds > 0)) {
            return;
        }
        follow(
                clamp(targetRadPerSec, -drivenVelocityRadPerSec, drivenVelocityRadPerSec),
                dtSeconds);
    }

    /** Brakes at the acceleration bound to a standstill and then stays put. */
    @Override
    public void stepToStop(double dtSeconds) {
        stepTowardVelocity(0.0, dtSeconds);
    }

    private boolean snapsOnto(double target, double error, double dt) {
        double a = maxAccelerationRadPerSec2;
        double landingVelocity = error / dt;
        if (Math.abs(error) <= 0.5 * a * dt * dt
                && Math.abs(landingVelocity - velocityRadPerSec) <= a * dt
                && Math.abs(landingVelocity) <= drivenVelocityRadPerSec) {
            // Landing velocity is at most A dt / 2, so the next step can stop within the bounds.
            velocityRadPerSec = landingVelocity;
            positionRad = target;
            return true;
        }
        return false;
    }

    private void follow(double desiredVelocity, double dt) {
        // Never approach a limit faster than we can stop at it.
        double towardMax = stoppingSpeed(maxPositionRad - positionRad, dt);
        double towardMin = stoppingSpeed(positionRad - minPositionRad, dt);
        desiredVelocity = clamp(desiredVelocity, -towardMin, towardMax);
        double adt = maxAccelerationRadPerSec2 * dt;
        double newVelocity =
                velocityRadPerSec + clamp(desiredVelocity - velocityRadPerSec, -adt, adt);
        newVelocity = clamp(newVelocity, -maxVelocityRadPerSec, maxVelocityRadPerSec);
        double newPosition = positionRad + newVelocity * dt;
        if (newPosition > maxPositionRad || newPosition < minPositionRad) {
            newPosition = clamp(newPosition, minPositionRad, maxPositionRad);
            newVelocity = (newPosition - positionRad) / dt;
        }
        velocityRadPerSec = newVelocity;
        positionRad = newPosition;
    }

    /**
     * Largest speed toward a point {@code distanceRad} ahead from which the joint can still stop
     * there after one more step, braking at the acceleration bound.
     */
    double stoppingSpeed(double distanceRad, double dt) {
        if (!(distanceRad > 0)) {
            return 0.0;
        }
        double adt = maxAccelerationRadPerSec2 * dt;
        return -adt + Math.sqrt(adt * adt + 2 * maxAccelerationRadPerSec2 * distanceRad);
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    @Override
    public double positionRad() {
        return positionRad;
    }

    @Override
    public double velocityRadPerSec() {
        return velocityRadPerSec;
    }
}
