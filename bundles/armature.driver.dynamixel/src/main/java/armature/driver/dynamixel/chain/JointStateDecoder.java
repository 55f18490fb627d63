package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.StateBlock;
import armature.driver.dynamixel.controltable.XControlTable;
import armature.driver.dynamixel.controltable.XUnits;
import armature.driver.dynamixel.protocol.StatusError;
import armature.driver.dynamixel.protocol.StatusPacket;
import java.util.List;

/** Turns sync-read replies of the {@link StateBlock} into joint-space SI values. */
final class JointStateDecoder {
    private JointStateDecoder() {}

    /**
     * Fills entry i from {@code replies[i]}; a missing, erroneous or short reply makes the entry
     * NaN and its id missing, so stale data never passes for fresh.
     */
    static void decode(
            List<JointConfig> joints,
            StatusPacket[] replies,
            JointReadings out,
            List<BusEvent> events,
            List<Integer> missing) {
        for (int i = 0; i < joints.size(); i++) {
            JointConfig j = joints.get(i);
            StatusPacket r = replies[i];
            boolean usable =
                    r != null
                            && r.error() == StatusError.NONE
                            && r.paramCount() == StateBlock.LENGTH;
            if (r != null && !usable) {
                events.add(
                        new BusEvent(
                                BusEvent.Kind.STATUS_ERROR,
                                j.id(),
                                r.error().description() + ", " + r.paramCount() + " data bytes"));
            }
            if (!usable) {
                out.invalidate(i);
                missing.add(j.id());
                continue;
            }
            byte[] p = r.params();
            long current = XControlTable.PRESENT_CURRENT.decode(p, StateBlock.CURRENT_OFFSET);
            long velocity = XControlTable.PRESENT_VELOCITY.decode(p, StateBlock.VELOCITY_OFFSET);
            long position = XControlTable.PRESENT_POSITION.decode(p, StateBlock.POSITION_OFFSET);
            out.positionRad[i] = j.jointPositionRad(position);
            out.velocityRadPerSec[i] = j.direction() * XUnits.velocityRadPerSec(velocity);
            out.currentAmp[i] = j.direction() * XUnits.currentAmp(current);
            out.temperatureDegC[i] =
                    XUnits.temperatureCelsius(p[StateBlock.TEMPERATURE_OFFSET] & 0xFF);
            out.hardwareErrorBits[i] = p[StateBlock.HARDWARE_ERROR_OFFSET] & 0xFF;
            out.torqueEnabled[i] = p[StateBlock.TORQUE_ENABLE_OFFSET] & 0xFF;
        }
    }
}
