package armature.policy.onnx.internal;

import static armature.policy.onnx.internal.Planner.fail;
import static armature.policy.onnx.internal.Planner.shape;

import armature.policy.onnx.internal.OnnxModel.Attribute;
import armature.policy.onnx.internal.OnnxModel.Graph;
import armature.policy.onnx.internal.OnnxModel.Node;
import armature.policy.onnx.internal.OnnxModel.Tensor;
import armature.policy.onnx.internal.OnnxModel.ValueInfo;
import armature.policy.onnx.internal.Planner.Value;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Plans ONNX LSTM and GRU nodes as PyTorch exports them (W, R, B; no sequence_lens, no peepholes;
 * forward) for one time step per call. The node keeps h (and c) in its own buffers across calls:
 * initial_h/initial_c graph inputs name that carried state (reset to zeros), Y_h/Y_c alias it. The
 * arithmetic is in {@link RecurrentStep}.
 */
final class RecurrentPlanner {
    private static final Set<String> KNOWN_ATTRIBUTES =
            Set.of("hidden_size", "direction", "linear_before_reset", "layout", "input_forget");

    private RecurrentPlanner() {}

    /**
     * Graph inputs that feed a recurrent node's initial_h or initial_c: carried state, not
     * observations.
     */
    static Set<String> stateInputNames(Graph graph) {
        Set<String> graphInputs = new HashSet<>();
        for (ValueInfo v : graph.inputs()) {
            if (!graph.initializers().containsKey(v.name())) {
                graphInputs.add(v.name());
            }
        }
        Set<String> names = new HashSet<>();
        for (Node n : graph.nodes()) {
            if (n.opType().equals("LSTM") || n.opType().equals("GRU")) {
                for (int i : new int[] {5, 6}) {
                    if (graphInputs.contains(n.input(i))) {
                        names.add(n.input(i));
                    }
                }
            }
        }
        return names;
    }

    static void plan(Planner p, Node n) {
        boolean lstm = n.opType().equals("LSTM");
        int gates = lstm ? 4 : 3;
        for (Attribute a : n.attributes().values()) {
            if (!KNOWN_ATTRIBUTES.contains(a.name())) {
                throw fail(
                        n,
                        "attribute '"
                                + a.name()
                                + "' is not supported (default activations, no clip)");
            }
        }
        Attribute direction = n.attributes().get("direction");
        if (direction != null && !"forward".equals(direction.s())) {
            throw fail(n, "direction '" + direction.s() + "' is not supported; only forward");
        }
        if (NodePlanner.intAttr(n, "layout", 0) != 0
                || NodePlanner.intAttr(n, "input_forget", 0) != 0) {
            throw fail(n, "layout 1 and input_forget are not supported");
        }
        if (!n.input(4).isEmpty() || (lstm && !n.input(7).isEmpty())) {
            throw fail(n, "sequence_lens and peephole inputs are not supported");
        }
        Attribute hs = n.attributes().get("hidden_size");
        long[] w = constantShape(p, n, 1, "W");
        long[] r = constantShape(p, n, 2, "R");
        int hidden = (int) (hs != null ? hs.i() : r[r.length - 1]);
        long[] x = p.value(n, 0).shape();
        if (x.length != 3 || x[0] != 1) {
            throw fail(n, "X " + shape(x) + " must be [1, batch, input]: one time step per call");
        }
        int batch = (int) x[1];
        int input = (int) x[2];
        if (!Arrays.equals(w, new long[] {1, (long) gates * hidden, input})) {
            throw fail(
                    n,
                    "W "
                            + shape(w)
                            + " does not fit X "
                            + shape(x)
                            + " and hidden_size "
                            + hidden
                            + ": expected "
                            + shape(new long[] {1, (long) gates * hidden, input}));
        }
        if (!Arrays.equals(r, new long[] {1, (long) gates * hidden, hidden})) {
            throw fail(
                    n,
                    "R "
                            + shape(r)
                            + " does not fit hidden_size "
                            + hidden
                            + ": expected "
                            + shape(new long[] {1, (long) gates * hidden, hidden}));
        }
        float[] bias = new float[2 * gates * hidden];
        if (!n.input(3).isEmpty()) {
            long[] b = constantShape(p, n, 3, "B");
            if (!Arrays.equals(b, new long[] {1, 2L * gates * hidden})) {
                throw fail(
                        n,
                        "B "
                                + shape(b)
                                + " does not fit hidden_size "
                                + hidden
                                + ": expected "
                                + shape(new long[] {1, 2L * gates * hidden}));
            }
            bias = p.value(n, 3).constant().floats();
        }
        float[] h0 = initialState(p, n, 5, "initial_h", batch, hidden);
        float[] c0 = lstm ? initialState(p, n, 6, "initial_c", batch, hidden) : null;
        boolean linearBeforeReset = NodePlanner.intAttr(n, "linear_before_reset", 0) != 0;
        RecurrentStep step =
                new RecurrentStep(
                        p,
                        lstm,
                        linearBeforeReset,
                        batch,
                        input,
                        hidden,
                        p.buffer(n, 0),
                        p.value(n, 1).constant().floats(),
                        p.value(n, 2).constant().floats(),
                        bias,
                        h0,
                        c0);
        p.steps.add(step);
        p.recurrent.add(step);
        long[] yShape = {1, 1, batch, hidden};
        long[] stateShape = {1, batch, hidden};
        p.define(n, 0, new Value(yShape, null, step.h.alias(yShape), false));
        p.define(n, 1, new Value(stateShape, null, step.h.alias(stateShape), true));
        if (lstm) {
            p.define(n, 2, new Value(stateShape, null, step.c.alias(stateShape), true));
        }
    }

    private static long[] constantShape(Planner p, Node n, int index, String what) {
        Value v = p.value(n, index);
        Tensor t = v.constant();
        if (t == null || t.floats() == null) {
            throw fail(n, what + " '" + n.input(index) + "' must be a float initializer");
        }
        return t.dims();
    }

    /** The state's reset value: zeros where absent or a graph input, else the constant. */
    private static float[] initialState(
            Planner p, Node n, int index, String what, int batch, int hidden) {
        float[] zeros = new float[batch * hidden];
        String name = n.input(index);
        if (name.isEmpty()) {
            return zeros;
        }
        long[] expected = {1, batch, hidden};
        if (p.stateInputs.contains(name)) {
            for (ValueInfo v : p.graph.inputs()) {
                if (v.name().equals(name) && v.dims().length > 0) {
                    long[] d = v.dims();
                    boolean fits =
                            d.length == 3
                                    && (d[0] == 1 || d[0] < 0)
                                    && d[2] == hidden
                                    && (d[1] < 0 || d[1] == 1 || d[1] == batch);
                    if (!fits) {
                        throw fail(
                                n,
                                what
                                        + " input '"
                                        + name
                                        + "' is declared "
                                        + Planner.describe(v)
                                        + "; expected "
                                        + shape(expected));
                    }
                }
            }
            return zeros;
        }
        Value v = p.value(n, index);
        if (v.constant() == null || v.constant().floats() == null) {
            throw fail(n, what + " '" + name + "' must be a graph input or a float constant");
        }
        long[] s = v.shape();
        if (Arrays.equals(s, expected)) {
            return v.constant().floats();
        }
        if (Arrays.equals(s, new long[] {1, 1, hidden})) {
            float[] out = new float[batch * hidden];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(v.constant().floats(), 0, out, b * hidden, hidden);
            }
            return out;
        }
        throw fail(n, what + " " + shape(s) + " does not fit: expected " + shape(expected));
    }
}
