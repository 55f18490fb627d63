package armature.safety.shaping;

/**
 * One joint's output-target shaper: moves a position/velocity state toward a requested position or
 * velocity within the joint's bounds. {@link RateLimiter} bounds velocity and acceleration; {@link
 * JerkLimiter} adds a jerk bound on top. Not thread-safe.
 */
public interface TargetShaper {
    /** Restarts from a (measured) position and velocity, clamped to the bounds. */
    void reset(double positionRad, double velocityRadPerSec);

    /** One step toward a position target (clamped to the position limits). */
    void stepTowardPosition(double targetRad, double dtSeconds);

    /** One step toward a velocity target, slowing down so the position limits are never passed. */
    void stepTowardVelocity(double targetRadPerSec, double dtSeconds);

    /** Brakes to a standstill and then stays put. */
    void stepToStop(double dtSeconds);

    /**
     * Scales the velocity bound for what follows: targets are approached at most at {@code scale}
     * times the joint's velocity bound. A joint moving faster when the scale falls slows down at
     * the acceleration bound (never by a jump). Braking to a stop and the position limits are
     * unaffected.
     *
     * @param scale in (0, 1]
     */
    void velocityScale(double scale);

    double positionRad();

    double velocityRadPerSec();
}
