package armature.policy.onnx.internal;

import armature.policy.onnx.OnnxModelException;
import armature.policy.onnx.internal.OnnxModel.Graph;
import armature.policy.onnx.internal.OnnxModel.Node;
import armature.policy.onnx.internal.OnnxModel.Tensor;
import armature.policy.onnx.internal.OnnxModel.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Validates a graph and plans its execution for one batch size: every shape is computed, every
 * buffer allocated and every step bound to its buffers here, so that running allocates no arrays.
 * The graph has one observation input [batch, ...] and one action output; recurrent nodes may add
 * state inputs (their initial_h/initial_c) and state outputs (their Y_h/Y_c), which the plan
 * carries itself between calls.
 */
public final class Planner {
    public static final Set<String> SUPPORTED =
            new TreeSet<>(
                    List.of(
                            "Gemm",
                            "MatMul",
                            "Add",
                            "Tanh",
                            "Relu",
                            "Elu",
                            "Sigmoid",
                            "Softplus",
                            "Concat",
                            "Clip",
                            "Slice",
                            "Reshape",
                            "Identity",
                            "Squeeze",
                            "Unsqueeze",
                            "Flatten",
                            "Constant",
                            "LSTM",
                            "GRU"));

    /** A value in the graph: a constant tensor, or a planned buffer. */
    record Value(long[] shape, Tensor constant, Buf buf, boolean state) {}

    final Graph graph;
    final int batch;
    final Map<String, Value> values = new HashMap<>();
    final List<Step> steps = new ArrayList<>();
    final List<Plan.Recurrent> recurrent = new ArrayList<>();
    final List<INDArray> arrays = new ArrayList<>();
    final Set<String> stateInputs = new HashSet<>();
    private final Map<Integer, Buf> ones = new HashMap<>();

    private Planner(Graph graph, int batch) {
        this.graph = graph;
        this.batch = batch;
    }

    public static Plan plan(Graph graph, int batch) {
        return new Planner(graph, batch).build();
    }

    static boolean supported(Node n) {
        boolean defaultDomain = n.domain().isEmpty() || n.domain().equals("ai.onnx");
        return defaultDomain && SUPPORTED.contains(n.opType());
    }

    private OnnxModelException unsupported(Node n) {
        List<String> shapes = new ArrayList<>();
        for (String in : n.inputs()) {
            Value v = values.get(in);
            shapes.add(in + (v == null ? "" : " " + Arrays.toString(v.shape())));
        }
        return new OnnxModelException(
                n.label()
                        + ": unsupported operator"
                        + (n.domain().isEmpty() ? "" : " in domain '" + n.domain() + "'")
                        + " with inputs "
                        + shapes
                        + "; supported: "
                        + SUPPORTED);
    }

    private Plan build() {
        for (Tensor t : graph.initializers().values()) {
            values.put(t.name(), new Value(t.dims(), t, null, false));
        }
        Set<String> consumedByRecurrentState = RecurrentPlanner.stateInputNames(graph);
        Buf input = null;
        String inputName = null;
        for (ValueInfo in : graph.inputs()) {
            if (graph.initializers().containsKey(in.name())) {
                continue; // older exporters list initializers among the inputs
            }
            if (consumedByRecurrentState.contains(in.name())) {
                stateInputs.add(in.name());
                continue;
            }
            if (input != null) {
                throw new OnnxModelException(
                        "graph has several observation inputs ("
                                + inputName
                                + ", "
                                + in.name()
                                + "); one observation input [batch, features] is supported, plus recurrent"
                                + " state inputs feeding LSTM/GRU initial_h/initial_c");
            }
            if (in.elemType() != OnnxModel.FLOAT) {
                throw new OnnxModelException(
                        "graph input '"
                                + in.name()
                                + "' has element type "
                                + in.elemType()
                                + "; only float (1) is supported");
            }
            if (in.dims().length < 2) {
                throw new OnnxModelException(
                        "graph input '"
                                + in.name()
                                + "' has shape "
                                + describe(in)
                                + "; expected [batch, features...]");
            }
            long[] shape = in.dims().clone();
            shape[0] = batch;
            for (int i = 1; i < shape.length; i++) {
                if (shape[i] <= 0) {
                    throw new OnnxModelException(
                            "graph input '"
                                    + in.name()
                                    + "' has shape "
                                    + describe(in)
                                    + "; only the batch dimension may be symbolic");
                }
            }
            input = allocate(shape);
            inputName = in.name();
            values.put(in.name(), new Value(shape, null, input, false));
        }
        if (input == null) {
            throw new OnnxModelException("graph has no observation input");
        }
        NodePlanner nodes = new NodePlanner(this);
        for (Node n : graph.nodes()) {
            if (!supported(n)) {
                throw unsupported(n);
            }
            if (n.opType().equals("LSTM") || n.opType().equals("GRU")) {
                RecurrentPlanner.plan(this, n);
            } else {
                nodes.plan(n);
            }
        }
        Buf output = null;
        String outputName = null;
        for (ValueInfo out : graph.outputs()) {
            Value v = values.get(out.name());
            if (v == null) {
                throw new OnnxModelException(
                        "graph output '" + out.name() + "' is produced by no node");
            }
            checkDeclared(out, v.shape(), v.state());
            if (v.state()) {
                continue;
            }
            if (output != null) {
                throw new OnnxModelException(
                        "graph has several action outputs ("
                                + outputName
                                + ", "
                                + out.name()
                                + "); one action output is supported besides recurrent Y_h/Y_c outputs");
            }
            if (v.constant() != null) {
                throw new OnnxModelException("graph output '" + out.name() + "' is a constant");
            }
            if (v.shape().length == 0 || v.shape()[0] != batch) {
                throw new OnnxModelException(
                        "graph output '"
                                + out.name()
                                + "' has shape "
                                + Arrays.toString(v.shape())
                                + " for batch "
                                + batch
                                + "; expected [batch, actions...]");
            }
            output = v.buf();
            outputName = out.name();
        }
        if (output == null) {
            throw new OnnxModelException("graph has no action output");
        }
        return new Plan(batch, input, output, steps, recurrent, arrays);
    }

    private void checkDeclared(ValueInfo info, long[] planned, boolean state) {
        long[] declared = info.dims();
        if (declared.length == 0) {
            return; // shape not declared
        }
        boolean fits = declared.length == planned.length;
        for (int i = 0; fits && i < declared.length; i++) {
            boolean batchDim = state ? i == 1 : i == 0;
            fits = declared[i] < 0 || declared[i] == planned[i] || (batchDim && declared[i] == 1);
        }
        if (!fits) {
            throw new OnnxModelException(
                    "graph output '"
                            + info.name()
                            + "' is declared "
                            + describe(info)
                            + " but the graph computes "
                            + Arrays.toString(planned)
                            + " (batch "
                            + batch
                            + ")");
        }
    }

    static String describe(ValueInfo info) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < info.dims().length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(info.dims()[i] >= 0 ? Long.toString(info.dims()[i]) : info.dimParams()[i]);
        }
        return b.append(']').toString();
    }

    /** The most values one planned tensor may hold: 2^28 floats, 1 GiB. */
    static final long MAX_TENSOR_VALUES = 1L << 28;

    Buf allocate(long[] shape) {
        long values = 1;
        for (long d : shape) {
            values = d > 0 && values <= MAX_TENSOR_VALUES ? values * d : Long.MAX_VALUE;
        }
        if (values > MAX_TENSOR_VALUES) {
            throw new OnnxModelException(
                    "a tensor of shape "
                            + java.util.Arrays.toString(shape)
                            + " would hold more than "
                            + MAX_TENSOR_VALUES
                            + " values (1 GiB); allowed: at most that (is a declared dimension"
                            + " wrong?)");
        }
        Buf b = Buf.allocate(shape);
        arrays.add(b.array);
        return b;
    }

    Buf constant(long[] shape, float[] values) {
        Buf b = Buf.of(shape, values);
        arrays.add(b.array);
        return b;
    }

    /** A contiguous vector of ones, the left factor of the rank-1 bias updates. */
    Buf ones(int n) {
        return ones.computeIfAbsent(
                n,
                k -> {
                    float[] v = new float[k];
                    Arrays.fill(v, 1f);
                    return constant(new long[] {k}, v);
                });
    }

    Value value(Node node, int index) {
        String name = node.input(index);
        Value v = values.get(name);
        if (v == null) {
            throw new OnnxModelException(
                    node.label()
                            + ": input "
                            + index
                            + " '"
                            + name
                            + "' is not produced by any earlier node, initializer or graph input");
        }
        if (stateInputs.contains(name)) {
            throw new OnnxModelException(
                    node.label()
                            + ": reads recurrent state input '"
                            + name
                            + "'; a state input may only feed its LSTM/GRU node's initial_h/initial_c");
        }
        return v;
    }

    /**
     * The buffer holding a value, materializing a constant the first time it is used as an operand.
     */
    Buf buffer(Node node, int index) {
        Value v = value(node, index);
        if (v.buf() != null) {
            return v.buf();
        }
        Tensor t = v.constant();
        if (t.floats() == null
                || t.dataType() != OnnxModel.FLOAT && t.dataType() != OnnxModel.DOUBLE) {
            throw new OnnxModelException(
                    node.label()
                            + ": input '"
                            + t.name()
                            + "' is a constant of element type "
                            + t.dataType()
                            + "; only float is supported here");
        }
        Buf b = constant(t.dims(), t.floats());
        values.put(node.input(index), new Value(t.dims(), t, b, false));
        return b;
    }

    /**
     * An int64 constant input (Reshape shape, Slice starts...), or null where the input is absent.
     */
    long[] longs(Node node, int index) {
        if (node.input(index).isEmpty()) {
            return null;
        }
        Value v = value(node, index);
        if (v.constant() == null || v.constant().longs() == null) {
            throw new OnnxModelException(
                    node.label()
                            + ": input "
                            + index
                            + " '"
                            + node.input(index)
                            + "' must be a constant integer tensor (computed shapes are not supported)");
        }
        return v.constant().longs();
    }

    /** A float scalar constant input (Clip min/max), or the fallback where the input is absent. */
    float scalar(Node node, int index, float fallback) {
        if (node.input(index).isEmpty()) {
            return fallback;
        }
        Value v = value(node, index);
        if (v.constant() == null
                || v.constant().floats() == null
                || v.constant().floats().length != 1) {
            throw new OnnxModelException(
                    node.label()
                            + ": input "
                            + index
                            + " '"
                            + node.input(index)
                            + "' must be a constant float scalar");
        }
        return v.constant().floats()[0];
    }

    void define(Node node, int outputIndex, Value v) {
        if (outputIndex < node.outputs().size() && !node.outputs().get(outputIndex).isEmpty()) {
            values.put(node.outputs().get(outputIndex), v);
        }
    }

    static OnnxModelException fail(Node node, String message) {
        return new OnnxModelException(node.label() + ": " + message);
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
