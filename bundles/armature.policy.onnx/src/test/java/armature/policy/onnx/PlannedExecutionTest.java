package armature.policy.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import armature.policy.onnx.testing.OnnxGraphBuilder;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What planning once buys: repeatable results and no arrays allocated per call. */
class PlannedExecutionTest {

    static byte[] mlp(Random rnd, int... sizes) {
        OnnxGraphBuilder g =
                new OnnxGraphBuilder()
                        .input("obs", -1, sizes[0])
                        .output("action", -1, sizes[sizes.length - 1]);
        String in = "obs";
        for (int i = 1; i < sizes.length; i++) {
            boolean last = i == sizes.length - 1;
            String out = last ? "action" : "h" + i;
            g.linear("fc" + i, in, out, sizes[i - 1], sizes[i], rnd);
            if (!last) {
                g.node("Tanh", "tanh" + i, List.of(out), List.of("a" + i));
                in = "a" + i;
            }
        }
        return g.build();
    }

    @Test
    void sameObservationGivesBitIdenticalActions() {
        try (OnnxNetwork net = OnnxNetwork.load(mlp(new Random(1), 64, 256, 256, 20))) {
            float[] obs = FeedForwardTest.random(new Random(2), 64, 1f);
            float[] first = new float[20];
            float[] again = new float[20];
            net.run(obs, first);
            for (int i = 0; i < 200; i++) {
                net.run(FeedForwardTest.random(new Random(i), 64, 1f), again);
            }
            net.run(obs, again);
            assertThat(again).isEqualTo(first);
            float[] batch = new float[64 * 8];
            for (int row = 0; row < 8; row++) {
                System.arraycopy(obs, 0, batch, row * 64, 64);
            }
            float[] actions = new float[20 * 8];
            net.runBatch(batch, 8, actions);
            net.runBatch(batch, 8, actions);
            for (int row = 0; row < 8; row++) {
                float[] a = java.util.Arrays.copyOfRange(actions, row * 20, row * 20 + 20);
                assertThat(a)
                        .as("row %d", row)
                        .containsExactly(first, org.assertj.core.api.Assertions.within(1e-5f));
            }
        }
    }

    /**
     * The plan allocates no arrays per call: what remains is the few hundred bytes of Java garbage
     * ND4J's op dispatch makes per transform (two Tanh here); a single per-call INDArray would add
     * more than that.
     */
    @Test
    void runAllocatesNoArraysPerCall() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (OnnxNetwork net = OnnxNetwork.load(mlp(new Random(1), 64, 256, 256, 20))) {
            float[] obs = FeedForwardTest.random(new Random(2), 64, 1f);
            float[] out = new float[20];
            for (int i = 0; i < 5000; i++) {
                net.run(obs, out);
            }
            int calls = 5000;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                net.run(obs, out);
            }
            long perCall = (threads.getCurrentThreadAllocatedBytes() - before) / calls;
            System.out.println("bytes allocated per run() of the 64-256-256-20 MLP: " + perCall);
            assertThat(perCall).isLessThan(1536);
            // the weights (87,040 + 532 biases) and the activations, copied once into ND4J memory
            assertThat(net.plannedBytes()).isBetween(4L * (87_040 + 532), 4L * (87_040 + 532) * 2);
        }
    }
}
