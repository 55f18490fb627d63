package armature.policy.onnx;

import static armature.policy.onnx.FeedForwardTest.TOLERANCE;
import static armature.policy.onnx.FeedForwardTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.policy.onnx.testing.OnnxGraphBuilder;
import armature.policy.onnx.testing.OnnxGraphBuilder.Attr;
import armature.policy.onnx.testing.OrtReference;
import armature.policy.onnx.testing.OrtReference.Input;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recurrent policies (dense -> LSTM/GRU -> dense) run 100 steps with the state carried inside the
 * network; ONNX Runtime gets the state it returned fed back as initial_h/initial_c. Every action
 * must agree to 1e-5.
 */
class RecurrentTest {
    static final int OBS = 10;
    static final int DENSE = 16;
    static final int HIDDEN = 12;
    static final int ACTIONS = 4;

    /**
     * obs -> Gemm -> Tanh -> Reshape [1, batch, 16] -> LSTM/GRU -> Reshape [batch, 12] -> Gemm ->
     * action.
     */
    static byte[] policy(String cell, boolean linearBeforeReset, boolean fromY, Random rnd) {
        boolean lstm = cell.equals("LSTM");
        int gates = lstm ? 4 : 3;
        float scale = (float) (1 / Math.sqrt(HIDDEN));
        OnnxGraphBuilder g =
                new OnnxGraphBuilder().input("obs", -1, OBS).input("h0", 1, -1, HIDDEN);
        if (lstm) {
            g.input("c0", 1, -1, HIDDEN);
        }
        g.output("action", -1, ACTIONS).output("hn", 1, -1, HIDDEN);
        if (lstm) {
            g.output("cn", 1, -1, HIDDEN);
        }
        g.linear("encoder", "obs", "e", OBS, DENSE, rnd);
        g.node("Tanh", "encoder_act", List.of("e"), List.of("ea"));
        g.node("Reshape", "to_sequence", List.of("ea", g.longs(1, -1, DENSE)), List.of("x"));
        String w = g.random("W", rnd, scale, 1, gates * HIDDEN, DENSE);
        String r = g.random("R", rnd, scale, 1, gates * HIDDEN, HIDDEN);
        String b = g.random("B", rnd, scale, 1, 2 * gates * HIDDEN);
        List<String> in =
                lstm ? List.of("x", w, r, b, "", "h0", "c0") : List.of("x", w, r, b, "", "h0");
        List<String> out =
                lstm ? List.of(fromY ? "y" : "", "hn", "cn") : List.of(fromY ? "y" : "", "hn");
        Attr[] attrs =
                lstm
                        ? new Attr[] {Attr.i("hidden_size", HIDDEN)}
                        : new Attr[] {
                            Attr.i("hidden_size", HIDDEN),
                            Attr.i("linear_before_reset", linearBeforeReset ? 1 : 0)
                        };
        g.node(cell, "core", in, out, attrs);
        g.node(
                "Reshape",
                "features",
                List.of(fromY ? "y" : "hn", g.longs(-1, HIDDEN)),
                List.of("f"));
        g.linear("head", "f", "action", HIDDEN, ACTIONS, rnd);
        return g.build();
    }

    @Test
    void lstmPolicyCarriesStateOver100StepsLikeOnnxRuntime() throws Exception {
        byte[] model = policy("LSTM", false, false, new Random(21));
        try (OnnxNetwork net = OnnxNetwork.load(model)) {
            assertThat(net.stateSizes()).containsExactly(HIDDEN, HIDDEN);
        }
        compareSteps(model, true, 1, new Random(22));
        compareSteps(model, true, 3, new Random(23));
    }

    @Test
    void lstmReadingYInsteadOfYhMatchesOnnxRuntime() throws Exception {
        compareSteps(policy("LSTM", false, true, new Random(24)), true, 1, new Random(25));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void gruPolicyCarriesStateOver100StepsLikeOnnxRuntime(boolean linearBeforeReset)
            throws Exception {
        byte[] model = policy("GRU", linearBeforeReset, linearBeforeReset, new Random(31));
        try (OnnxNetwork net = OnnxNetwork.load(model)) {
            assertThat(net.stateSizes()).containsExactly(HIDDEN);
        }
        compareSteps(model, false, 1, new Random(32));
        compareSteps(model, false, 4, new Random(33));
    }

    /**
     * The shape operators PyTorch's exporter puts around nn.LSTM for one step: Unsqueeze the dense
     * output to [1, batch, features], Squeeze Y's direction and sequence axes; h/c as state inputs
     * and outputs.
     */
    @Test
    void lstmWithPyTorchsUnsqueezeAndSqueezeMatchesOnnxRuntime() throws Exception {
        Random rnd = new Random(41);
        float scale = (float) (1 / Math.sqrt(HIDDEN));
        OnnxGraphBuilder g =
                new OnnxGraphBuilder()
                        .input("obs", -1, OBS)
                        .input("h0", 1, -1, HIDDEN)
                        .input("c0", 1, -1, HIDDEN)
                        .output("action", -1, ACTIONS)
                        .output("hn", 1, -1, HIDDEN)
                        .output("cn", 1, -1, HIDDEN);
        g.linear("encoder", "obs", "e", OBS, DENSE, rnd);
        g.node("Elu", "encoder_act", List.of("e"), List.of("ea"));
        g.node("Unsqueeze", "seq", List.of("ea", g.longs(0)), List.of("x"));
        String w = g.random("W", rnd, scale, 1, 4 * HIDDEN, DENSE);
        String r = g.random("R", rnd, scale, 1, 4 * HIDDEN, HIDDEN);
        String b = g.random("B", rnd, scale, 1, 8 * HIDDEN);
        g.node(
                "LSTM",
                "lstm",
                List.of("x", w, r, b, "", "h0", "c0"),
                List.of("y", "hn", "cn"),
                Attr.i("hidden_size", HIDDEN));
        g.node("Squeeze", "directions", List.of("y", g.longs(1)), List.of("y1"));
        g.node("Squeeze", "steps", List.of("y1", g.longs(0)), List.of("f"));
        g.linear("head", "f", "action", HIDDEN, ACTIONS, rnd);
        compareSteps(g.build(), true, 1, new Random(42));
        compareSteps(g.build(), true, 2, new Random(43));
    }

    /** 100 steps carried, then a reset and 10 more from zero state: every action against ORT. */
    static void compareSteps(byte[] model, boolean lstm, int n, Random rnd) throws Exception {
        try (OnnxNetwork net = OnnxNetwork.load(model);
                OrtReference ort = new OrtReference(model)) {
            float[] h = new float[n * HIDDEN];
            float[] c = new float[n * HIDDEN];
            float[] action = new float[n * ACTIONS];
            boolean differsFromFirst = false;
            float[] first = null;
            for (int step = 0; step < 110; step++) {
                if (step == 100) {
                    net.resetState();
                    h = new float[n * HIDDEN];
                    c = new float[n * HIDDEN];
                }
                float[] obs = step % 10 == 0 ? new float[n * OBS] : random(rnd, n * OBS, 2f);
                if (n == 1) {
                    net.run(obs, action);
                } else {
                    net.runBatch(obs, n, action);
                }
                Map<String, Input> inputs = new HashMap<>();
                inputs.put("obs", new Input(obs, n, OBS));
                inputs.put("h0", new Input(h, 1, n, HIDDEN));
                if (lstm) {
                    inputs.put("c0", new Input(c, 1, n, HIDDEN));
                }
                Map<String, float[]> expected = ort.run(inputs);
                assertThat(action)
                        .as("step %d, batch %d", step, n)
                        .containsExactly(expected.get("action"), within(TOLERANCE));
                h = expected.get("hn");
                c = lstm ? expected.get("cn") : c;
                // a zero observation every 10 steps: the action then depends on the state alone
                if (step % 10 == 0) {
                    if (first == null) {
                        first = action.clone();
                    } else if (step < 100) {
                        differsFromFirst |= !java.util.Arrays.equals(first, action);
                    } else {
                        assertThat(action)
                                .as("after reset the zero observation gives step 0's action")
                                .containsExactly(first, within(TOLERANCE));
                    }
                }
            }
            assertThat(differsFromFirst).as("the carried state changes the action").isTrue();
        }
    }
}
