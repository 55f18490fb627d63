package armature.bus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Every way a received frame is rejected, and what the error says. */
class FrameDecodeErrorTest {
    private static byte[] golden() {
        return HexFormat.of().parseHex(FrameGoldenBytesTest.INT16_COMMAND);
    }

    private static CodecException decode(byte[] bytes) {
        return catchThrowableOfType(() -> new FrameReader().wrap(bytes), CodecException.class);
    }

    @Test
    void emptyPayloadIsTruncatedAtMagic() {
        CodecException e = decode(new byte[0]);
        assertThat(e).hasMessage("frame truncated: field 'magic' needs 2 bytes, payload has 0");
        assertThat(e.field()).isEqualTo("magic");
        assertThat(e.offset()).isZero();
    }

    @Test
    void jsonIsRejectedByMagic() {
        CodecException e = decode("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(e)
                .hasMessage(
                        "invalid frame: field 'magic' at offset 0 is 0x227b,"
                                + " expected 0x4641 (not a frame)");
        assertThat(e.field()).isEqualTo("magic");
    }

    @Test
    void unknownVersion() {
        byte[] b = golden();
        b[2] = 2;
        CodecException e = decode(b);
        assertThat(e)
                .hasMessage(
                        "invalid frame: field 'version' at offset 2 is 2, expected 1 (unknown"
                                + " version)");
        assertThat(e.offset()).isEqualTo(2);
    }

    @Test
    void truncatedVersionAndHeader() {
        assertThat(decode(Arrays.copyOf(golden(), 2)))
                .hasMessage("frame truncated: field 'version' needs 3 bytes, payload has 2");
        CodecException e = decode(Arrays.copyOf(golden(), 31));
        assertThat(e).hasMessage("frame truncated: field 'header' needs 32 bytes, payload has 31");
        assertThat(e.field()).isEqualTo("header");
    }

    @Test
    void unknownKind() {
        for (int code : new int[] {0, 7, 255}) {
            byte[] b = golden();
            b[3] = (byte) code;
            assertThat(decode(b))
                    .hasMessage(
                            "invalid frame: field 'kind' at offset 3 is "
                                    + code
                                    + ", expected 1..6");
        }
    }

    @Test
    void unknownElementType() {
        for (int code : new int[] {0, 5}) {
            byte[] b = golden();
            b[4] = (byte) code;
            assertThat(decode(b).field()).isEqualTo("elementType");
            assertThat(decode(b)).hasMessageContaining("is " + code + ", expected 1..4");
        }
    }

    @Test
    void undefinedFlagBits() {
        byte[] b = golden();
        b[5] = (byte) 0x85;
        assertThat(decode(b))
                .hasMessage(
                        "invalid frame: field 'flags' at offset 5 is 0x85, expected only bits"
                                + " 0x3");
    }

    @Test
    void zeroChannels() {
        byte[] b = golden();
        b[6] = 0;
        CodecException e = decode(b);
        assertThat(e)
                .hasMessage("invalid frame: field 'channels' at offset 6 is 0, expected 1..65535");
        assertThat(e.offset()).isEqualTo(6);
    }

    @Test
    void zeroAndHugeElementCounts() {
        byte[] b = golden();
        b[8] = 0;
        assertThat(decode(b).field()).isEqualTo("elementsPerChannel");
        assertThat(decode(b)).hasMessageContaining("at offset 8 is 0, expected 1..");
        byte[] huge = golden();
        huge[8] = huge[9] = huge[10] = huge[11] = (byte) 0xFF;
        assertThat(decode(huge)).hasMessageContaining("is 4294967295, expected 1..");
    }

    @Test
    void truncatedData() {
        CodecException e = decode(Arrays.copyOf(golden(), 39));
        assertThat(e)
                .hasMessage(
                        "frame truncated: field 'data' at offset 32 must hold 2 x 2 INT16 = 8"
                                + " bytes (frame 40 bytes), payload has 39 bytes");
        assertThat(e.field()).isEqualTo("data");
        assertThat(e.offset()).isEqualTo(39);
    }

    @Test
    void trailingBytesAreALengthMismatch() {
        CodecException e = decode(Arrays.copyOf(golden(), 41));
        assertThat(e)
                .hasMessage(
                        "frame length mismatch: field 'data' at offset 32 must hold 2 x 2 INT16 ="
                                + " 8 bytes (frame 40 bytes), payload has 41 bytes");
        assertThat(e.offset()).isEqualTo(40);
    }

    @Test
    void nanInACommandIsRejectedOnDecode() {
        // JOINT_COMMAND FLOAT64 1 x 2 with data[0][1] = NaN (0x7FF8000000000000).
        byte[] b = HexFormat.of().parseHex(FrameGoldenBytesTest.FLOAT64_STATE);
        b[3] = (byte) FrameKind.JOINT_COMMAND.code();
        b[40 + 6] = (byte) 0xF8;
        b[40 + 7] = (byte) 0x7F;
        CodecException e = decode(b);
        assertThat(e)
                .hasMessage(
                        "invalid frame: field 'data[0][1]' at offset 40 is NaN, expected a finite"
                                + " number (NaN is not allowed in JOINT_COMMAND)");
        assertThat(e.field()).isEqualTo("data[0][1]");

        b[3] = (byte) FrameKind.JOINT_STATE.code();
        assertThat(new FrameReader().wrap(b).get(0, 1)).as("NaN = no reading in a state").isNaN();
    }

    @Test
    void float32InfinityIsRejectedInEveryKind() {
        // OBSERVATION FLOAT32 SIMULATED 1 x 1 = +Infinity (0x7F800000).
        byte[] b =
                HexFormat.of().parseHex("414601030201010001000000" + "00".repeat(20) + "0000807f");
        assertThat(b).hasSize(36);
        assertThat(decode(b))
                .hasMessage(
                        "invalid frame: field 'data[0][0]' at offset 32 is Infinity, expected a"
                                + " finite number or NaN");
    }

    @Test
    void offsetInsideALargerArrayIsRelativeToTheFrame() {
        byte[] golden = golden();
        byte[] big = new byte[100];
        System.arraycopy(golden, 0, big, 10, golden.length);
        assertThat(new FrameReader().wrap(big, 10, 40).sequence()).isEqualTo(258);
        CodecException e =
                catchThrowableOfType(
                        () -> new FrameReader().wrap(big, 10, 41), CodecException.class);
        assertThat(e.offset()).isEqualTo(40);
    }
}
