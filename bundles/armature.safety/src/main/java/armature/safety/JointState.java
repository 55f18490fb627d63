package armature.safety;

import java.util.Arrays;

/**
 * Measured state of all joints at one instant, as read by the driver. Mutable on purpose: the
 * control loop fills one instance per tick so steady-state operation allocates nothing.
 *
 * <p>Position must be finite for the state to be usable. Velocity, effort, current and temperature
 * may be {@code NaN} when a servo does not report them; the supervisor then falls back as
 * documented on {@link SafetySupervisor}.
 */
public final class JointState {
    private long timestampNanos;
    private final double[] positionRad;
    private final double[] velocityRadPerSec;
    private final double[] effort;
    private final double[] currentAmp;
    private final double[] temperatureDegC;

    /** A state for {@code jointCount} joints with every value unknown ({@code NaN}). */
    public JointState(int jointCount) {
        if (jointCount <= 0) {
            throw new IllegalArgumentException(
                    "jointCount = " + jointCount + "; allowed: [1, " + Integer.MAX_VALUE + "]");
        }
        positionRad = nanArray(jointCount);
        velocityRadPerSec = nanArray(jointCount);
        effort = nanArray(jointCount);
        currentAmp = nanArray(jointCount);
        temperatureDegC = nanArray(jointCount);
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    public int jointCount() {
        return positionRad.length;
    }

    /** Sets the measurement time (same clock as {@link SafetySupervisor#tick}). */
    public JointState timestampNanos(long value) {
        timestampNanos = value;
        return this;
    }

    /** Sets every measured quantity of one joint; {@code NaN} marks a value as not reported. */
    public JointState set(
            int joint,
            double positionRad,
            double velocityRadPerSec,
            double effort,
            double currentAmp,
            double temperatureDegC) {
        this.positionRad[joint] = positionRad;
        this.velocityRadPerSec[joint] = velocityRadPerSec;
        this.effort[joint] = effort;
        this.currentAmp[joint] = currentAmp;
        this.temperatureDegC[joint] = temperatureDegC;
        return this;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public double positionRad(int joint) {
        return positionRad[joint];
    }

    public double velocityRadPerSec(int joint) {
        return velocityRadPerSec[joint];
    }

    public double effort(int joint) {
        return effort[joint];
    }

    public double currentAmp(int joint) {
        return currentAmp[joint];
    }

    public double temperatureDegC(int joint) {
        return temperatureDegC[joint];
    }
}
