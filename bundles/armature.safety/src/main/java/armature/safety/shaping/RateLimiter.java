package armature.safety.shaping;

/**
 * Moves one joint's output target toward a requested position or velocity without exceeding a
 * velocity, an acceleration and (optionally) a jerk bound, and without passing the position limits.
 *
 * <p>Each step first picks a desired velocity: toward the target, but never faster than the speed
 * from which the joint can still stop at the target (or at a position limit) when braking at the
 * acceleration bound. With braking at {@code A} after one step of length {@code dt}, that speed is
 * the positive root of {@code v^2/(2A) + v dt = d}, i.e. {@code v = -A dt + sqrt((A dt)^2 + 2 A
 * d)}; it also guarantees {@code v dt <= d}, so a step never overshoots. The velocity then moves
 * toward the desired one by at most {@code A dt} (semi-implicit Euler: position integrates the new
 * velocity). Very close to the target the state snaps exactly onto it when that is possible within
 * the acceleration bound, so convergence is exact rather than asymptotic.
 *
 * <p>With a jerk bound {@code J} the acceleration becomes a state that changes by at most {@code J
 * dt} per step, chasing the desired velocity with the same stop-in-time rule one order up; the
 * braking distance gains the ramp-up term {@code v A/(2J)}. The position limits are also enforced
 * by a final clamp that should never engage; it exists so that no rounding can command a joint past
 * its limit.
 *
 * <p>Not thread-safe; no allocation per step.
 */
public final class RateLimiter {
    private final double maxVelocityRadPerSec;
    private final double maxAccelerationRadPerSec2;
    private final double maxJerkRadPerSec3;
    private final boolean jerkLimited;
    private final double minPositionRad;
    private final double maxPositionRad;

    private double positionRad;
    private double velocityRadPerSec;
    private double accelerationRadPerSec2;

    public RateLimiter(
            double minPositionRad,
            double maxPositionRad,
            double maxVelocityRadPerSec,
            double maxAccelerationRadPerSec2,
            double maxJerkRadPerSec3) {
        this.minPositionRad = minPositionRad;
        this.maxPositionRad = maxPositionRad;
        this.maxVelocityRadPerSec = maxVelocityRadPerSec;
        this.maxAccelerationRadPerSec2 = maxAccelerationRadPerSec2;
        this.maxJerkRadPerSec3 = maxJerkRadPerSec3;
        this.jerkLimited = maxJerkRadPerSec3 != Double.POSITIVE_INFINITY;
    }

    /** Restarts from a measured position at rest-or-given velocity (clamped to the bounds). */
    public void reset(double positionRad, double velocityRadPerSec) {
        this.positionRad = clamp(positionRad, minPositionRad, maxPositionRad);
        this.velocityRadPerSec =
                Double.isFinite(velocityRadPerSec)
                        ? clamp(velocityRadPerSec, -maxVelocityRadPerSec, maxVelocityRadPerSec)
                        : 0.0;
        this.accelerationRadPerSec2 = 0.0;
    }

    /** One step toward a position target (clamped to the position limits). */
    public void stepTowardPosition(double targetRad, double dtSeconds) {
        if (!(dtSeconds > 0)) {
            return;
        }
        double target = clamp(targetRad, minPositionRad, maxPositionRad);
        double error = target - positionRad;
        double speed = Math.min(maxVelocityRadPerSec, stoppingSpeed(Math.abs(error), dtSeconds));
        double desired = Math.copySign(speed, error);
        if (!jerkLimited && snapsOnto(target, error, dtSeconds)) {
            return;
        }
        follow(desired, dtSeconds);
    }

    /** One step toward a velocity target, slowing down so the position limits are never passed. */
    public void stepTowardVelocity(double targetRadPerSec, double dtSeconds) {
        if (!(dtSeconds > 0)) {
            return;
        }
        double desired = clamp(targetRadPerSec, -maxVelocityRadPerSec, maxVelocityRadPerSec);
        follow(desired, dtSeconds);
    }

    /** Brakes at the bounds to a standstill and then stays put. */
    public void stepToStop(double dtSeconds) {
        stepTowardVelocity(0.0, dtSeconds);
    }

    private boolean snapsOnto(double target, double error, double dt) {
        double a = maxAccelerationRadPerSec2;
        double landingVelocity = error / dt;
        if (Math.abs(error) <= 0.5 * a * dt * dt
                && Math.abs(landingVelocity - velocityRadPerSec) <= a * dt
                && Math.abs(landingVelocity) <= maxVelocityRadPerSec) {
            // Landing velocity is at most A dt / 2, so the next step can stop within the bounds.
            velocityRadPerSec = landingVelocity;
            positionRad = target;
            accelerationRadPerSec2 = 0.0;
            return true;
        }
        return false;
    }

    private void follow(double desiredVelocity, double dt) {
        // Never approach a limit faster than we can stop at it.
        double towardMax = stoppingSpeed(maxPositionRad - positionRad, dt);
        double towardMin = stoppingSpeed(positionRad - minPositionRad, dt);
        desiredVelocity = clamp(desiredVelocity, -towardMin, towardMax);

        double a = maxAccelerationRadPerSec2;
        double newVelocity;
        if (jerkLimited) {
            double velocityError = desiredVelocity - velocityRadPerSec;
            double jdt = maxJerkRadPerSec3 * dt;
            double accelMagnitude =
                    Math.min(
                            a,
                            -jdt
                                    + Math.sqrt(
                                            jdt * jdt
                                                    + 2
                                                            * maxJerkRadPerSec3
                                                            * Math.abs(velocityError)));
            double desiredAccel = Math.copySign(accelMagnitude, velocityError);
            accelerationRadPerSec2 =
                    clamp(
                            accelerationRadPerSec2
                                    + clamp(desiredAccel - accelerationRadPerSec2, -jdt, jdt),
                            -a,
                            a);
            newVelocity = velocityRadPerSec + accelerationRadPerSec2 * dt;
        } else {
            double adt = a * dt;
            newVelocity = velocityRadPerSec + clamp(desiredVelocity - velocityRadPerSec, -adt, adt);
        }
        newVelocity = clamp(newVelocity, -maxVelocityRadPerSec, maxVelocityRadPerSec);
        double newPosition = positionRad + newVelocity * dt;
        if (newPosition > maxPositionRad || newPosition < minPositionRad) {
            newPosition = clamp(newPosition, minPositionRad, maxPositionRad);
            newVelocity = (newPosition - positionRad) / dt;
            accelerationRadPerSec2 = 0.0;
        }
        velocityRadPerSec = newVelocity;
        positionRad = newPosition;
    }

    /**
     * Largest speed from which the joint can still stop within {@code distance} after one more
     * step, braking at the acceleration bound (and, when jerk-limited, ramping the braking up at
     * J).
     */
    double stoppingSpeed(double distanceRad, double dt) {
        if (!(distanceRad > 0)) {
            return 0.0;
        }
        double a = maxAccelerationRadPerSec2;
        // Extra time per unit speed spent before full braking: one step plus the jerk ramp-up.
        double lag = dt + (jerkLimited ? a / maxJerkRadPerSec3 : 0.0);
        double al = a * lag;
        return -al + Math.sqrt(al * al + 2 * a * distanceRad);
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    public double positionRad() {
        return positionRad;
    }

    public double velocityRadPerSec() {
        return velocityRadPerSec;
    }

    public double accelerationRadPerSec2() {
        return accelerationRadPerSec2;
    }
}
