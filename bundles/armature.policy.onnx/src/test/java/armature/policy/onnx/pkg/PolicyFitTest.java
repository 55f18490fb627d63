package armature.policy.onnx.pkg;

import static armature.policy.onnx.pkg.TestPackages.ACT;
import static armature.policy.onnx.pkg.TestPackages.LOOP;
import static armature.policy.onnx.pkg.TestPackages.OBS;
import static armature.policy.onnx.pkg.TestPackages.STATE;
import static armature.policy.onnx.pkg.TestPackages.context;
import static armature.policy.onnx.pkg.TestPackages.descriptor;
import static armature.policy.onnx.pkg.TestPackages.mlp;
import static armature.policy.onnx.pkg.TestPackages.names;
import static armature.policy.onnx.pkg.TestPackages.object;
import static armature.policy.onnx.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.policy.api.JointRange;
import armature.policy.api.PolicyContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What only the networks or the loop can tell: the descriptor must fit both, and a misfit is named
 * with the field, the value and what would fit.
 */
class PolicyFitTest {

    @Test
    void slotSizesMustSumToTheNetworksInputWidth() {
        byte[] wide = mlp(1, 0, 0, 10, 8, ACT);
        assertThatThrownBy(() -> OnnxPolicy.create(pkg(descriptor(names(1)), wide), context()))
                .isInstanceOf(PolicyPackageException.class)
                .hasMessage(
                        "test.armpolicy: observations = slot sizes summing to 8 (jointPositionRad"
                                + " 4 + jointVelocityRadPerSec 4); allowed: sizes summing to 10, the"
                                + " input width of network net0.onnx");
    }

    @Test
    void actionJointsMustBeOnePerNetworkOutput() {
        byte[] five = mlp(1, 0, 0, OBS, 8, 5);
        assertThatThrownBy(() -> OnnxPolicy.create(pkg(descriptor(names(1)), five), context()))
                .hasMessage(
                        "test.armpolicy: actions.joints = 4 joints; allowed: 5 joints, one per"
                                + " output of network net0.onnx");
    }

    @Test
    void everyEnsembleMemberMustHaveTheSameShapes() {
        byte[] other = mlp(2, 0, 0, 10, 8, ACT);
        assertThatThrownBy(
                        () ->
                                OnnxPolicy.create(
                                        pkg(descriptor(names(2)), mlp(1), other), context()))
                .hasMessageContaining("the input width of network net1.onnx");
    }

    @Test
    void actionJointsAndObservedJointsMustBeTheLoops() {
        Map<String, Object> d = descriptor(names(1));
        List<Object> joints = new ArrayList<>(List.of("j0", "j1", "j9", "j3"));
        object(d, "actions").put("joints", joints);
        assertThatThrownBy(() -> OnnxPolicy.create(pkg(d, mlp(1)), context()))
                .hasMessage(
                        "test.armpolicy: actions.joints[2] = \"j9\"; allowed: a joint of loop"
                                + " 'hand': [j0, j1, j2, j3]");

        Map<String, Object> e = descriptor(names(1));
        @SuppressWarnings("unchecked")
        Map<String, Object> slot = (Map<String, Object>) ((List<?>) e.get("observations")).get(1);
        slot.put("elements", List.of("j0", "j1", "wrist", "j3"));
        assertThatThrownBy(() -> OnnxPolicy.create(pkg(e, mlp(1)), context()))
                .hasMessage(
                        "test.armpolicy: observations[1].elements[2] = \"wrist\"; allowed: a joint"
                                + " of loop 'hand': [j0, j1, j2, j3]");
    }

    @Test
    void recurrentStateSizesMustBeTheNetworksOwn() {
        byte[] lstm = TestPackages.lstm(3, OBS, 16, 12, ACT);
        assertThatThrownBy(() -> OnnxPolicy.create(pkg(descriptor(names(1)), lstm), context()))
                .hasMessage(
                        "test.armpolicy: recurrentStateSizes = []; allowed: [12, 12], the carried"
                                + " state sizes of network net0.onnx (h, then c, per LSTM)");
        Map<String, Object> d = descriptor(names(1));
        d.put("recurrentStateSizes", List.of(12));
        assertThatThrownBy(() -> OnnxPolicy.create(pkg(d, mlp(1)), context()))
                .hasMessage(
                        "test.armpolicy: recurrentStateSizes = [12]; allowed: [], the carried state"
                                + " sizes of network net0.onnx (it is not recurrent)");
    }

    @Test
    void rangeScalingNeedsFiniteLimits() {
        List<JointRange> joints = new ArrayList<>(TestPackages.JOINTS);
        joints.set(3, new JointRange("j3", 0, Double.POSITIVE_INFINITY, 4));
        PolicyContext open = new PolicyContext("test", LOOP, STATE, joints, "", Map.of());
        assertThatThrownBy(() -> OnnxPolicy.create(pkg(descriptor(names(1)), mlp(1)), open))
                .hasMessageStartingWith(
                        "test.armpolicy: actions.scaling.type = \"range\"; allowed: range only"
                                + " where every action joint has finite position limits; joint"
                                + " 'j3' has [0.0, Infinity] on loop 'hand' (use linear)");
    }

    @Test
    void anUnknownSettingOrABadNetworkIsNamed() {
        assertThatThrownBy(
                        () ->
                                OnnxPolicy.create(
                                        pkg(descriptor(names(1)), mlp(1)),
                                        context(Map.of("warmup", "5"))))
                .hasMessage(
                        "test.armpolicy: settings = warmup; allowed: the onnx provider's settings"
                                + " [warmupSteps]");
        assertThatThrownBy(
                        () ->
                                OnnxPolicy.create(
                                        pkg(descriptor(names(1)), mlp(1)),
                                        context(Map.of("warmupSteps", "-1"))))
                .hasMessageContaining("setting warmupSteps = '-1'");
        assertThatThrownBy(
                        () ->
                                OnnxPolicy.create(
                                        pkg(descriptor(names(1)), new byte[] {1, 2, 3}), context()))
                .isInstanceOf(PolicyPackageException.class)
                .hasMessageStartingWith("test.armpolicy: networks[0] (net0.onnx): ");
    }
}
