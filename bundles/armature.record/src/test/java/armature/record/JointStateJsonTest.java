package armature.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.codec.CodecException;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.FrameWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binary JOINT_STATE frames decoded to the advertised JSON, which its schema accepts exactly. */
class JointStateJsonTest {
    private final ObjectMapper json = new ObjectMapper();
    private final JointStateJson decoder =
            new JointStateJson(json, schema(List.of("FFJ1", "FFJ2"), "Nm"));

    @Test
    void decodesEveryFieldWithNamesAndUnitFromTheSchema() throws Exception {
        byte[] frame =
                jointState(
                        41,
                        123_456_789_000L,
                        new double[] {0.25, -1.5},
                        new double[] {0.0, 2.0},
                        new double[] {0.01, -0.02});
        JsonNode n = json.readTree(decoder.decode(frame));
        assertThat(n.get("tNs").asLong()).isEqualTo(123_456_789_000L);
        assertThat(n.get("seq").asLong()).isEqualTo(41);
        assertThat(n.get("names").toString()).isEqualTo("[\"FFJ1\",\"FFJ2\"]");
        assertThat(n.get("positionRad").toString()).isEqualTo("[0.25,-1.5]");
        assertThat(n.get("velocityRadPerSec").toString()).isEqualTo("[0.0,2.0]");
        assertThat(n.get("effort").toString()).isEqualTo("[0.01,-0.02]");
        assertThat(n.get("effortUnit").asText()).isEqualTo("Nm");
        assertThat(n.size()).isEqualTo(7);
    }

    @Test
    void noReadingBecomesNull() throws Exception {
        byte[] frame =
                jointState(
                        1,
                        1,
                        new double[] {Double.NaN, 1},
                        new double[] {0, 0},
                        new double[] {0, Double.NaN});
        JsonNode n = json.readTree(decoder.decode(frame));
        assertThat(n.get("positionRad").get(0).isNull()).isTrue();
        assertThat(n.get("effort").get(1).isNull()).isTrue();
        assertThat(schema().validate(n)).isEmpty();
    }

    @Test
    void theSchemaAcceptsDecodedFramesAndRefusesOthers() throws Exception {
        JsonSchema s = schema();
        JsonNode ok =
                json.readTree(
                        decoder.decode(
                                jointState(
                                        7,
                                        9,
                                        new double[] {1, 2},
                                        new double[] {3, 4},
                                        new double[] {5, 6})));
        assertThat(s.validate(ok)).isEmpty();

        ObjectNode shortArray = ok.deepCopy();
        shortArray.putArray("positionRad").add(1.0);
        assertThat(s.validate(shortArray)).isNotEmpty();
        ObjectNode extra = ok.deepCopy();
        extra.put("positionDeg", 1);
        assertThat(s.validate(extra)).isNotEmpty();
        ObjectNode missing = ok.deepCopy();
        missing.remove("effortUnit");
        assertThat(s.validate(missing)).isNotEmpty();
        ObjectNode wrongUnit = ok.deepCopy();
        wrongUnit.put("effortUnit", "A");
        assertThat(s.validate(wrongUnit)).isNotEmpty();
        ObjectNode text = ok.deepCopy();
        text.putArray("velocityRadPerSec").add("fast").add(1);
        assertThat(s.validate(text)).isNotEmpty();
    }

    @Test
    void aFrameThatDoesNotMatchItsSchemaIsRefused() {
        byte[] threeJoints =
                jointState(
                        1,
                        1,
                        new double[] {1, 2, 3},
                        new double[] {0, 0, 0},
                        new double[] {0, 0, 0});
        assertThatThrownBy(() -> decoder.decode(threeJoints))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("elementsPerChannel");
        assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void onlyJointStateSchemasWithAnEffortUnitDecode() {
        FrameSchema command =
                new FrameSchema(
                        FrameKind.JOINT_COMMAND,
                        ElementType.FLOAT64,
                        FrameSchema.JOINT_STATE_CHANNELS,
                        2,
                        List.of("a", "b"),
                        "monotonic",
                        500,
                        Map.of("effortUnit", "Nm"));
        assertThatThrownBy(() -> new JointStateJson(json, command))
                .hasMessageContaining("kind is JOINT_COMMAND; allowed: JOINT_STATE");
        FrameSchema noUnit =
                new FrameSchema(
                        FrameKind.JOINT_STATE,
                        ElementType.FLOAT64,
                        FrameSchema.JOINT_STATE_CHANNELS,
                        2,
                        List.of("a", "b"),
                        "monotonic",
                        500,
                        Map.of());
        assertThatThrownBy(() -> new JointStateJson(json, noUnit))
                .hasMessageContaining("'effortUnit' is null");
    }

    private JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(json.readTree(decoder.jsonSchema()));
    }

    private static FrameSchema schema(List<String> joints, String effortUnit) {
        return FrameSchema.jointState(joints, ElementType.FLOAT64, "monotonic", 500, effortUnit);
    }

    private static byte[] jointState(long seq, long tNs, double[] pos, double[] vel, double[] eff) {
        byte[] b = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, pos.length)];
        new FrameWriter()
                .wrap(b, 0)
                .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, pos.length)
                .sequence(seq)
                .timestampNs(tNs)
                .putChannel(pos)
                .putChannel(vel)
                .putChannel(eff)
                .finish();
        return b;
    }
}
