package armature.policy.runtime;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import java.util.Arrays;

/**
 * The policy's command stream as docs/control.md asks of every sender: JOINT_COMMAND frames stamped
 * with the loop's current epoch and this sender's sequence numbers, which count on from the floor
 * the retained supervisor document names for this sender in that epoch, and from 0 in a new epoch.
 * Used from the policy thread only.
 */
public final class CommandFrames {
    private final FrameWriter writer = new FrameWriter();
    private long epoch = -1;
    private long sequence;

    /**
     * One frame of {@code targets} for {@code epoch}.
     *
     * @param floor this sender's last applied sequence number in {@code epoch} per the supervisor
     *     document, or 0 when it names none
     */
    public byte[] next(long epoch, long floor, double[] targets, long timestampNs) {
        if (epoch != this.epoch) {
            this.epoch = epoch;
            sequence = floor;
        }
        byte[] frame = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 1, targets.length)];
        int n =
                writer.wrap(frame, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, targets.length)
                        .epoch(epoch)
                        .sequence(++sequence)
                        .timestampNs(timestampNs)
                        .putChannel(targets)
                        .finish();
        return n == frame.length ? frame : Arrays.copyOf(frame, n);
    }

    /** The sequence number of the newest frame. */
    public long sequence() {
        return sequence;
    }

    /** The epoch of the newest frame, or -1. */
    public long epoch() {
        return epoch;
    }
}
