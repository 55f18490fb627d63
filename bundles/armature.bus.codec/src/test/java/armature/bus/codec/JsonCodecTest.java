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

    record Gains(double[] kp, float[] kd, java.util.List<Double> ff) {}

    @Test
    void nonFiniteNumbersAreRefusedOnEncodeWithTheField() {
        CodecException e =
                catchThrowableOfType(
                        () -> codec.encode(new Joint("j2", Double.NaN)), CodecException.class);
        assertThat(e.field()).isEqualTo("positionRad");
        assertThat(e.getMessage())
                .isEqualTo(
                        "cannot encode Joint: field 'positionRad': value NaN is not a finite"
                                + " number; JSON has no NaN or Infinity");
        CodecException inArray =
                catchThrowableOfType(
                        () ->
                                codec.encode(
                                        new Gains(
                                                new double[] {1, Double.POSITIVE_INFINITY},
                                                new float[] {1},
                                                List.of(1.0))),
                        CodecException.class);
        assertThat(inArray.field()).isEqualTo("kp");
        assertThat(inArray.getMessage()).contains("element [1] Infinity is not a finite number");
        CodecException inFloats =
                catchThrowableOfType(
                        () ->
                                codec.encode(
                                        new Gains(
                                                new double[] {1},
                                                new float[] {Float.NaN},
                                                List.of(1.0))),
                        CodecException.class);
        assertThat(inFloats.field()).isEqualTo("kd");
        CodecException inList =
                catchThrowableOfType(
                        () ->
                                codec.encode(
                                        new Gains(
                                                new double[] {1},
                                                new float[] {1},
                                                List.of(1.0, Double.NaN))),
                        CodecException.class);
        assertThat(inList.field()).isEqualTo("ff[1]");
        CodecException inMap =
                catchThrowableOfType(
                        () -> codec.encode(Map.of("tempC", Double.NaN)), CodecException.class);
        assertThat(inMap.field()).isEqualTo("tempC");
    }

    @Test
    void finiteNumbersStillEncodeExactly() {
        assertThat(
                        new String(
                                codec.encode(
                                        new Gains(
                                                new double[] {0.1, -2},
                                                new float[] {0.1f},
                                                List.of(3.5))),
                                StandardCharsets.UTF_8))
                .isEqualTo("{\"kp\":[0.1,-2.0],\"kd\":[0.1],\"ff\":[3.5]}");
    }

    @Test
    void quotedAndNonFiniteNumbersAreRejectedOnDecode() {
        CodecException quoted =
                decodeError("{\"name\":\"a\",\"positionRad\":\"1.5\"}", Joint.class);
        assertThat(quoted.field()).isEqualTo("positionRad");
        assertThat(quoted.getMessage())
                .startsWith(
                        "topic 'armature/v1/c1/cmd': cannot decode JSON as Joint: field"
                                + " 'positionRad': expected a number, found string \"1.5\"");
        CodecException nanString =
                decodeError("{\"name\":\"a\",\"positionRad\":\"NaN\"}", Joint.class);
        assertThat(nanString.field()).isEqualTo("positionRad");
        CodecException overflow =
                decodeError("{\"name\":\"a\",\"positionRad\":1e400}", Joint.class);
        assertThat(overflow.getMessage()).contains("1e400 is out of range for double");
        CodecException nanToken = decodeError("{\"name\":\"a\",\"positionRad\":NaN}", Joint.class);
        assertThat(nanToken.getMessage()).contains("Non-standard token 'NaN'");
        CodecException nullPrimitive =
                decodeError("{\"name\":\"a\",\"positionRad\":null}", Joint.class);
        assertThat(nullPrimitive.field()).isEqualTo("positionRad");
        assertThat(nullPrimitive.getMessage()).contains("null is not a number");
    }

    @Test
    void arraysOfNumbersAreCheckedElementByElement() {
        Gains g =
                codec.decode(
                        utf8("{\"kp\":[1,2.5,-3e2],\"kd\":[0.1],\"ff\":[null,4]}"), Gains.class);
        assertThat(g.kp()).containsExactly(1, 2.5, -300);
        assertThat(g.kd()).containsExactly(0.1f);
        assertThat(g.ff()).containsExactly(null, 4.0);
        CodecException e = decodeError("{\"kp\":[1,2,\"x\"],\"kd\":[],\"ff\":[]}", Gains.class);
        assertThat(e.field()).isEqualTo("kp[2]");
        assertThat(e.getMessage()).contains("expected a number, found string \"x\"");
        CodecException f = decodeError("{\"kp\":[],\"kd\":[1e39],\"ff\":[]}", Gains.class);
        assertThat(f.field()).isEqualTo("kd[0]");
        assertThat(f.getMessage()).contains("1e39 is out of range for float");
    }
}
