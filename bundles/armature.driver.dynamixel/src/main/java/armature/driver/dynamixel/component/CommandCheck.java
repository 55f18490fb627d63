package armature.driver.dynamixel.component;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.JointDescription;
import java.util.List;

/**
 * Boundary checks of {@link DynamixelJointDriver#write}: nothing reaches the bus unless all pass.
 */
final class CommandCheck {
    private CommandCheck() {}

    static void values(
            List<JointDescription> joints,
            DriverCommandMode mode,
            double[] values,
            double[] effortLimit) {
        for (int i = 0; i < joints.size(); i++) {
            JointDescription d = joints.get(i);
            double v = values[i];
            double lo;
            double hi;
            String unit;
            switch (mode) {
                case POSITION -> {
                    lo = d.minPositionRad();
                    hi = d.maxPositionRad();
                    unit = "rad";
                }
                case VELOCITY -> {
                    lo = -d.maxVelocityRadPerSec();
                    hi = d.maxVelocityRadPerSec();
                    unit = "rad/s";
                }
                default -> {
                    lo = -d.maxEffort();
                    hi = d.maxEffort();
                    unit = d.effortUnit();
                }
            }
            if (!Double.isFinite(v) || v < lo || v > hi) {
                throw new IllegalArgumentException(
                        String.format(
                                "values[%d] (joint '%s', %s) = %s; allowed: finite in [%.4f, %.4f]"
                                        + " %s",
                                i, d.name(), mode, v, lo, hi, unit));
            }
            if (effortLimit != null) {
                double e = effortLimit[i];
                if (!Double.isNaN(e) && !(e > 0)) {
                    throw new IllegalArgumentException(
                            "effortLimit["
                                    + i
                                    + "] (joint '"
                                    + d.name()
                                    + "') = "
                                    + e
                                    + "; allowed: NaN (device limit) or > 0 "
                                    + d.effortUnit());
                }
            }
        }
    }
}
