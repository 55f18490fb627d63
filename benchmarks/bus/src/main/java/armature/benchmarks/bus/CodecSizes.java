package armature.benchmarks.bus;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import armature.bus.codec.JsonCodec;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.util.Arrays;

/** Prints the encoded size of the benchmark joint state in each format. */
public final class CodecSizes {
    private CodecSizes() {}

    static byte[] frame(JointStateSample s, ElementType type) {
        byte[] buf = new byte[1024];
        int n =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.JOINT_STATE, type, 3, JointStateSample.JOINTS)
                        .sequence(s.sequence())
                        .epoch(s.epoch())
                        .timestampNs(s.timestampNs())
                        .putChannel(s.positionRad())
                        .putChannel(s.velocityRadPerSec())
                        .putChannel(s.effortNm())
                        .finish();
        return Arrays.copyOf(buf, n);
    }

    public static void main(String[] args) throws Exception {
        JointStateSample s = JointStateSample.random(1);
        System.out.printf("24-joint joint state (3 x 24 values + seq, epoch, timestamp)%n");
        System.out.printf("frame float64: %5d bytes%n", frame(s, ElementType.FLOAT64).length);
        System.out.printf("frame float32: %5d bytes%n", frame(s, ElementType.FLOAT32).length);
        System.out.printf("JSON (Jackson): %4d bytes%n", new JsonCodec().encode(s).length);
        System.out.printf(
                "CBOR (Jackson): %4d bytes%n", new CBORMapper().writeValueAsBytes(s).length);
    }
}
