package armature.bus.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PayloadFormatterTest {
    private static final String FRAME = "application/vnd.armature.frame.v1";
    private final PayloadFormatter formatter = new PayloadFormatter();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] golden() {
        return HexFormat.of().parseHex(FrameGoldenBytesTest.INT16_COMMAND);
    }

    @Test
    void jsonIsCompactedToOneLine() {
        byte[] pretty = utf8("{\n  \"mode\": \"hold\",\n  \"gains\": [1, 2]\n}\n");
        assertThat(formatter.format("application/json", pretty))
                .isEqualTo("{\"mode\":\"hold\",\"gains\":[1,2]}");
        assertThat(formatter.format("Application/JSON; charset=utf-8", pretty))
                .isEqualTo("{\"mode\":\"hold\",\"gains\":[1,2]}");
        assertThat(formatter.format("application/problem+json", utf8("[ 1 ]"))).isEqualTo("[1]");
    }

    @Test
    void frameIsOneJsonLikeLine() {
        assertThat(formatter.format(FRAME, golden()))
                .isEqualTo(
                        "{\"kind\":\"JOINT_COMMAND\",\"type\":\"INT16\",\"seq\":258,\"epoch\":7,"
                                + "\"tNs\":72623859790382856,\"flags\":[\"SIMULATED\"],"
                                + "\"shape\":[2,2],\"data\":[[1,-2],[256,32767]]}");
    }

    @Test
    void frameFloatsNanAndTruncation() {
        byte[] buf = new byte[256];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.OBSERVATION, ElementType.FLOAT32, 3, 4)
                        .sequence(-1L)
                        .putChannel(new double[] {0.1, Double.NaN, -2.5, 7})
                        .putChannel(new double[] {1, 2, 3, 4})
                        .putChannel(new double[] {5, 6, 7, 8})
                        .finish();
        byte[] frame = java.util.Arrays.copyOf(buf, len);
        assertThat(new PayloadFormatter(2, 2, 8).format(FRAME, frame))
                .isEqualTo(
                        "{\"kind\":\"OBSERVATION\",\"type\":\"FLOAT32\",\"seq\":18446744073709551615,"
                                + "\"epoch\":0,\"tNs\":0,\"shape\":[3,4],"
                                + "\"data\":[[0.1,null,\"...+2\"],[1.0,2.0,\"...+2\"],\"...+1 channels\"]}");
    }

    @Test
    void imageFrameShowsUnsignedBytesAndCutsRows() {
        byte[] buf = new byte[64];
        byte[] row = {0, (byte) 200, (byte) 255};
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.IMAGE, ElementType.UINT8, 3, 3)
                        .flags(FrameFormat.FLAG_END_OF_STREAM)
                        .putChannel(row)
                        .putChannel(row)
                        .putChannel(row)
                        .finish();
        assertThat(new PayloadFormatter(2, 1, 8).format(FRAME, java.util.Arrays.copyOf(buf, len)))
                .isEqualTo(
                        "{\"kind\":\"IMAGE\",\"type\":\"UINT8\",\"seq\":0,\"epoch\":0,\"tNs\":0,"
                                + "\"flags\":[\"END_OF_STREAM\"],\"shape\":[3,3],"
                                + "\"data\":[[0,200,\"...+1\"],\"...+2 channels\"]}");
    }

    @Test
    void textIsShownAsIsOnOneLine() {
        assertThat(formatter.format("text/plain; charset=utf-8", utf8("ready\r\nline 2\tgrüße")))
                .isEqualTo("ready\\r\\nline 2\\tgrüße");
        assertThat(formatter.format(ContentTypesForTest.TEXT, utf8("a\u0000b")))
                .isEqualTo("a\\u0000b");
    }

    @Test
    void unknownBinaryIsHexPrefix() {
        assertThat(formatter.format("application/octet-stream", new byte[] {0, 1, (byte) 0xAB}))
                .isEqualTo("<3 bytes: 00 01 ab>");
        byte[] big = new byte[100];
        big[0] = (byte) 0xFF;
        assertThat(new PayloadFormatter(32, 8, 4).format("image/png", big))
                .isEqualTo("<100 bytes: ff 00 00 00 ...>");
        assertThat(formatter.format("application/octet-stream", new byte[0]))
                .isEqualTo("<0 bytes>");
    }

    @Test
    void invalidPayloadsSayWhyAndShowHex() {
        assertThat(new PayloadFormatter(32, 8, 4).format(FRAME, utf8("{\"a\":1}")))
                .isEqualTo(
                        "<invalid: invalid frame: field 'magic' at offset 0 is 0x227b, expected"
                                + " 0x4641 (not a frame); 7 bytes: 7b 22 61 22 ...>");
        assertThat(new PayloadFormatter(32, 8, 2).format("application/json", utf8("{oops")))
                .startsWith("<invalid: cannot read JSON: Unexpected character ('o'")
                .endsWith("; 5 bytes: 7b 6f ...>")
                .doesNotContain("\n");
    }

    @Test
    void withoutContentTypeItRecognisesFrameJsonTextAndBinary() {
        assertThat(formatter.format(null, golden())).startsWith("{\"kind\":\"JOINT_COMMAND\"");
        assertThat(formatter.format(null, utf8(" {\"t\": 21.5}\n"))).isEqualTo("{\"t\":21.5}");
        assertThat(formatter.format("", utf8("21.5 C\n"))).isEqualTo("21.5 C\\n");
        assertThat(formatter.format(null, utf8("{not json"))).isEqualTo("{not json");
        assertThat(formatter.format(null, new byte[] {(byte) 0xC3, 0x28}))
                .as("malformed UTF-8")
                .isEqualTo("<2 bytes: c3 28>");
        assertThat(formatter.format(null, new byte[] {1, 2, 3})).isEqualTo("<3 bytes: 01 02 03>");
        assertThat(formatter.format(null, utf8("AFnot a frame"))).isEqualTo("AFnot a frame");
        assertThat(formatter.format(null, new byte[0])).isEqualTo("<0 bytes>");
    }

    /** Avoids a test dependency on the bus API for one constant. */
    private static final class ContentTypesForTest {
        static final String TEXT = "text/plain; charset=utf-8";
    }
}
