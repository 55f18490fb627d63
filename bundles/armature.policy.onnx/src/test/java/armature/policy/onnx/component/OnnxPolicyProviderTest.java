package armature.policy.onnx.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.policy.api.JointRange;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.onnx.pkg.PolicyPackage;
import armature.policy.onnx.testing.OnnxGraphBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider resolves its source against armature.home and says what is wrong with it. */
class OnnxPolicyProviderTest {
    @TempDir Path home;

    static final String DESCRIPTOR =
            """
            {"formatVersion": 1, "name": "two", "controlRateHz": 25,
             "observations": [{"name": "q", "size": 2, "topic": "control/{loop}/state",
                               "field": "positionRad"}],
             "actions": {"joints": ["a", "b"], "mode": "POSITION", "scaling": {"type": "range"}},
             "provenance": {"trainedBy": "tests", "trainedAt": "2026-12-05"}}
            """;

    static PolicyContext context(String source) {
        return new PolicyContext(
                "p",
                "arm",
                "control/arm/state",
                List.of(new JointRange("a", -1, 1, 2), new JointRange("b", 0, 3, 2)),
                source,
                Map.of("warmupSteps", "3"));
    }

    @Test
    void aRelativeSourceIsFoundUnderHome() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 2).output("action", -1, 2);
        g.linear("fc", "obs", "action", 2, 2, new Random(1));
        java.nio.file.Files.createDirectories(home.resolve("policies"));
        PolicyPackage.write(
                home.resolve("policies/two.armpolicy"),
                DESCRIPTOR.getBytes(StandardCharsets.UTF_8),
                Map.of("policy.onnx", g.build()));
        OnnxPolicyProvider provider = new OnnxPolicyProvider(home.toString());
        try (Policy p = provider.create(context("policies/two.armpolicy"))) {
            assertThat(p.spec().controlRateHz()).isEqualTo(25.0);
            assertThat(p.spec().observations().get(0).topic()).isEqualTo("control/arm/state");
            float[] action = new float[2];
            p.act(new float[] {0.3f, -0.2f}, action);
            assertThat(action[0]).isBetween(-1f, 1f);
            assertThat(action[1]).isBetween(0f, 3f);
        }
    }

    @Test
    void anEmptyOrMissingSourceIsNamed() {
        OnnxPolicyProvider provider = new OnnxPolicyProvider(home.toString());
        assertThatThrownBy(() -> provider.create(context(" ")))
                .hasMessageStartingWith("policy p: source = \"\"; allowed: the path of a policy");
        assertThatThrownBy(() -> provider.create(context("nowhere.armpolicy")))
                .hasMessageContaining(home.resolve("nowhere.armpolicy").toString())
                .hasMessageContaining("allowed: an existing file");
    }
}
