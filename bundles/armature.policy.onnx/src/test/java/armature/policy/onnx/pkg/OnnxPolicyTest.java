package armature.policy.onnx.pkg;

import static armature.policy.onnx.pkg.TestPackages.ACT;
import static armature.policy.onnx.pkg.TestPackages.JOINTS;
import static armature.policy.onnx.pkg.TestPackages.OBS;
import static armature.policy.onnx.pkg.TestPackages.context;
import static armature.policy.onnx.pkg.TestPackages.descriptor;
import static armature.policy.onnx.pkg.TestPackages.mlp;
import static armature.policy.onnx.pkg.TestPackages.names;
import static armature.policy.onnx.pkg.TestPackages.object;
import static armature.policy.onnx.pkg.TestPackages.pkg;
import static armature.policy.onnx.pkg.TestPackages.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.onnx.OnnxNetwork;
import armature.policy.onnx.testing.OrtReference;
import armature.policy.onnx.testing.OrtReference.Input;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packaged policy against ONNX Runtime on the same network, with the descriptor's normalisation
 * and scaling applied by hand: every action to 1e-5.
 */
class OnnxPolicyTest {
    static final float TOLERANCE = 1e-5f;

    /** clip((x - mean) / sqrt(std² + eps)) in double, as docs/policy-package.md defines it. */
    static float[] normalise(float[] x, Map<String, Object> d) {
        Map<String, Object> n = object(d, "normalization");
        List<?> mean = (List<?>) n.get("mean");
        List<?> std = (List<?>) n.get("std");
        double eps = ((Number) n.get("epsilon")).doubleValue();
        double clip = n.containsKey("clip") ? ((Number) n.get("clip")).doubleValue() : 1e300;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double m = ((Number) mean.get(i % OBS)).floatValue();
            double s = ((Number) std.get(i % OBS)).floatValue();
            double v = (x[i] - m) / Math.sqrt(s * s + eps);
            out[i] = (float) Math.max(-clip, Math.min(clip, v));
        }
        return out;
    }

    static float[] ort(OrtReference ort, float[] input) throws Exception {
        return ort.run(Map.of("obs", new Input(input, 1, OBS))).get("action");
    }

    @Test
    void aNormalisedRangeScaledPolicyMatchesOnnxRuntimeByHand() throws Exception {
        // the linear path from the observation drives some outputs beyond [-1, 1]
        byte[] net = mlp(1, 2, 0.5f, OBS, 16, 16, ACT);
        Map<String, Object> d = descriptor(names(1));
        Random rnd = new Random(2);
        int clipped = 0;
        int saturated = 0;
        try (OnnxPolicy policy = OnnxPolicy.create(pkg(d, net), context());
                OrtReference ort = new OrtReference(net)) {
            assertThat(policy.spec().observations())
                    .extracting(ObservationSlot::topic)
                    .containsOnly("control/hand/state");
            assertThat(policy.spec().actionMode()).isEqualTo(ActionMode.POSITION);
            assertThat(policy.spec().controlRateHz()).isEqualTo(50.0);
            assertThat(policy.spec().recurrent()).isFalse();
            float[] action = new float[ACT];
            for (int step = 0; step < 200; step++) {
                float[] obs = random(rnd, OBS, 4); // beyond the clip of 3 std now and then
                policy.act(obs, action);
                float[] in = normalise(obs, d);
                float[] y = ort(ort, in);
                for (int j = 0; j < ACT; j++) {
                    JointRange r = JOINTS.get(j);
                    double yc = Math.max(-1, Math.min(1, y[j]));
                    saturated += yc != y[j] ? 1 : 0;
                    double expected =
                            r.minPositionRad()
                                    + (yc + 1) / 2 * (r.maxPositionRad() - r.minPositionRad());
                    assertThat(action[j])
                            .as("step %d joint %d", step, j)
                            .isCloseTo((float) expected, within(TOLERANCE));
                }
                for (float v : in) {
                    clipped += Math.abs(v) == 3f ? 1 : 0;
                }
                assertThat(policy.uncertainty()).as("one network: no measure").isNaN();
            }
        }
        assertThat(clipped).as("normalised values at the clip").isPositive();
        assertThat(saturated).as("outputs beyond [-1, 1]").isPositive();
    }

    @Test
    void aLinearVelocityPolicyIsClippedToTheLoopsSpeedLimits() throws Exception {
        byte[] net = mlp(3);
        Map<String, Object> d = descriptor(names(1));
        object(d, "actions").put("mode", "VELOCITY");
        float[] scale = {4, 3, 2, 6};
        float[] offset = {0.5f, 0, 0, -0.2f};
        object(object(d, "actions"), "scaling")
                .putAll(
                        Map.of(
                                "type", "linear",
                                "scale", List.of(4, 3, 2, 6),
                                "offset", List.of(0.5, 0, 0, -0.2)));
        Random rnd = new Random(4);
        int limited = 0;
        try (OnnxPolicy policy = OnnxPolicy.create(pkg(d, net), context());
                OrtReference ort = new OrtReference(net)) {
            float[] action = new float[ACT];
            for (int step = 0; step < 200; step++) {
                float[] obs = random(rnd, OBS, 3);
                policy.act(obs, action);
                float[] y = ort(ort, normalise(obs, d));
                for (int j = 0; j < ACT; j++) {
                    double v = JOINTS.get(j).maxVelocityRadPerSec();
                    double raw = (double) scale[j] * y[j] + offset[j];
                    limited += Math.abs(raw) > v ? 1 : 0;
                    assertThat(action[j])
                            .as("step %d joint %d", step, j)
                            .isCloseTo((float) Math.max(-v, Math.min(v, raw)), within(TOLERANCE));
                }
            }
        }
        assertThat(limited).as("actions beyond a speed limit").isPositive();
    }

    /**
     * A recurrent package: 100 steps with the state carried inside the networks against ONNX
     * Runtime fed back its own state; then reset() and 10 steps against ONNX Runtime from zero.
     */
    @Test
    void aRecurrentPolicyCarriesItsStateOver100StepsAndResetStartsAgain() throws Exception {
        int hidden = 12;
        byte[] net = TestPackages.lstm(5, OBS, 16, hidden, ACT);
        Map<String, Object> d = descriptor(names(1));
        d.put("recurrentStateSizes", List.of(hidden, hidden));
        object(object(d, "actions"), "scaling").put("type", "linear");
        Random rnd = new Random(6);
        try (OnnxPolicy policy = OnnxPolicy.create(pkg(d, net), context());
                OrtReference ort = new OrtReference(net)) {
            assertThat(policy.spec().recurrent()).isTrue();
            float[] action = new float[ACT];
            float[] h = new float[hidden];
            float[] c = new float[hidden];
            float[] firstAction = null;
            boolean stateMatters = false;
            float[] zero = new float[OBS];
            for (int step = 0; step < 110; step++) {
                if (step == 100) {
                    policy.reset();
                    h = new float[hidden];
                    c = new float[hidden];
                }
                float[] obs = step % 10 == 0 ? zero : random(rnd, OBS, 2);
                policy.act(obs, action);
                Map<String, Input> in = new HashMap<>();
                in.put("obs", new Input(normalise(obs, d), 1, OBS));
                in.put("h0", new Input(h, 1, 1, hidden));
                in.put("c0", new Input(c, 1, 1, hidden));
                Map<String, float[]> out = ort.run(in);
                h = out.get("hn");
                c = out.get("cn");
                for (int j = 0; j < ACT; j++) {
                    JointRange r = JOINTS.get(j);
                    double expected =
                            Math.max(
                                    r.minPositionRad(),
                                    Math.min(r.maxPositionRad(), out.get("action")[j]));
                    assertThat(action[j])
                            .as("step %d joint %d", step, j)
                            .isCloseTo((float) expected, within(TOLERANCE));
                }
                if (step == 0) {
                    firstAction = action.clone();
                } else if (step % 10 == 0 && step < 100) {
                    stateMatters |= !java.util.Arrays.equals(firstAction, action);
                } else if (step == 100) {
                    assertThat(action)
                            .as("after reset, the zero observation gives step 0's action")
                            .containsExactly(firstAction, within(TOLERANCE));
                }
            }
            assertThat(stateMatters).as("the same observation, another state").isTrue();
        }
    }

    /**
     * What the policy adds per act() to its networks' own run(): nothing. Networks of Gemm nodes
     * only, which run on BLAS without ND4J's per-op dispatch garbage, make a zero visible.
     */
    @Test
    void actAllocatesNothingBeyondTheNetworks() {
        byte[][] nets = {mlp(7, 0, 0, OBS, ACT), mlp(8, 0, 0, OBS, ACT), mlp(9, 0, 0, OBS, ACT)};
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] obs = random(new Random(10), OBS, 1);
        float[] action = new float[ACT];
        long networks = 0;
        for (byte[] b : nets) {
            try (OnnxNetwork n = OnnxNetwork.load(b)) {
                networks += perCall(threads, () -> n.run(obs, action));
            }
        }
        try (OnnxPolicy policy = OnnxPolicy.create(pkg(descriptor(names(3)), nets), context())) {
            long policyBytes = perCall(threads, () -> policy.act(obs, action));
            System.out.printf(
                    "bytes allocated per act() of a 3-member ensemble: %d (its networks' run(): %d)%n",
                    policyBytes, networks);
            assertThat(networks).as("the networks' own garbage").isLessThan(16);
            assertThat(policyBytes).isLessThanOrEqualTo(networks + 8);
        }
    }

    private static long perCall(com.sun.management.ThreadMXBean threads, Runnable r) {
        for (int i = 0; i < 3000; i++) {
            r.run();
        }
        int calls = 3000;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / calls;
    }

    @Test
    void aBatchGivesEachRowWhatActGivesIt() {
        byte[][] nets = {mlp(11, 21, 0.1f, OBS, 16, 16, ACT), mlp(11, 22, 0.1f, OBS, 16, 16, ACT)};
        int n = 5;
        Random rnd = new Random(12);
        float[] obs = random(rnd, n * OBS, 3);
        float[] actions = new float[n * ACT];
        double[] uncertainties = new double[n];
        try (OnnxPolicy policy = OnnxPolicy.create(pkg(descriptor(names(2)), nets), context())) {
            policy.prepareBatch(n);
            policy.actBatch(obs, n, actions, uncertainties);
            float[] one = new float[ACT];
            for (int r = 0; r < n; r++) {
                policy.act(java.util.Arrays.copyOfRange(obs, r * OBS, (r + 1) * OBS), one);
                assertThat(java.util.Arrays.copyOfRange(actions, r * ACT, (r + 1) * ACT))
                        .as("row %d", r)
                        .containsExactly(one, within(TOLERANCE));
                assertThat(uncertainties[r])
                        .as("row %d", r)
                        .isCloseTo(policy.uncertainty(), within(1e-5));
                assertThat(uncertainties[r]).isPositive();
            }
        }
    }
}
