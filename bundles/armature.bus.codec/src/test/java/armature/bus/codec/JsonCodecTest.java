package armature.bus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    record Joint(String name, double positionRad) {}

    record Command(String mode, List<Joint> joints, int priority) {}

    private final JsonCodec codec = new JsonCodec();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private CodecException decodeError(String json, Class<?> type) {
        return catchThrowableOfType(
                () -> codec.decode("armature/v1/c1/cmd", utf8(json), type), CodecException.class);
    }

    @Test
    void encodesRecordsInComponentOrder() {
        byte[] json = codec.encode(new Command("hold", List.of(new Joint("j1", 0.5)), 2));
        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"mode\":\"hold\",\"joints\":[{\"name\":\"j1\",\"positionRad\":0.5}],"
                                + "\"priority\":2}");
    }

    @Test
    void decodesRecordsRoundTrip() {
        Command c = new Command("track", List.of(new Joint("a", -1.25), new Joint("b", 3.0)), 1);
        assertThat(codec.decode(codec.encode(c), Command.class)).isEqualTo(c);
    }

    @Test
    @SuppressWarnings("unchecked")
    void decodesTreeAsPlainJavaInDocumentOrder() {
        Object tree = codec.decodeTree(null, utf8("{\"z\":1,\"a\":[true,null,\"x\",2.5]}"));
        assertThat(tree).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) tree;
        assertThat(map.keySet()).containsExactly("z", "a");
        assertThat(map.get("z")).isEqualTo(1);
        assertThat((List<Object>) map.get("a")).containsExactly(true, null, "x", 2.5);
    }

    @Test
    void wrongTypeNamesTopicFieldPathAndOffset() {
        String json =
                "{\"mode\":\"hold\",\"joints\":[{\"name\":\"a\",\"positionRad\":1},"
                        + "{\"name\":\"b\",\"positionRad\":\"fast\"}],\"priority\":1}";
        CodecException e = decodeError(json, Command.class);
        assertThat(e.field()).isEqualTo("joints[1].positionRad");
        assertThat(e.offset()).isEqualTo(json.indexOf("\"fast\""));
        assertThat(e.getMessage())
                .startsWith(
                        "topic 'armature/v1/c1/cmd': cannot decode JSON as Command: field"
                                + " 'joints[1].positionRad': ")
                .contains("\"fast\"")
                .endsWith(
                        "(at byte offset "
                                + json.indexOf("\"fast\"")
                                + " of "
                                + json.length()
                                + ")");
    }

    @Test
    void malformedJsonNamesOffset() {
        String json = "{\"mode\":\"hold\",,}";
        CodecException e = decodeError(json, Command.class);
        assertThat(e.field()).isNull();
        assertThat(e.offset()).isEqualTo(15);
        assertThat(e.getMessage())
                .startsWith("topic 'armature/v1/c1/cmd': cannot decode JSON as Command: ")
                .contains("Unexpected character (','")
                .doesNotContain("\n");
    }

    @Test
    void unknownPropertyIsRejected() {
        CodecException e =
                decodeError(
                        "{\"mode\":\"hold\",\"joints\":[],\"priority\":1,\"prio\":2}",
                        Command.class);
        assertThat(e.field()).isEqualTo("prio");
        assertThat(e.getMessage()).contains("Unrecognized field \"prio\"");
    }

    @Test
    void duplicateKeyIsRejected() {
        CodecException e = decodeError("{\"mode\":\"a\",\"mode\":\"b\"}", Command.class);
        assertThat(e.getMessage()).contains("Duplicate field 'mode'");
    }

    @Test
    void nullForPrimitiveIsRejected() {
        CodecException e =
                decodeError("{\"mode\":\"a\",\"joints\":[],\"priority\":null}", Command.class);
        assertThat(e.field()).isEqualTo("priority");
    }

    @Test
    void trailingContentAndEmptyPayloadAreRejected() {
        assertThat(decodeError("{\"name\":\"a\",\"positionRad\":1} 5", Joint.class).getMessage())
                .contains("Trailing token");
        assertThat(decodeError("", Joint.class).getMessage())
                .startsWith("topic 'armature/v1/c1/cmd': cannot decode JSON as Joint: ")
                .contains("No content");
    }

    @Test
    void compactsToOneLine() {
        String pretty = "{\n  \"a\" : [ 1, 2.50 ],\n  \"b\" : { \"c\" : \"x y\" }\n}\n";
        assertThat(codec.compact(null, utf8(pretty)))
                .isEqualTo("{\"a\":[1,2.50],\"b\":{\"c\":\"x y\"}}");
    }

    @Test
    void compactRejectsTrailingContentAndEmpty() {
        assertThat(
                        catchThrowableOfType(
                                () -> codec.compact("t", utf8("{} {}")), CodecException.class))
                .hasMessage("topic 't': cannot read JSON: trailing content at offset 3");
        assertThat(
                        catchThrowableOfType(
                                () -> codec.compact(null, new byte[0]), CodecException.class))
                .hasMessage("cannot read JSON: payload is empty");
    }

    @Test
    void unencodableValueIsACodecException() {
        CodecException e =
                catchThrowableOfType(() -> codec.encode(new Object()), CodecException.class);
        assertThat(e.getMessage()).startsWith("cannot encode Object: ");
    }
}
