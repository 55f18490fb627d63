package armature.policy.benchmark;

import armature.policy.onnx.testing.OnnxGraphBuilder;
import java.util.List;
import java.util.Random;

/**
 * The benchmarked networks, built with fixed random weights (PyTorch's Linear/LSTM export layout).
 */
final class BenchModels {
    private BenchModels() {}

    /** A tanh MLP; sizes[0] observations, the last size actions. */
    static byte[] mlp(int... sizes) {
        Random rnd = new Random(42);
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

    /**
     * OpenAI's Dactyl shape: obs -> dense (ReLU) -> LSTM -> linear actions, h/c as state
     * inputs/outputs.
     */
    static byte[] denseLstm(int obs, int dense, int hidden, int actions) {
        Random rnd = new Random(43);
        float scale = (float) (1 / Math.sqrt(hidden));
        OnnxGraphBuilder g =
                new OnnxGraphBuilder()
                        .input("obs", -1, obs)
                        .input("h0", 1, -1, hidden)
                        .input("c0", 1, -1, hidden)
                        .output("action", -1, actions)
                        .output("hn", 1, -1, hidden)
                        .output("cn", 1, -1, hidden);
        g.linear("dense", "obs", "d", obs, dense, rnd);
        g.node("Relu", "dense_act", List.of("d"), List.of("da"));
        g.node("Reshape", "to_sequence", List.of("da", g.longs(1, -1, dense)), List.of("x"));
        String w = g.random("W", rnd, scale, 1, 4 * hidden, dense);
        String r = g.random("R", rnd, scale, 1, 4 * hidden, hidden);
        String b = g.random("B", rnd, scale, 1, 8 * hidden);
        g.node(
                "LSTM",
                "lstm",
                List.of("x", w, r, b, "", "h0", "c0"),
                List.of("", "hn", "cn"),
                OnnxGraphBuilder.Attr.i("hidden_size", hidden));
        g.node("Reshape", "features", List.of("hn", g.longs(-1, hidden)), List.of("f"));
        g.linear("head", "f", "action", hidden, actions, rnd);
        return g.build();
    }

    /** Multiply-accumulates per observation, for GFLOP/s (2 flops each). */
    static long mlpMacs(int... sizes) {
        long m = 0;
        for (int i = 1; i < sizes.length; i++) {
            m += (long) sizes[i - 1] * sizes[i];
        }
        return m;
    }

    static long lstmMacs(int obs, int dense, int hidden, int actions) {
        return (long) obs * dense + 4L * hidden * (dense + hidden) + (long) hidden * actions;
    }
}
