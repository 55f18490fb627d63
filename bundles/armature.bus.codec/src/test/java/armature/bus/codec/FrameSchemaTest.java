package armature.bus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameSchemaTest {
    private final JsonCodec json = new JsonCodec();

    private static FrameSchema handState() {
        return new FrameSchema(
                FrameKind.JOINT_STATE,
                ElementType.FLOAT64,
                List.of("positionRad", "velocityRadPerSec", "effort"),
                2,
                List.of("thumb_cmc", "index_mcp"),
                "unix",
                500.0,
                Map.of("robot", "hand-left"));
    }

    @Test
    void jsonRoundTrip() {
        FrameSchema s = handState();
        byte[] bytes = json.encode(s);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"kind\":\"JOINT_STATE\",\"elementType\":\"FLOAT64\","
                                + "\"channelNames\":[\"positionRad\",\"velocityRadPerSec\",\"effort\"],"
                                + "\"elementsPerChannel\":2,\"elementNames\":[\"thumb_cmc\",\"index_mcp\"],"
                                + "\"clock\":\"unix\",\"nominalRateHz\":500.0,\"attributes\":{\"robot\":\"hand-left\"}}");
        assertThat(json.decode(bytes, FrameSchema.class)).isEqualTo(s);
    }

    @Test
    void invalidSchemaJsonNamesTheField() {
        String bad =
                new String(json.encode(handState()), StandardCharsets.UTF_8)
                        .replace("JOINT_STATE", "JOINT_STAT");
        CodecException e =
                catchThrowableOfType(
                        () ->
                                json.decode(
                                        "a/b/schema",
                                        bad.getBytes(StandardCharsets.UTF_8),
                                        FrameSchema.class),
                        CodecException.class);
        assertThat(e.field()).isEqualTo("kind");
        assertThat(e.getMessage())
                .startsWith("topic 'a/b/schema': cannot decode JSON as FrameSchema: field 'kind': ")
                .contains("JOINT_STAT");
    }

    @Test
    void validationRunsWhenDecoding() {
        String bad =
                new String(json.encode(handState()), StandardCharsets.UTF_8)
                        .replace("\"elementsPerChannel\":2", "\"elementsPerChannel\":3");
        CodecException e =
                catchThrowableOfType(
                        () -> json.decode(bad.getBytes(StandardCharsets.UTF_8), FrameSchema.class),
                        CodecException.class);
        assertThat(e.getMessage())
                .contains("elementNames must be empty or have elementsPerChannel = 3 names, had 2");
    }

    @Test
    void constructorRejectsInconsistentSchemas() {
        assertThatThrownBy(
                        () ->
                                new FrameSchema(
                                        FrameKind.ACTION,
                                        ElementType.FLOAT32,
                                        List.of("a", "a"),
                                        1,
                                        null,
                                        "unix",
                                        0,
                                        null))
                .hasMessage("channelNames[1] 'a' appears more than once");
        assertThatThrownBy(
                        () ->
                                new FrameSchema(
                                        FrameKind.ACTION,
                                        ElementType.FLOAT32,
                                        List.of(),
                                        1,
                                        null,
                                        "unix",
                                        0,
                                        null))
                .hasMessage("channels must be 1..65535, was 0");
        assertThatThrownBy(
                        () ->
                                new FrameSchema(
                                        FrameKind.ACTION,
                                        ElementType.FLOAT32,
                                        List.of("x"),
                                        1,
                                        null,
                                        "gps",
                                        0,
                                        null))
                .hasMessage("clock must be \"unix\" or \"monotonic\", was gps");
        assertThatThrownBy(
                        () ->
                                new FrameSchema(
                                        FrameKind.ACTION,
                                        ElementType.FLOAT32,
                                        List.of("x"),
                                        1,
                                        List.of(" "),
                                        "unix",
                                        0,
                                        null))
                .hasMessage("elementNames[0] must not be blank");
        assertThatThrownBy(
                        () ->
                                new FrameSchema(
                                        FrameKind.ACTION,
                                        ElementType.FLOAT32,
                                        List.of("x"),
                                        1,
                                        null,
                                        "unix",
                                        Double.NaN,
                                        null))
                .hasMessage("nominalRateHz must be finite and >= 0, was NaN");
    }

    @Test
    void checksFramesAgainstTheSchema() {
        FrameSchema s = handState();
        byte[] buf = new byte[256];
        FrameWriter w = new FrameWriter().wrap(buf, 0);
        double[] two = {0.1, 0.2};
        int len =
                w.begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, 2)
                        .putChannel(two)
                        .putChannel(two)
                        .putChannel(two)
                        .finish();
        FrameReader r = new FrameReader().wrap(buf, 0, len);
        s.check(r);
        assertThat(r.get(s.channelIndex("effort"), s.elementIndex("index_mcp"))).isEqualTo(0.2);

        len =
                w.begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 2, 2)
                        .putChannel(two)
                        .putChannel(two)
                        .finish();
        FrameReader twoChannels = new FrameReader().wrap(buf, 0, len);
        assertThatThrownBy(() -> s.check(twoChannels))
                .hasMessage(
                        "frame does not match its schema: field 'channels' is 2, the schema says 3");
        len =
                w.begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 3, 2)
                        .putChannel(two)
                        .putChannel(two)
                        .putChannel(two)
                        .finish();
        FrameReader command = new FrameReader().wrap(buf, 0, len);
        assertThatThrownBy(() -> s.check(command))
                .hasMessage(
                        "frame does not match its schema: field 'kind' is JOINT_COMMAND, the schema says JOINT_STATE");
    }

    @Test
    void schemaTopicIsBesideTheStream() {
        assertThat(FrameSchema.schemaTopic("armature/v1/c1/hand/state"))
                .isEqualTo("armature/v1/c1/hand/state/schema");
    }

    @Test
    void jointStateFactoryNamesChannelsWithUnits() {
        FrameSchema s =
                FrameSchema.jointState(
                        List.of("a", "b", "c"), ElementType.FLOAT32, "monotonic", 1000, "Nm");
        assertThat(s.kind()).isEqualTo(FrameKind.JOINT_STATE);
        assertThat(s.channelNames()).containsExactly("positionRad", "velocityRadPerSec", "effort");
        assertThat(s.attributes()).containsEntry(FrameSchema.EFFORT_UNIT_ATTRIBUTE, "Nm");
        assertThat(s.elementsPerChannel()).isEqualTo(3);
        assertThatThrownBy(
                        () ->
                                FrameSchema.jointState(
                                        List.of(), ElementType.FLOAT32, "unix", 1000, "Nm"))
                .hasMessage("elementsPerChannel must be >= 1, was 0");
        assertThatThrownBy(
                        () ->
                                FrameSchema.jointState(
                                        List.of("a"), ElementType.FLOAT32, "unix", 1000, " "))
                .hasMessageContaining("effortUnit");
    }
}
