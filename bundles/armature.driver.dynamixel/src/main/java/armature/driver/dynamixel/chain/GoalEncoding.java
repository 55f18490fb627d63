package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.XControlTable;
import armature.driver.dynamixel.controltable.XUnits;
import java.util.List;

/**
 * Joint-space goals to the raw little-endian bytes of one sync write, with the range checks that
 * must pass before anything is sent. Pure functions.
 */
final class GoalEncoding {
    private GoalEncoding() {}

    /** Goal Position bytes; every value must fall inside the joint's raw window. */
    static void positions(List<JointConfig> joints, double[] positionRad, byte[] out) {
        for (int i = 0; i < joints.size(); i++) {
            JointConfig j = joints.get(i);
            double v = positionRad[i];
            long raw = Double.isFinite(v) ? j.rawPosition(v) : Long.MIN_VALUE;
            if (raw < j.minPositionRaw() || raw > j.maxPositionRaw()) {
                double a = j.jointPositionRad(j.minPositionRaw());
                double b = j.jointPositionRad(j.maxPositionRaw());
                throw new IllegalArgumentException(
                        String.format(
                                "positionRad[%d] (joint '%s')=%s is outside [%.4f, %.4f] rad",
                                i, j.name(), v, Math.min(a, b), Math.max(a, b)));
            }
            put(XControlTable.GOAL_POSITION, raw, out, i);
        }
    }

    /** Goal Velocity bytes; |raw| must not exceed each servo's Velocity Limit. */
    static byte[] velocities(List<JointConfig> joints, ServoInfo[] infos, double[] radPerSec) {
        byte[] out = new byte[joints.size() * XControlTable.GOAL_VELOCITY.size()];
        for (int i = 0; i < joints.size(); i++) {
            JointConfig j = joints.get(i);
            double v = radPerSec[i];
            long limit = infos[i] == null ? 0 : infos[i].velocityLimitRaw();
            long raw = Double.isFinite(v) ? j.direction() * XUnits.velocityRaw(v) : Long.MAX_VALUE;
            if (Math.abs(raw) > limit) {
                throw new IllegalArgumentException(
                        String.format(
                                "velocityRadPerSec[%d] (joint '%s')=%s is outside +-%.4f rad/s"
                                        + " (the servo's Velocity Limit)",
                                i, j.name(), v, XUnits.velocityRadPerSec(limit)));
            }
            put(XControlTable.GOAL_VELOCITY, raw, out, i);
        }
        return out;
    }

    /** Goal Current bytes; |raw| must not exceed each servo's Current Limit. */
    static byte[] currents(List<JointConfig> joints, ServoInfo[] infos, double[] amp) {
        byte[] out = new byte[joints.size() * XControlTable.GOAL_CURRENT.size()];
        for (int i = 0; i < joints.size(); i++) {
            JointConfig j = joints.get(i);
            double a = amp[i];
            long limit = infos[i] == null ? 0 : infos[i].currentLimitRaw();
            long raw = Double.isFinite(a) ? j.direction() * XUnits.currentRaw(a) : Long.MAX_VALUE;
            if (Math.abs(raw) > limit) {
                throw new IllegalArgumentException(
                        String.format(
                                "currentAmp[%d] (joint '%s')=%s is outside +-%.4f A (the servo's"
                                        + " Current Limit)",
                                i, j.name(), a, XUnits.currentAmp(limit)));
            }
            put(XControlTable.GOAL_CURRENT, raw, out, i);
        }
        return out;
    }

    private static void put(XControlTable item, long raw, byte[] out, int index) {
        int o = index * item.size();
        for (int b = 0; b < item.size(); b++) {
            out[o + b] = (byte) (raw >>> (8 * b));
        }
    }
}
