package armature.driver.dynamixel.component;

import armature.driver.api.DriverCommandMode;
import java.util.EnumSet;
import java.util.Set;

/**
 * How {@link DynamixelJointDriver} maps the SPI onto the servos.
 *
 * @param supportedModes the command modes every joint accepts, not empty
 * @param currentBasedPosition POSITION commands use current-based position mode (5), so write's
 *     effortLimit caps the current through Goal Current; otherwise position mode (3), which has no
 *     run-time current cap
 * @param torqueConstantNmPerAmp per joint; empty: effort is reported and commanded in A
 * @param overheatMarginDegC ERROR_OVERHEATING is raised this many degrees below each servo's
 *     Temperature Limit, before the servo shuts itself down (0..50)
 */
public record DriverOptions(
        Set<DriverCommandMode> supportedModes,
        boolean currentBasedPosition,
        double[] torqueConstantNmPerAmp,
        int overheatMarginDegC) {

    public DriverOptions {
        if (supportedModes == null || supportedModes.isEmpty()) {
            throw new IllegalArgumentException(
                    "commandModes = "
                            + supportedModes
                            + "; allowed: one or more of POSITION,"
                            + " VELOCITY, EFFORT");
        }
        supportedModes = Set.copyOf(supportedModes);
        torqueConstantNmPerAmp = torqueConstantNmPerAmp.clone();
        for (int i = 0; i < torqueConstantNmPerAmp.length; i++) {
            double k = torqueConstantNmPerAmp[i];
            if (!Double.isFinite(k) || !(k > 0) || k > 100) {
                throw new IllegalArgumentException(
                        "torqueConstantsNmPerAmp[" + i + "] = " + k + "; allowed: (0, 100] Nm/A");
            }
        }
        if (overheatMarginDegC < 0 || overheatMarginDegC > 50) {
            throw new IllegalArgumentException(
                    "overheatMarginDegC = " + overheatMarginDegC + "; allowed: [0, 50]");
        }
    }

    /** Position commands only, effort in A, warning 5 degC below the limit. */
    public static DriverOptions positionOnly() {
        return new DriverOptions(EnumSet.of(DriverCommandMode.POSITION), false, new double[0], 5);
    }

    @Override
    public double[] torqueConstantNmPerAmp() {
        return torqueConstantNmPerAmp.clone();
    }

    /** Nm per A for joint i, or 1 when effort is in A. */
    double effortPerAmp(int i) {
        return torqueConstantNmPerAmp.length == 0 ? 1.0 : torqueConstantNmPerAmp[i];
    }

    String effortUnit() {
        return torqueConstantNmPerAmp.length == 0 ? "A" : "Nm";
    }
}
