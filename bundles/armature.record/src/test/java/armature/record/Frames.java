package armature.record;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;

/** Joint-state frames for tests. */
final class Frames {
    private Frames() {}

    /** 3 channels x {@code joints} float64, values {@code base + channel * 10 + joint}. */
    static byte[] jointState(int joints, long sequence, long timestampNs, double base) {
        byte[] b = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, joints)];
        FrameWriter w = new FrameWriter().wrap(b, 0);
        w.begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, joints)
                .epoch(7)
                .sequence(sequence)
                .timestampNs(timestampNs);
        for (int c = 0; c < 3; c++) {
            double[] v = new double[joints];
            for (int j = 0; j < joints; j++) {
                v[j] = base + c * 10 + j;
            }
            w.putChannel(v);
        }
        w.finish();
        return b;
    }
}
