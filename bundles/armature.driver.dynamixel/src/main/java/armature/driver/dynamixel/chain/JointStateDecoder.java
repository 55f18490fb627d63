package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.XControlTable;
import armature.driver.dynamixel.controltable.XUnits;
import armature.driver.dynamixel.protocol.StatusError;
import armature.driver.dynamixel.protocol.StatusPacket;
import java.util.List;

/** Turns sync-read replies of the 126..135 state block into joint-space SI values. */
final class JointStateDecoder {
    private JointStateDecoder() {}

    /**
     * Fills entry i from {@code replies[i]}; a missing, erroneous or short reply makes the entry
     * NaN and its id missing, so stale data never passes for fresh.
     */
    static void decode(
            List<JointConfig> joints,
            StatusPacket[] replies,
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] currentAmp,
            List<BusEvent> events,
            List<Integer> missing) {
        for (int i = 0; i < joints.size(); i++) {
            JointConfig j = joints.get(i);
            StatusPacket r = replies[i];
            boolean usable =
                    r != null
                            && r.error() == StatusError.NONE
                            && r.paramCount() == XControlTable.STATE_BLOCK_LENGTH;
            if (r != null && !usable) {
                events.add(
                        new BusEvent(
                                BusEvent.Kind.STATUS_ERROR,
                                j.id(),
                                r.error().description() + ", " + r.paramCount() + " data bytes"));
            }
            if (!usable) {
                positionRad[i] = Double.NaN;
                velocityRadPerSec[i] = Double.NaN;
                currentAmp[i] = Double.NaN;
                missing.add(j.id());
                continue;
            }
            byte[] p = r.params();
            long current = XControlTable.PRESENT_CURRENT.decode(p, 0);
            long velocity = XControlTable.PRESENT_VELOCITY.decode(p, 2);
            long position = XControlTable.PRESENT_POSITION.decode(p, 6);
            positionRad[i] = j.jointPositionRad(position);
            velocityRadPerSec[i] = j.direction() * XUnits.velocityRadPerSec(velocity);
            currentAmp[i] = j.direction() * XUnits.currentAmp(current);
        }
    }
}
