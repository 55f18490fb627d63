package armature.bus.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Frames compared with bytes computed by hand from the layout in {@link FrameFormat}. */
class FrameGoldenBytesTest {
    /**
     * JOINT_COMMAND, INT16, SIMULATED, 2 channels x 2 elements, epoch 7, sequence 258, timestamp
     * 0x0102030405060708, data [[1, -2], [256, 32767]].
     */
    static final String INT16_COMMAND =
            "4146" // magic 0x4641, little-endian
                    + "01" // version 1
                    + "02" // kind JOINT_COMMAND
                    + "03" // element type INT16
                    + "01" // flags SIMULATED
                    + "0200" // channels 2
                    + "02000000" // elements per channel 2
                    + "07000000" // epoch 7
                    + "0201000000000000" // sequence 258 = 0x0102
                    + "0807060504030201" // timestamp 0x0102030405060708
                    + "0100" // 1
                    + "feff" // -2
                    + "0001" // 256
                    + "ff7f"; // 32767

    /** JOINT_STATE, FLOAT64, 1 x 2, everything else 0, data [[1.0, -0.5]]. */
    static final String FLOAT64_STATE =
            "4146010101000100020000000000000000000000000000000000000000000000"
                    + "000000000000f03f" // 1.0 = 0x3FF0000000000000
                    + "000000000000e0bf"; // -0.5 = 0xBFE0000000000000

    @Test
    void int16CommandMatchesHandComputedBytes() {
        byte[] buf = new byte[40];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.INT16, 2, 2)
                        .flags(FrameFormat.FLAG_SIMULATED)
                        .epoch(7)
                        .sequence(258)
                        .timestampNs(0x0102030405060708L)
                        .putChannel(new short[] {1, -2})
                        .putChannel(new short[] {256, 32767})
                        .finish();
        assertThat(len).isEqualTo(40);
        assertThat(HexFormat.of().formatHex(buf)).isEqualTo(INT16_COMMAND);
    }

    @Test
    void handComputedBytesDecode() {
        FrameReader r = new FrameReader().wrap(HexFormat.of().parseHex(INT16_COMMAND));
        assertThat(r.kind()).isEqualTo(FrameKind.JOINT_COMMAND);
        assertThat(r.elementType()).isEqualTo(ElementType.INT16);
        assertThat(r.flags()).isEqualTo(FrameFormat.FLAG_SIMULATED);
        assertThat(r.epoch()).isEqualTo(7);
        assertThat(r.sequence()).isEqualTo(258);
        assertThat(r.timestampNs()).isEqualTo(0x0102030405060708L);
        assertThat(new double[] {r.get(0, 0), r.get(0, 1), r.get(1, 0), r.get(1, 1)})
                .containsExactly(1, -2, 256, 32767);
    }

    @Test
    void float64StateMatchesHandComputedBytes() {
        byte[] buf = new byte[48];
        new FrameWriter()
                .wrap(buf, 0)
                .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 1, 2)
                .putChannel(new double[] {1.0, -0.5})
                .finish();
        assertThat(HexFormat.of().formatHex(buf)).isEqualTo(FLOAT64_STATE);
    }
}
