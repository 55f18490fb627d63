package armature.policy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.policy.onnx.testing.OnnxGraphBuilder;
import armature.policy.onnx.testing.OnnxGraphBuilder.Attr;
import armature.policy.onnx.testing.OrtReference;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Models the executor refuses at load: the message names the node, its operator and the shapes. */
class LoadErrorTest {
    private final Random rnd = new Random(5);

    @Test
    void unsupportedOperatorNamesNodeOperatorAndInputShapes() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 16).output("action", -1, 32);
        g.linear("fc1", "obs", "h", 16, 32, rnd);
        String scale = g.random("ln.scale", rnd, 1f, 32);
        String bias = g.random("ln.bias", rnd, 1f, 32);
        g.node(
                "LayerNormalization",
                "ln",
                List.of("h", scale, bias),
                List.of("action"),
                Attr.i("axis", -1));
        byte[] model = g.build();
        // a valid model: ONNX Runtime runs it
        try (OrtReference ort = new OrtReference(model)) {
            assertThat(ort.session().getOutputNames()).contains("action");
        }
        assertThatThrownBy(() -> OnnxNetwork.load(model))
                .isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("node 'ln' (LayerNormalization)")
                .hasMessageContaining("unsupported operator")
                .hasMessageContaining("h [1, 32]")
                .hasMessageContaining("ln.scale [32]")
                .hasMessageContaining("supported: [Add, Clip, Concat");
    }

    @Test
    void gemmInnerDimensionMismatchNamesNodeAndBothShapes() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 64).output("action", -1, 32);
        String w = g.random("fc1.weight", rnd, 1f, 32, 63);
        g.node("Gemm", "fc1", List.of("obs", w), List.of("action"), Attr.i("transB", 1));
        assertThatThrownBy(() -> OnnxNetwork.load(g.build()))
                .isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("node 'fc1' (Gemm)")
                .hasMessageContaining("A [1, 64]")
                .hasMessageContaining("B [32, 63] (transB)")
                .hasMessageContaining("inner dimensions 64 and 63 differ");
    }

    @Test
    void aDeclaredInputTooLargeToPlanIsRefusedBeforeAnyAllocation() {
        long huge = 1L << 40;
        OnnxGraphBuilder g =
                new OnnxGraphBuilder().input("obs", -1, huge).output("action", -1, huge);
        g.node("Relu", "r", List.of("obs"), List.of("action"));
        assertThatThrownBy(() -> OnnxNetwork.load(g.build()))
                .isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("a tensor of shape [1, " + huge + "]")
                .hasMessageContaining("would hold more than 268435456 values (1 GiB)");
    }

    @Test
    void matMulMismatchNamesNodeAndShapes() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 8).output("action", -1, 4);
        String w = g.random("w", rnd, 1f, 9, 4);
        g.node("MatMul", "mm", List.of("obs", w), List.of("action"));
        assertThatThrownBy(() -> OnnxNetwork.load(g.build()))
                .hasMessageContaining("node 'mm' (MatMul)")
                .hasMessageContaining("[1, 8]")
                .hasMessageContaining("[9, 4]");
    }

    @Test
    void addThatDoesNotBroadcastNamesBothShapes() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 6).output("action", -1, 6);
        String b = g.random("b", rnd, 1f, 5);
        g.node("Add", "bias", List.of("obs", b), List.of("action"));
        assertThatThrownBy(() -> OnnxNetwork.load(g.build()))
                .hasMessageContaining("node 'bias' (Add)")
                .hasMessageContaining("shapes [1, 6] and [5] do not broadcast");
    }

    @Test
    void lstmWeightsThatDoNotFitTheInputNameNodeAndShapes() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 16).output("action", -1, 12);
        g.node("Reshape", "seq", List.of("obs", g.longs(1, -1, 16)), List.of("x"));
        String w = g.random("W", rnd, 1f, 1, 48, 15);
        String r = g.random("R", rnd, 1f, 1, 48, 12);
        g.node("LSTM", "core", List.of("x", w, r), List.of("", "hn"), Attr.i("hidden_size", 12));
        g.node("Reshape", "flat", List.of("hn", g.longs(-1, 12)), List.of("action"));
        assertThatThrownBy(() -> OnnxNetwork.load(g.build()))
                .hasMessageContaining("node 'core' (LSTM)")
                .hasMessageContaining("W [1, 48, 15]")
                .hasMessageContaining("X [1, 1, 16]")
                .hasMessageContaining("expected [1, 48, 16]");
    }

    @Test
    void bidirectionalLstmIsRefusedByName() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 4).output("action", -1, 2);
        g.node("Reshape", "seq", List.of("obs", g.longs(1, -1, 4)), List.of("x"));
        String w = g.random("W", rnd, 1f, 2, 8, 4);
        String r = g.random("R", rnd, 1f, 2, 8, 2);
        g.node(
                "LSTM",
                "core",
                List.of("x", w, r),
                List.of("", "hn"),
                Attr.i("hidden_size", 2),
                Attr.s("direction", "bidirectional"));
        assertThatThrownBy(() -> OnnxNetwork.load(g.build()))
                .hasMessageContaining("node 'core' (LSTM)")
                .hasMessageContaining("direction 'bidirectional' is not supported");
    }

    @Test
    void declaredOutputShapeThatDiffersFromTheComputedOneIsNamed() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 6).output("action", -1, 7);
        g.linear("fc", "obs", "action", 6, 5, rnd);
        assertThatThrownBy(() -> OnnxNetwork.load(g.build()))
                .hasMessageContaining(
                        "graph output 'action' is declared [batch, 7] but the graph computes [1, 5]");
    }

    @Test
    void reshapeHardCodedForOneObservationFailsOnlyForLargerBatchesNamingTheNode() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 6).output("action", -1, 6);
        g.node("Reshape", "fixed", List.of("obs", g.longs(1, 6)), List.of("action"));
        try (OnnxNetwork net = OnnxNetwork.load(g.build())) {
            float[] out = new float[6];
            net.run(new float[] {1, 2, 3, 4, 5, 6}, out);
            assertThat(out).containsExactly(1, 2, 3, 4, 5, 6);
            assertThatThrownBy(() -> net.runBatch(new float[12], 2, new float[12]))
                    .isInstanceOf(OnnxModelException.class)
                    .hasMessageContaining("node 'fixed' (Reshape)")
                    .hasMessageContaining("cannot reshape [2, 6] (12 elements) to [1, 6]");
        }
    }

    @Test
    void malformedBytesAndOldOpsetsAreRefused() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 4).output("action", -1, 3);
        g.linear("fc", "obs", "action", 4, 3, rnd);
        byte[] model = g.build();
        assertThatThrownBy(() -> OnnxNetwork.load(Arrays.copyOf(model, model.length - 7)))
                .isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("malformed ONNX protobuf");
        assertThatThrownBy(() -> OnnxNetwork.load(g.opset(11).build()))
                .isInstanceOf(OnnxModelException.class)
                .hasMessageContaining("opset 11; opset 13 or newer is supported");
        assertThatCode(() -> OnnxNetwork.load(g.opset(13).build()).close())
                .doesNotThrowAnyException();
    }

    @Test
    void wrongArgumentsAndAClosedNetworkAreRefusedWithTheirValues() {
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, 4).output("action", -1, 3);
        g.linear("fc", "obs", "action", 4, 3, rnd);
        OnnxNetwork net = OnnxNetwork.load(g.build());
        assertThatThrownBy(() -> net.run(new float[3], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("in has length 3; needs at least 4");
        assertThatThrownBy(() -> net.runBatch(new float[8], 0, new float[6]))
                .hasMessage("n is 0; must be at least 1");
        assertThatThrownBy(() -> net.runBatch(new float[8], 2, new float[5]))
                .hasMessage("out has length 5; needs at least 6");
        net.close();
        assertThatThrownBy(() -> net.run(new float[4], new float[3]))
                .isInstanceOf(IllegalStateException.class);
    }
}
