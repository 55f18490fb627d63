package armature.driver.dynamixel.component;

import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.driver.api.JointDriver;
import armature.driver.dynamixel.chain.CycleReport;
import armature.driver.dynamixel.chain.DynamixelChain;
import armature.driver.dynamixel.chain.JointConfig;
import armature.driver.dynamixel.chain.JointReadings;
import armature.driver.dynamixel.chain.ServoInfo;
import armature.driver.dynamixel.controltable.HardwareError;
import java.util.List;

/** One sentence per problem of the last cycle, naming joint and servo id. */
final class JointHealth {
    private JointHealth() {}

    static DriverHealth of(
            CycleReport r,
            JointReadings readings,
            int[] flags,
            List<JointConfig> joints,
            DynamixelChain chain,
            String modeFailure) {
        if (!r.portOpen()) {
            return new DriverHealth(
                    HealthState.DISCONNECTED, "port " + chain.config().portPath() + " is not open");
        }
        StringBuilder sb = new StringBuilder();
        if (!r.missingIds().isEmpty()) {
            sb.append("no reply from servo ids ").append(r.missingIds());
        }
        for (int i = 0; i < joints.size(); i++) {
            int f = flags[i];
            if ((f & ~JointDriver.ERROR_NO_REPLY) == 0) {
                continue;
            }
            sb.append(sb.length() > 0 ? "; " : "")
                    .append("joint '")
                    .append(joints.get(i).name())
                    .append("' (servo ")
                    .append(joints.get(i).id())
                    .append(")");
            int hw = readings.hardwareErrorBits[i];
            if (hw > 0) {
                sb.append(" hardware error ").append(HardwareError.decode(hw));
            }
            if ((f & JointDriver.ERROR_OVERHEATING) != 0) {
                ServoInfo info = chain.servoInfo(i);
                sb.append(" at ").append(Math.round(readings.temperatureDegC[i])).append(" degC");
                if (info != null) {
                    sb.append(" (limit ").append(info.temperatureLimitDegC()).append(" degC)");
                }
            }
            if ((f & JointDriver.ERROR_TORQUE_LOST) != 0) {
                sb.append(" torque is off although commanded on");
            }
        }
        if (modeFailure != null) {
            sb.append(sb.length() > 0 ? "; " : "").append(modeFailure);
        }
        return sb.length() == 0
                ? DriverHealth.ok()
                : new DriverHealth(HealthState.DEGRADED, sb.toString());
    }
}
