package armature.policy.runtime;

import armature.bus.codec.FrameReader;
import java.util.Map;

/**
 * What the policy knows of its loop: the newest measured positions and epoch (state frames) and
 * this sender's sequence floor (retained supervisor document). Written on bus threads, read on the
 * policy thread: synchronized.
 */
public final class LoopView {
    /** The newest state: measured positions in frame order, the epoch, this sender's floor. */
    public record Snapshot(double[] positionRad, long epoch, long floor) {}

    private final String sender;
    private double[] positionRad;
    private long epoch;
    private long supervisorEpoch = -1;
    private long floor;

    /**
     * @param sender this policy's sender level, whose floor is read from the supervisor doc
     */
    public LoopView(String sender) {
        this.sender = sender;
    }

    /** A JOINT_STATE frame (channel 0 = positionRad). */
    public synchronized void state(FrameReader frame) {
        int n = frame.elementsPerChannel();
        if (positionRad == null || positionRad.length != n) {
            positionRad = new double[n];
        }
        frame.copyChannel(0, positionRad, 0);
        epoch = frame.epoch();
    }

    /** The retained supervisor document's {@code epoch} and {@code senders}. */
    public synchronized void supervisor(long epoch, Map<?, ?> senders) {
        supervisorEpoch = epoch;
        Object mine = senders == null ? null : senders.get(sender);
        long f = 0;
        if (mine != null) {
            try {
                f = Long.parseUnsignedLong(mine.toString());
            } catch (NumberFormatException e) {
                f = 0; // a document this version cannot read names no floor
            }
        }
        floor = f;
    }

    /** Null until a state frame arrived; the floor is 0 unless the document is of this epoch. */
    public synchronized Snapshot snapshot() {
        if (positionRad == null) {
            return null;
        }
        return new Snapshot(positionRad.clone(), epoch, supervisorEpoch == epoch ? floor : 0);
    }
}
