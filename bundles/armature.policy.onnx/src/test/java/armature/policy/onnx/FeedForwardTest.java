package armature.policy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.policy.onnx.testing.OnnxGraphBuilder;
import armature.policy.onnx.testing.OnnxGraphBuilder.Attr;
import armature.policy.onnx.testing.OrtReference;
import armature.policy.onnx.testing.OrtReference.Input;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Feed-forward graphs with known random weights, every output checked against ONNX Runtime to 1e-5.
 */
class FeedForwardTest {
    static final float TOLERANCE = 1e-5f;

    @ParameterizedTest
    @ValueSource(strings = {"Tanh", "Relu", "Elu", "Sigmoid", "Softplus"})
    void mlpWithEachActivationMatchesOnnxRuntime(String activation) throws Exception {
        Random rnd = new Random(activation.hashCode());
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 24).output("action", -1, 6);
        g.linear("fc1", "obs", "h1", 24, 32, rnd);
        Attr[] attrs = activation.equals("Elu") ? new Attr[] {Attr.f("alpha", 0.7f)} : new Attr[0];
        g.node(activation, "act1", List.of("h1"), List.of("a1"), attrs);
        g.linear("fc2", "a1", "h2", 32, 32, rnd);
        g.node(activation, "act2", List.of("h2"), List.of("a2"), attrs);
        g.linear("fc3", "a2", "action", 32, 6, rnd);
        compareFeedForward(g.build(), 24, 6, rnd, 3.0f);
    }

    @Test
    void gemmAlphaBetaTransposesAndMatMulAddMatchOnnxRuntime() throws Exception {
        Random rnd = new Random(7);
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 10).output("action", -1, 5);
        // transB = 0: W stored [in, out]; alpha and beta scale product and bias
        String w1 = g.random("w1", rnd, 0.5f, 10, 16);
        String b1 = g.random("b1", rnd, 0.5f, 1, 16);
        g.node(
                "Gemm",
                "gemm_plain",
                List.of("obs", w1, b1),
                List.of("h1"),
                Attr.f("alpha", 0.5f),
                Attr.f("beta", 2f));
        g.node("Tanh", "t1", List.of("h1"), List.of("a1"));
        // MatMul + Add, the exporter's form for Linear on higher-rank inputs
        String w2 = g.random("w2", rnd, 0.5f, 16, 12);
        String b2 = g.random("b2", rnd, 0.5f, 12);
        g.node("MatMul", "mm", List.of("a1", w2), List.of("m2"));
        g.node("Add", "bias2", List.of(b2, "m2"), List.of("h2"));
        g.node("Relu", "r2", List.of("h2"), List.of("a2"));
        // a bias of the full [batch, out] shape is a dynamic operand: Add of two activations
        g.node("Add", "skip", List.of("a2", "a2"), List.of("a2x2"));
        String w3 = g.random("w3", rnd, 0.5f, 5, 12);
        g.node("Gemm", "gemm_tb", List.of("a2x2", w3), List.of("action"), Attr.i("transB", 1));
        compareFeedForward(g.build(), 10, 5, rnd, 2f);
    }

    @Test
    void concatSliceReshapeClipIdentityMatchOnnxRuntime() throws Exception {
        Random rnd = new Random(11);
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 12).output("action", -1, 2, 3);
        // two observation parts, one strided, as layouts often pick joints out of a vector
        g.node("Slice", "joints", List.of("obs", g.longs(0), g.longs(6), g.longs(1)), List.of("q"));
        g.node(
                "Slice",
                "every_other",
                List.of("obs", g.longs(6), g.longs(100), g.longs(-1), g.longs(2)),
                List.of("v"));
        g.node("Tanh", "squash", List.of("v"), List.of("tv"));
        g.node("Concat", "features", List.of("tv", "q", "obs"), List.of("f"), Attr.i("axis", -1));
        g.linear("fc", "f", "h", 21, 6, rnd);
        g.node("Clip", "limits", List.of("h", g.scalar(-0.4f), g.scalar(0.3f)), List.of("hc"));
        g.node("Reshape", "to_2x3", List.of("hc", g.longs(-1, 2, 3)), List.of("r"));
        g.node("Identity", "out", List.of("r"), List.of("action"));
        compareFeedForward(g.build(), 12, 6, rnd, 2f);
    }

    @Test
    void clipWithOnlyAMaximumAndSqueezeUnsqueezeFlattenMatchOnnxRuntime() throws Exception {
        Random rnd = new Random(12);
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 8).output("action", -1, 4);
        g.node("Unsqueeze", "u", List.of("obs", g.longs(1)), List.of("u1"));
        g.node("Squeeze", "s", List.of("u1", g.longs(1)), List.of("s1"));
        g.node("Clip", "cap", List.of("s1", "", g.scalar(0.2f)), List.of("c1"));
        g.node("Flatten", "flat", List.of("c1"), List.of("f1"), Attr.i("axis", 1));
        g.linear("fc", "f1", "action", 8, 4, rnd);
        compareFeedForward(g.build(), 8, 4, rnd, 2f);
    }

    @Test
    void constantNodesAsPyTorchWritesShapesAndBoundsMatchOnnxRuntime() throws Exception {
        Random rnd = new Random(13);
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 9).output("action", -1, 3);
        g.node(
                "Constant",
                "shape_const",
                List.of(),
                List.of("shape"),
                Attr.int64Tensor("value", -1, 3, 3));
        g.node("Reshape", "grid", List.of("obs", "shape"), List.of("grid"));
        g.node(
                "Constant",
                "flat_const",
                List.of(),
                List.of("flat"),
                Attr.int64Tensor("value", 0, -1));
        g.node("Reshape", "flat", List.of("grid", "flat"), List.of("f"));
        g.linear("fc", "f", "h", 9, 3, rnd);
        g.node(
                "Constant",
                "low_const",
                List.of(),
                List.of("low"),
                Attr.floatTensor("value", -0.25f));
        g.node("Clip", "floor", List.of("h", "low"), List.of("action"));
        compareFeedForward(g.build(), 9, 3, rnd, 2f);
    }

    /** Single observations through run(), then batches of 1, 5 and 64 through runBatch(). */
    static void compareFeedForward(byte[] model, int in, int out, Random rnd, float range)
            throws Exception {
        try (OnnxNetwork net = OnnxNetwork.load(model);
                OrtReference ort = new OrtReference(model)) {
            assertThat(net.inputSize()).isEqualTo(in);
            assertThat(net.outputSize()).isEqualTo(out);
            assertThat(net.stateSizes()).isEmpty();
            String inName = ort.session().getInputNames().iterator().next();
            String outName = ort.session().getOutputNames().iterator().next();
            float[] actual = new float[out];
            for (int i = 0; i < 20; i++) {
                float[] obs = random(rnd, in, range);
                net.run(obs, actual);
                float[] expected = ort.run(Map.of(inName, new Input(obs, 1, in))).get(outName);
                assertThat(actual)
                        .as("observation %d", i)
                        .containsExactly(expected, within(TOLERANCE));
            }
            for (int n : new int[] {1, 5, 64}) {
                float[] obs = random(rnd, n * in, range);
                float[] batch = new float[n * out];
                net.runBatch(obs, n, batch);
                float[] expected = ort.run(Map.of(inName, new Input(obs, n, in))).get(outName);
                assertThat(batch).as("batch of %d", n).containsExactly(expected, within(TOLERANCE));
            }
        }
    }

    static float[] random(Random rnd, int n, float range) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (rnd.nextFloat() * 2 - 1) * range;
        }
        return a;
    }
}
