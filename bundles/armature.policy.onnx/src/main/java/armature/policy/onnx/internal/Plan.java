package armature.policy.onnx.internal;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The execution of one graph for one batch size: steps over buffers allocated when it was planned.
 */
public final class Plan {
    private final int batch;
    private final Buf input;
    private final Buf output;
    private final Step[] steps;
    private final List<Recurrent> recurrent;
    private final List<INDArray> arrays;

    Plan(
            int batch,
            Buf input,
            Buf output,
            List<Step> steps,
            List<Recurrent> recurrent,
            List<INDArray> arrays) {
        this.batch = batch;
        this.input = input;
        this.output = output;
        this.steps = steps.toArray(new Step[0]);
        this.recurrent = List.copyOf(recurrent);
        this.arrays = List.copyOf(arrays);
    }

    public int batch() {
        return batch;
    }

    public int inputLength() {
        return input.length;
    }

    public int outputLength() {
        return output.length;
    }

    /**
     * Per-observation sizes of the recurrent state tensors, in node order (h, then c for an LSTM).
     */
    public int[] stateSizes() {
        return recurrent.stream()
                .flatMapToInt(r -> java.util.Arrays.stream(r.stateSizes()))
                .toArray();
    }

    /** Bytes of ND4J memory this plan allocated (weights copied into it included). */
    public long bytes() {
        return arrays.stream().mapToLong(a -> a.length() * 4L).sum();
    }

    public void run(float[] in, float[] out) {
        input.pointer.put(in, 0, input.length);
        for (Step s : steps) {
            s.run();
        }
        output.pointer.get(out, 0, output.length);
    }

    public void resetState() {
        for (Recurrent r : recurrent) {
            r.reset();
        }
    }

    /** Frees the off-heap memory now rather than at garbage collection (a swapped-out policy). */
    public void close() {
        for (INDArray a : arrays) {
            if (a.closeable()) {
                a.close();
            }
        }
    }

    /** A recurrent node's carried state. */
    interface Recurrent {
        void reset();

        int[] stateSizes();
    }
}
