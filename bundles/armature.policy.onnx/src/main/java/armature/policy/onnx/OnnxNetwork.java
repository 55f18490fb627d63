package armature.policy.onnx;

import armature.policy.onnx.internal.OnnxModel.Graph;
import armature.policy.onnx.internal.OnnxReader;
import armature.policy.onnx.internal.Plan;
import armature.policy.onnx.internal.Planner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A PyTorch-exported ONNX policy network planned for ND4J (ADR 0089): one observation input [batch,
 * features], one action output [batch, actions], and optionally LSTM/GRU nodes whose state is
 * carried from one call to the next (one time step per call).
 *
 * <p>Loading reads and validates the whole graph and plans batch size 1: every array is allocated
 * then, and {@link #run} allocates none. {@link #runBatch} plans each new batch size once, on its
 * first use (or ahead with {@link #prepareBatch}); each batch size has its own recurrent state, one
 * row per environment.
 *
 * <p>Not thread-safe: one thread runs a network at a time (the policy's inference thread).
 */
public final class OnnxNetwork implements AutoCloseable {
    /**
     * The lowest default-domain opset accepted: PyTorch's exporters write 13 or newer for these
     * operators.
     */
    public static final int MIN_OPSET = 13;

    private final Graph graph;
    private final Plan single;
    private final Map<Integer, Plan> batches = new HashMap<>();
    private boolean closed;

    private OnnxNetwork(Graph graph, Plan single) {
        this.graph = graph;
        this.single = single;
    }

    /**
     * Reads, validates and plans an ONNX ModelProto.
     *
     * @throws OnnxModelException for malformed bytes, an opset below 13, an unsupported operator or
     *     a shape mismatch; the message names the node, the operator and the shapes
     */
    public static OnnxNetwork load(byte[] onnx) {
        Graph graph;
        try {
            graph = OnnxReader.read(onnx);
        } catch (OnnxModelException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new OnnxModelException(e.getMessage(), e);
        }
        if (graph.opsetVersion() >= 0 && graph.opsetVersion() < MIN_OPSET) {
            throw new OnnxModelException(
                    "model imports opset "
                            + graph.opsetVersion()
                            + "; opset "
                            + MIN_OPSET
                            + " or newer is supported");
        }
        Nd4jSettings.apply();
        return new OnnxNetwork(graph, Planner.plan(graph, 1));
    }

    public static OnnxNetwork load(Path file) {
        try {
            return load(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model " + file, e);
        } catch (OnnxModelException e) {
            throw new OnnxModelException(file + ": " + e.getMessage(), e);
        }
    }

    /** Floats per observation. */
    public int inputSize() {
        return single.inputLength();
    }

    /** Floats per action. */
    public int outputSize() {
        return single.outputLength();
    }

    /**
     * Per-observation sizes of the carried recurrent state tensors (h, then c per LSTM; h per GRU);
     * empty for a feed-forward network.
     */
    public int[] stateSizes() {
        return single.stateSizes();
    }

    public boolean recurrent() {
        return stateSizes().length > 0;
    }

    /**
     * Bytes of ND4J memory held by the plans made so far (batch 1 and each prepared batch size).
     */
    public long plannedBytes() {
        return single.bytes() + batches.values().stream().mapToLong(Plan::bytes).sum();
    }

    /** The default-domain opset the model imports (-1 where it declares none). */
    public long opsetVersion() {
        return graph.opsetVersion();
    }

    /** One observation to one action; recurrent state advances one step. */
    public void run(float[] in, float[] out) {
        checkOpen();
        check("in", in, inputSize());
        check("out", out, outputSize());
        single.run(in, out);
    }

    /**
     * n observations (row after row in {@code in}) to n actions; the recurrent state of this batch
     * size advances one step per row. The first call for a new n plans and allocates for it.
     */
    public void runBatch(float[] in, int n, float[] out) {
        checkOpen();
        if (n < 1) {
            throw new IllegalArgumentException("n is " + n + "; must be at least 1");
        }
        check("in", in, n * inputSize());
        check("out", out, n * outputSize());
        plan(n).run(in, out);
    }

    /** Plans batch size n now, so that the first {@link #runBatch} with it does not allocate. */
    public void prepareBatch(int n) {
        checkOpen();
        if (n < 1) {
            throw new IllegalArgumentException("n is " + n + "; must be at least 1");
        }
        plan(n);
    }

    /**
     * Episode start: every carried state (all batch sizes) back to its initial value, zeros for
     * state inputs.
     */
    public void resetState() {
        checkOpen();
        single.resetState();
        batches.values().forEach(Plan::resetState);
    }

    /** Frees the ND4J memory now; the network cannot run afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        single.close();
        batches.values().forEach(Plan::close);
        batches.clear();
    }

    private Plan plan(int n) {
        return n == 1 ? single : batches.computeIfAbsent(n, k -> Planner.plan(graph, k));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("network is closed");
        }
    }

    private static void check(String field, float[] a, int needed) {
        if (a == null || a.length < needed) {
            throw new IllegalArgumentException(
                    field
                            + " has length "
                            + (a == null ? "null" : a.length)
                            + "; needs at least "
                            + needed);
        }
    }
}
