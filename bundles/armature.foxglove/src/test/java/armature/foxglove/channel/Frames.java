package armature.foxglove.channel;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.FrameWriter;
import java.util.List;

/** Joint-state frames and schemas for tests. */
public final class Frames {
    private Frames() {}

    public static FrameSchema schema(List<String> joints, String effortUnit) {
        return FrameSchema.jointState(joints, ElementType.FLOAT64, "monotonic", 500, effortUnit);
    }

    public static byte[] jointState(long seq, long tNs, double[] pos, double[] vel, double[] eff) {
        byte[] b = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, pos.length)];
        FrameWriter w = new FrameWriter().wrap(b, 0);
        w.begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, pos.length)
                .sequence(seq)
                .timestampNs(tNs)
                .putChannel(pos)
                .putChannel(vel)
                .putChannel(eff)
                .finish();
        return b;
    }
}
