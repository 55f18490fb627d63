package armature.policy.onnx.pkg;

import static armature.policy.onnx.pkg.TestPackages.descriptor;
import static armature.policy.onnx.pkg.TestPackages.json;
import static armature.policy.onnx.pkg.TestPackages.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.policy.api.ActionMode;
import armature.policy.onnx.pkg.PolicyDescriptor.ScalingType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The descriptor on its own: every field read, every bad value refused with field and range. */
class DescriptorParserTest {

    private static PolicyDescriptor parse(Map<String, Object> d) {
        return DescriptorParser.parse(json(d), "p.armpolicy!policy.json", "policy.onnx");
    }

    @Test
    void aCompleteDescriptorIsReadFieldByField() {
        Map<String, Object> tree = descriptor("a.onnx", "b/c.onnx");
        PolicyDescriptor d = parse(tree);
        assertThat(d.formatVersion()).isEqualTo(1);
        assertThat(d.name()).isEqualTo("test-policy");
        assertThat(d.description()).isEqualTo("four joints to their targets");
        assertThat(d.networks()).containsExactly("a.onnx", "b/c.onnx");
        assertThat(d.controlRateHz()).isEqualTo(50.0);
        assertThat(d.observations()).hasSize(2);
        assertThat(d.observationSize()).isEqualTo(8);
        assertThat(d.observationNames())
                .startsWith("jointPositionRad.j0", "jointPositionRad.j1")
                .endsWith("jointVelocityRadPerSec.j3")
                .hasSize(8);
        PolicyDescriptor.Slot s = d.observations().get(1);
        assertThat(s.name()).isEqualTo("jointVelocityRadPerSec");
        assertThat(s.topic()).isEqualTo("control/{loop}/state");
        assertThat(s.resolve("left").topic()).isEqualTo("control/left/state");
        assertThat(s.resolve("left").field()).isEqualTo("velocityRadPerSec");
        assertThat(s.resolve("left").elements()).containsExactly("j0", "j1", "j2", "j3");
        assertThat(d.normalization().mean()).containsExactly(0.1f, 0.7f, 0f, 1f, 0f, 0f, 0f, 0f);
        assertThat(d.normalization().std()[7]).isEqualTo(2f);
        assertThat(d.normalization().epsilon()).isEqualTo(1e-8);
        assertThat(d.normalization().clip()).isEqualTo(3.0);
        assertThat(d.actions().joints()).containsExactly("j0", "j1", "j2", "j3");
        assertThat(d.actions().mode()).isEqualTo(ActionMode.POSITION);
        assertThat(d.actions().scaling().type()).isEqualTo(ScalingType.RANGE);
        assertThat(d.recurrentStateSizes()).isEmpty();
        assertThat(d.provenance().trainedBy()).isEqualTo("Armature tests");
        assertThat(d.provenance().trainedAt()).isEqualTo("2026-12-05T16:00:00Z");
        assertThat(d.provenance().framework()).startsWith("OnnxGraphBuilder");
        assertThat(d.provenance().environment()).isEqualTo("none");
        assertThat(d.provenance().robot()).isEqualTo("four test joints");
        assertThat(d.provenance().codeCommit()).isEqualTo("0000000");
        assertThat(d.provenance().notes()).isEqualTo("not trained");
    }

    @Test
    void aMinimalDescriptorTakesTheDefaults() {
        String minimal =
                """
                {"formatVersion": 1, "name": "reach", "controlRateHz": 20,
                 "observations": [{"name": "q", "size": 2, "topic": "sim/arm/objects", "field": "/q"}],
                 "actions": {"joints": ["a", "b", "c"], "mode": "velocity",
                             "scaling": {"type": "linear", "scale": 0.5}},
                 "provenance": {"trainedBy": "me", "trainedAt": "2026-11-28"}}
                """;
        PolicyDescriptor d =
                DescriptorParser.parse(
                        minimal.getBytes(StandardCharsets.UTF_8),
                        "reach.policy.json",
                        "reach.onnx");
        assertThat(d.networks()).containsExactly("reach.onnx");
        assertThat(d.normalization().none()).isTrue();
        assertThat(d.recurrentStateSizes()).isEmpty();
        assertThat(d.description()).isEmpty();
        assertThat(d.actions().mode()).isEqualTo(ActionMode.VELOCITY);
        assertThat(d.actions().scaling().scale()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(d.actions().scaling().offset()).containsExactly(0f, 0f, 0f);
        assertThat(d.observations().get(0).elements()).isEmpty();
        assertThat(d.observations().get(0).resolve("arm").isJsonField()).isTrue();
        assertThat(d.observationNames()).containsExactly("q[0]", "q[1]");
        assertThat(d.provenance().codeCommit()).isEmpty();
    }

    @Test
    void linearScalingTakesOneValuePerJoint() {
        Map<String, Object> tree = descriptor("a.onnx");
        object(object(tree, "actions"), "scaling")
                .putAll(
                        Map.of(
                                "type", "linear",
                                "scale", List.of(1, 2, 3, 4),
                                "offset", List.of(0.5, 0, 0, -0.5)));
        PolicyDescriptor d = parse(tree);
        assertThat(d.actions().scaling().type()).isEqualTo(ScalingType.LINEAR);
        assertThat(d.actions().scaling().scale()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(d.actions().scaling().offset()).containsExactly(0.5f, 0f, 0f, -0.5f);
    }

    static Stream<Arguments> badDescriptors() {
        return Stream.of(
                bad(
                        "formatVersion",
                        "formatVersion = 2; allowed: 1",
                        d -> d.put("formatVersion", 2)),
                bad("name", "name: missing; it is required", d -> d.remove("name")),
                bad(
                        "controlRateHz",
                        "controlRateHz = 0.0; allowed: (0, 1000]",
                        d -> d.put("controlRateHz", 0)),
                bad(
                        "observations[0].size",
                        "observations[0].size = 0; allowed: >= 1",
                        d -> slot(d, 0).put("size", 0)),
                bad(
                        "observations[1].topic",
                        "observations[1].topic = \"control/+/state\"; allowed: a topic relative",
                        d -> slot(d, 1).put("topic", "control/+/state")),
                bad(
                        "observations[0].topic",
                        "observations[0].topic = \"control/{robot}/state\"; allowed:",
                        d -> slot(d, 0).put("topic", "control/{robot}/state")),
                bad(
                        "observations[0].field",
                        "observations[0].field = \"position-rad\"; allowed: a frame channel",
                        d -> slot(d, 0).put("field", "position-rad")),
                bad(
                        "observations[0].elements",
                        "observations[0].elements = 3 names; allowed: exactly size (4)",
                        d -> slot(d, 0).put("elements", List.of("j0", "j1", "j2"))),
                bad(
                        "observations[1].name",
                        "observations[1].name = \"jointPositionRad\"; allowed: a name no other",
                        d -> slot(d, 1).put("name", "jointPositionRad")),
                bad(
                        "normalization.mean",
                        "normalization.mean = 7 values; allowed: 8 values, one per observation",
                        d -> list(object(d, "normalization"), "mean").remove(0)),
                bad(
                        "normalization.std[2]",
                        "normalization.std[2] = -0.1; allowed: >= 0",
                        d -> list(object(d, "normalization"), "std").set(2, -0.1)),
                bad(
                        "normalization.std[3]",
                        "normalization.std[3] = 0.0; allowed: > 0 (epsilon is 0)",
                        d -> {
                            object(d, "normalization").put("epsilon", 0);
                            list(object(d, "normalization"), "std").set(3, 0);
                        }),
                bad(
                        "normalization.mean[1]",
                        "normalization.mean[1] = \"NaN\"; allowed: a finite number",
                        d -> list(object(d, "normalization"), "mean").set(1, "NaN")),
                bad(
                        "normalization.mean[0]",
                        "normalization.mean[0] = 1.0E39; allowed: a finite 32-bit float",
                        d -> list(object(d, "normalization"), "mean").set(0, 1e39)),
                bad(
                        "normalization.clip",
                        "normalization.clip = 0.0; allowed: > 0",
                        d -> object(d, "normalization").put("clip", 0)),
                bad(
                        "actions.mode",
                        "actions.mode = \"TORQUE\"; allowed: POSITION, VELOCITY or EFFORT",
                        d -> object(d, "actions").put("mode", "TORQUE")),
                bad(
                        "actions.joints[2]",
                        "actions.joints[2] = \"j0\"; allowed: each joint once",
                        d -> list(object(d, "actions"), "joints").set(2, "j0")),
                bad(
                        "actions.scaling.type",
                        "actions.scaling.type = \"tanh\"; allowed: range or linear",
                        d -> scaling(d).put("type", "tanh")),
                bad(
                        "actions.scaling.scale",
                        "actions.scaling.scale = 3 values; allowed: a number, or an array of 4",
                        d -> {
                            scaling(d).put("type", "linear");
                            scaling(d).put("scale", List.of(1, 1, 1));
                        }),
                bad(
                        "actions.scaling.offset",
                        "actions.scaling.offset = 0.1; allowed: nothing for type range",
                        d -> scaling(d).put("offset", 0.1)),
                bad(
                        "actions.scaling.type",
                        "allowed: linear for EFFORT actions",
                        d -> object(d, "actions").put("mode", "EFFORT")),
                bad(
                        "normalisation",
                        "normalisation = {}; allowed: no such field; the fields here are",
                        d -> d.put("normalisation", Map.of())),
                bad(
                        "provenance.trainedWith",
                        "provenance.trainedWith = \"x\"; allowed: no such field",
                        d -> object(d, "provenance").put("trainedWith", "x")),
                bad(
                        "networks[0]",
                        "networks[0] = \"../x.onnx\"; allowed: a relative path ending in .onnx",
                        d -> d.put("networks", List.of("../x.onnx"))),
                bad(
                        "networks[1]",
                        "networks[1] = \"a.onnx\"; allowed: each network once",
                        d -> d.put("networks", List.of("a.onnx", "a.onnx"))),
                bad(
                        "provenance.trainedAt",
                        "provenance.trainedAt = \"last week\"; allowed: an ISO-8601 date",
                        d -> object(d, "provenance").put("trainedAt", "last week")),
                bad(
                        "provenance.trainedBy",
                        "provenance.trainedBy: missing; it is required",
                        d -> object(d, "provenance").remove("trainedBy")),
                bad(
                        "recurrentStateSizes[1]",
                        "recurrentStateSizes[1] = 0; allowed: >= 1",
                        d -> d.put("recurrentStateSizes", List.of(64, 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDescriptors")
    void aBadDescriptorIsRefusedNamingTheFieldTheValueAndWhatIsAllowed(
            String field, String message, Consumer<Map<String, Object>> change) {
        Map<String, Object> d = descriptor("a.onnx");
        change.accept(d);
        assertThatThrownBy(() -> parse(d))
                .isInstanceOf(PolicyPackageException.class)
                .hasMessageStartingWith("p.armpolicy!policy.json: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PolicyPackageException) e).field()).isEqualTo(field));
    }

    @Test
    void malformedJsonAndDuplicateKeysAreRefused() {
        assertThatThrownBy(
                        () ->
                                DescriptorParser.parse(
                                        "{\"formatVersion\": 1,".getBytes(StandardCharsets.UTF_8),
                                        "x.policy.json",
                                        "x.onnx"))
                .hasMessageStartingWith("x.policy.json: (document): not valid JSON");
        assertThatThrownBy(
                        () ->
                                DescriptorParser.parse(
                                        "{\"name\": \"a\", \"name\": \"b\"}"
                                                .getBytes(StandardCharsets.UTF_8),
                                        "x.policy.json",
                                        "x.onnx"))
                .hasMessageContaining("Duplicate field 'name'");
    }

    private static Arguments bad(
            String field, String message, Consumer<Map<String, Object>> change) {
        return Arguments.of(field, message, change);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> slot(Map<String, Object> d, int i) {
        return (Map<String, Object>) ((List<Object>) d.get("observations")).get(i);
    }

    private static Map<String, Object> scaling(Map<String, Object> d) {
        return object(object(d, "actions"), "scaling");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> d, String key) {
        List<Object> l = new ArrayList<>((List<Object>) d.get(key));
        d.put(key, l);
        return l;
    }
}
