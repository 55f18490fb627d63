package armature.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.policy.api.JointRange;
import armature.policy.api.PolicyContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The baseline in closed loop with an ideal position servo (the measured position is the previous
 * target): it stays inside the loop's ranges shrunk by the margin, never steps faster than its
 * speed fraction of each joint's limit, goes through every pose, and starts over after reset.
 */
class ScriptedPolicyTest {
    private static final List<JointRange> JOINTS =
            List.of(
                    new JointRange("a", -0.5, 0.5, 2.0),
                    new JointRange("b", 0.0, 1.6, 4.0),
                    new JointRange("spin", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1));

    private static PolicyContext context(Map<String, String> settings) {
        return new PolicyContext("t", "hand", "control/hand/state", JOINTS, "", settings);
    }

    @Test
    void cyclesThroughThePosesInsideTheMarginAtTheConfiguredSpeed() {
        ScriptedPolicy p =
                new ScriptedPolicy(context(Map.of("rateHz", "50", "dwellSeconds", "0.1")));
        assertThat(p.spec().actionJoints())
                .as("unbounded joints are held")
                .containsExactly("a", "b");
        assertThat(p.spec().observationSize()).isEqualTo(4);
        assertThat(p.spec().recurrent()).isTrue();
        float[] obs = {0.4f, 1.5f, 0, 0};
        float[] act = new float[2];
        java.util.Set<Integer> posesSeen = new java.util.HashSet<>();
        double maxStepA = 0;
        for (int t = 0; t < 50 * 20; t++) {
            p.act(obs, act);
            assertThat(act[0]).isBetween(-0.4f, 0.4f); // margin 0.1 of a 1.0 rad span
            assertThat(act[1]).isBetween(0.16f, 1.44f);
            maxStepA = Math.max(maxStepA, Math.abs(act[0] - obs[0]));
            obs[2] = (act[0] - obs[0]) * 50; // velocity of the ideal servo
            obs[3] = (act[1] - obs[1]) * 50;
            obs[0] = act[0];
            obs[1] = act[1];
            posesSeen.add(p.pose());
        }
        assertThat(posesSeen).containsExactlyInAnyOrder(0, 1, 2, 3);
        // 0.25 x 2 rad/s at 50 Hz = 0.01 rad per tick, plus the clamp of the first target
        assertThat(maxStepA).isLessThan(0.1);
    }

    @Test
    void resetStartsTheCycleAgainFromTheMeasuredPosition() {
        ScriptedPolicy p = new ScriptedPolicy(context(Map.of()));
        float[] obs = {0, 0.8f, 0, 0};
        float[] act = new float[2];
        for (int t = 0; t < 2000 && p.pose() == 0; t++) {
            p.act(obs, act);
            obs[0] = act[0];
            obs[1] = act[1];
        }
        assertThat(p.pose()).isPositive();
        p.reset();
        assertThat(p.pose()).isZero();
        float[] measured = {0.1f, 0.9f, 0, 0};
        p.act(measured, act);
        assertThat(act[0])
                .as("first target after reset is one step from the measurement")
                .isCloseTo(0.1f, org.assertj.core.data.Offset.offset(0.02f));
    }

    @Test
    void badSettingsNameTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> new ScriptedPolicy(context(Map.of("kp", "fast"))))
                .hasMessageContaining("kp")
                .hasMessageContaining("fast")
                .hasMessageContaining("[0.0, 2.0]");
        assertThatThrownBy(() -> new ScriptedPolicy(context(Map.of("poseFractions", "0.2 1.5"))))
                .hasMessageContaining("1.5")
                .hasMessageContaining("[0, 1]");
    }
}
