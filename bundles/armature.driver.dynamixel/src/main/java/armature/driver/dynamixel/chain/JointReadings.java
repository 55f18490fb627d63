package armature.driver.dynamixel.chain;

import java.util.Arrays;

/**
 * Caller-owned arrays one {@link DynamixelChain#readState(JointReadings)} fills, indexed like the
 * chain's joints. Entries of servos that did not answer are NaN (doubles) or -1 (ints).
 */
public final class JointReadings {
    public final double[] positionRad;
    public final double[] velocityRadPerSec;
    public final double[] currentAmp;
    public final double[] temperatureDegC;

    /** Hardware Error Status bits (see HardwareError), -1 when unknown. */
    public final int[] hardwareErrorBits;

    /** Torque Enable as the servo reports it: 1 on, 0 off, -1 unknown. */
    public final int[] torqueEnabled;

    public JointReadings(int joints) {
        positionRad = new double[joints];
        velocityRadPerSec = new double[joints];
        currentAmp = new double[joints];
        temperatureDegC = new double[joints];
        hardwareErrorBits = new int[joints];
        torqueEnabled = new int[joints];
    }

    public int size() {
        return positionRad.length;
    }

    /** Marks joint {@code i} as not read this cycle: every value NaN or unknown. */
    public void invalidate(int i) {
        positionRad[i] = Double.NaN;
        velocityRadPerSec[i] = Double.NaN;
        currentAmp[i] = Double.NaN;
        temperatureDegC[i] = Double.NaN;
        hardwareErrorBits[i] = -1;
        torqueEnabled[i] = -1;
    }

    void invalidateAll() {
        Arrays.fill(positionRad, Double.NaN);
        Arrays.fill(velocityRadPerSec, Double.NaN);
        Arrays.fill(currentAmp, Double.NaN);
        Arrays.fill(temperatureDegC, Double.NaN);
        Arrays.fill(hardwareErrorBits, -1);
        Arrays.fill(torqueEnabled, -1);
    }
}
