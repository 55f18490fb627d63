package armature.safety;

import armature.safety.shaping.JerkLimiter;
import armature.safety.shaping.LowPassFilter;
import armature.safety.shaping.RateLimiter;
import armature.safety.shaping.TargetShaper;

/**
 * Per-joint output shaping: the requested values of the applied command, the optional low-pass, the
 * rate limiters (with a jerk stage where a joint has a jerk bound) that hold the output target, and
 * the brake pose. Writes the output arrays.
 */
final class JointShaper {
    private JointLimits[] joints;
    private TargetShaper[] limiters;
    private final LowPassFilter[] filters;
    private final double[] requested;
    private final double[] brakeRad;
    private double velocityScale = 1.0;

    JointShaper(SafetyConfig config) {
        int n = config.jointCount();
        filters = new LowPassFilter[n];
        requested = new double[n];
        brakeRad = new double[n];
        for (int i = 0; i < n; i++) {
            filters[i] = new LowPassFilter(config.smoothingTimeConstantSeconds());
        }
        joints = config.joints().toArray(new JointLimits[0]);
        limiters = shapersFor(joints);
    }

    /** Chain for each joint: rate limiter, plus the jerk stage when the joint has a jerk bound. */
    static TargetShaper[] shapersFor(JointLimits[] limits) {
        TargetShaper[] s = new TargetShaper[limits.length];
        for (int i = 0; i < limits.length; i++) {
            JointLimits j = limits[i];
            s[i] =
                    j.hasJerkLimit()
                            ? new JerkLimiter(
                                    j.minPositionRad(),
                                    j.maxPositionRad(),
                                    j.maxVelocityRadPerSec(),
                                    j.maxAccelerationRadPerSec2(),
                                    j.maxJerkRadPerSec3())
                            : new RateLimiter(
                                    j.minPositionRad(),
                                    j.maxPositionRad(),
                                    j.maxVelocityRadPerSec(),
                                    j.maxAccelerationRadPerSec2());
            s[i].reset(0.0, 0.0);
        }
        return s;
    }

    /**
     * Switches to new limits (a new driver epoch). The new shapers start from the old output
     * target, clamped into the new bounds; the supervisor re-syncs them to the new device's
     * measured state before anything is applied.
     */
    void applyLimits(JointLimits[] newLimits, TargetShaper[] newShapers) {
        for (int i = 0; i < newShapers.length; i++) {
            newShapers[i].reset(limiters[i].positionRad(), limiters[i].velocityRadPerSec());
        }
        joints = newLimits;
        limiters = newShapers;
        velocityScale(velocityScale);
    }

    /**
     * Every joint's velocity bound times {@code scale} (in (0, 1]) from now on, for targets and for
     * the effort mode's overspeed guard; braking and holding are unaffected.
     */
    void velocityScale(double scale) {
        for (TargetShaper l : limiters) {
            l.velocityScale(scale);
        }
        velocityScale = scale;
    }

    double velocityScale() {
        return velocityScale;
    }

    /** Restarts every output target at rest at the given positions. */
    void restartAt(double[] positionRad) {
        for (int i = 0; i < limiters.length; i++) {
            limiters[i].reset(positionRad[i], 0.0);
        }
    }

    void restartAt(JointState measured) {
        for (int i = 0; i < limiters.length; i++) {
            limiters[i].reset(measured.positionRad(i), 0.0);
        }
    }

    /** Takes over a command's values; the low-pass restarts from the current output when asked. */
    void follow(Command c, boolean restartSmoothing) {
        double[] v = c.values();
        for (int i = 0; i < requested.length; i++) {
            requested[i] = v[i];
            if (restartSmoothing) {
                filters[i].reset(
                        c.mode() == CommandMode.VELOCITY
                                ? limiters[i].velocityRadPerSec()
                                : limiters[i].positionRad());
            }
        }
    }

    /** Remembers where BRAKE holds: the measured pose if known, else the output target. */
    void captureBrakePose(double[] measuredRad, boolean haveMeasured) {
        for (int i = 0; i < brakeRad.length; i++) {
            brakeRad[i] = haveMeasured ? measuredRad[i] : limiters[i].positionRad();
        }
    }

    /** Safe state: torque off, or brake at the captured pose with reduced effort. */
    void writeSafe(Output out, SafeStateAction action, double brakeEffortFraction) {
        boolean brake = action == SafeStateAction.BRAKE;
        out.kind = brake ? OutputKind.BRAKE : OutputKind.TORQUE_OFF;
        for (int i = 0; i < joints.length; i++) {
            out.positionRad[i] = brake ? brakeRad[i] : limiters[i].positionRad();
            out.velocityRadPerSec[i] = 0.0;
            out.effortLimit[i] =
                    brake
                            ? Math.min(
                                    out.effortLimit[i], joints[i].maxEffort() * brakeEffortFraction)
                            : 0.0;
        }
    }

    void writeHolding(Output out, double dt) {
        out.kind = OutputKind.POSITION;
        for (int i = 0; i < joints.length; i++) {
            limiters[i].stepToStop(dt);
        }
        copyTargets(out);
    }

    /** ACTIVE: follow the applied command in its mode. Effort mode needs usable measured state. */
    void writeActive(Output out, CommandMode mode, JointState measured, double dt) {
        switch (mode) {
            case POSITION -> {
                out.kind = OutputKind.POSITION;
                for (int i = 0; i < joints.length; i++) {
                    limiters[i].stepTowardPosition(filters[i].step(requested[i], dt), dt);
                }
            }
            case VELOCITY -> {
                out.kind = OutputKind.VELOCITY;
                for (int i = 0; i < joints.length; i++) {
                    limiters[i].stepTowardVelocity(filters[i].step(requested[i], dt), dt);
                }
            }
            case EFFORT -> {
                out.kind = OutputKind.EFFORT;
                for (int i = 0; i < joints.length; i++) {
                    out.effort[i] = guardedEffort(i, out.effortLimit[i], measured);
                    // Track the joint so a later hold or position command starts where it is.
                    limiters[i].reset(measured.positionRad(i), measured.velocityRadPerSec(i));
                }
            }
        }
        copyTargets(out);
    }

    private void copyTargets(Output out) {
        for (int i = 0; i < joints.length; i++) {
            out.positionRad[i] = limiters[i].positionRad();
            out.velocityRadPerSec[i] = limiters[i].velocityRadPerSec();
        }
    }

    /** Effort within the derated limit, zeroed where it would push past a limit or overspeed. */
    private double guardedEffort(int i, double limit, JointState m) {
        double e = Math.max(-limit, Math.min(limit, requested[i]));
        double p = m.positionRad(i);
        if ((p >= joints[i].maxPositionRad() && e > 0)
                || (p <= joints[i].minPositionRad() && e < 0)) {
            return 0.0;
        }
        double v = m.velocityRadPerSec(i);
        if (Math.abs(v) > joints[i].maxVelocityRadPerSec() * velocityScale && e * v > 0) {
            return 0.0;
        }
        return e;
    }
}
