package armature.policy.onnx.internal;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One LSTM or GRU time step over carried state, ONNX semantics (gate order LSTM i,o,f,c; GRU
 * z,r,h). Gates live gate-major ([gate, batch*hidden]) so every elementwise operation runs over one
 * contiguous run; with one row the whole W and R go through a single sgemv each, since their
 * gate-major row order is then exactly the gate buffer's order.
 */
final class RecurrentStep implements Step, Plan.Recurrent {
    final Buf h;
    final Buf c;
    private final boolean lstm;
    private final boolean linearBeforeReset;
    private final int batch;
    private final int input;
    private final int hidden;
    private final int size;
    private final FloatPointer x;
    private final FloatPointer ones;
    private final FloatPointer[] w;
    private final FloatPointer[] r;
    private final FloatPointer[] bias;
    private final FloatPointer[] gate;
    private final Buf gates;
    private final Buf tmp;
    private final Buf hh;
    private final Buf h0;
    private final Buf c0;
    private final OpExecutioner ex = Nd4j.getExecutioner();
    private final Sigmoid sigmoid;
    private final Tanh candidate;
    private final Tanh cellTanh;
    private final FloatPointer wAll;
    private final FloatPointer rAll;
    private final FloatPointer biasAll;
    private final FloatPointer rhBias;

    RecurrentStep(
            Planner p,
            boolean lstm,
            boolean linearBeforeReset,
            int batch,
            int input,
            int hidden,
            Buf x,
            float[] wData,
            float[] rData,
            float[] bData,
            float[] h0Data,
            float[] c0Data) {
        this.lstm = lstm;
        this.linearBeforeReset = linearBeforeReset;
        this.batch = batch;
        this.input = input;
        this.hidden = hidden;
        this.size = batch * hidden;
        this.x = x.pointer;
        int g = lstm ? 4 : 3;
        this.ones = p.ones(batch).pointer;
        w = new FloatPointer[g];
        r = new FloatPointer[g];
        bias = new FloatPointer[g];
        float[] gateBias = new float[g * hidden];
        // W and R are [gates * hidden, rows] row-major: gate k's block is a contiguous slice, so
        // the
        // per-gate matrices are views into the one copy (not copies: that doubled the weights'
        // memory)
        Buf wBuf = p.constant(new long[] {(long) g * hidden, input}, wData);
        Buf rBuf = p.constant(new long[] {(long) g * hidden, hidden}, rData);
        wAll = wBuf.pointer;
        rAll = rBuf.pointer;
        for (int k = 0; k < g; k++) {
            w[k] = wBuf.at((long) k * hidden * input);
            r[k] = rBuf.at((long) k * hidden * hidden);
            for (int j = 0; j < hidden; j++) {
                float wb = bData[k * hidden + j];
                float rb = bData[(g + k) * hidden + j];
                // GRU with linear_before_reset keeps Rb_h inside the reset product; everything else
                // adds up front
                boolean separate = !lstm && k == 2 && linearBeforeReset;
                gateBias[k * hidden + j] = separate ? wb : wb + rb;
            }
            bias[k] =
                    p.constant(
                                    new long[] {hidden},
                                    Arrays.copyOfRange(gateBias, k * hidden, (k + 1) * hidden))
                            .pointer;
        }
        biasAll = p.constant(new long[] {(long) g * hidden}, gateBias).pointer;
        rhBias =
                p.constant(
                                new long[] {hidden},
                                Arrays.copyOfRange(bData, (g + 2) * hidden, (g + 3) * hidden))
                        .pointer;
        gates = p.allocate(new long[] {g, size});
        gate = new FloatPointer[g];
        for (int k = 0; k < g; k++) {
            gate[k] = gates.at((long) k * size);
        }
        int sigmoidGates = lstm ? 3 : 2; // LSTM i,o,f; GRU z,r
        INDArray sig = gates.array.get(NDArrayIndex.interval(0, sigmoidGates), NDArrayIndex.all());
        INDArray cand = gates.array.get(NDArrayIndex.interval(g - 1, g), NDArrayIndex.all());
        sigmoid = new Sigmoid(sig, sig);
        candidate = new Tanh(cand, cand);
        h = p.allocate(new long[] {batch, hidden});
        c = lstm ? p.allocate(new long[] {batch, hidden}) : null;
        tmp = p.allocate(new long[] {batch, hidden});
        hh = p.allocate(new long[] {batch, hidden});
        h0 = p.constant(new long[] {batch, hidden}, h0Data);
        c0 = lstm ? p.constant(new long[] {batch, hidden}, c0Data) : null;
        cellTanh = lstm ? new Tanh(c.array, tmp.array) : null;
        reset();
    }

    @Override
    public void run() {
        if (lstm) {
            lstm();
        } else {
            gru();
        }
    }

    /**
     * gates[0..count) = bias + X W^T + H R^T; for a single row one sgemv each over the first count
     * gates' rows of W and R, which are contiguous.
     */
    private void project(int count) {
        if (batch == 1) {
            int rows = count * hidden;
            Kernels.copy(rows, biasAll, gate[0]);
            Kernels.gemm(1, rows, input, false, true, 1f, x, wAll, 1f, gate[0]);
            Kernels.gemm(1, rows, hidden, false, true, 1f, h.pointer, rAll, 1f, gate[0]);
            return;
        }
        for (int k = 0; k < count; k++) {
            Kernels.fillRows(batch, hidden, ones, bias[k], gate[k]);
            Kernels.gemm(batch, hidden, input, false, true, 1f, x, w[k], 1f, gate[k]);
            Kernels.gemm(batch, hidden, hidden, false, true, 1f, h.pointer, r[k], 1f, gate[k]);
        }
    }

    private void lstm() {
        project(4);
        ex.exec(sigmoid);
        ex.exec(candidate);
        // c = f*c + i*g; h = o*tanh(c)
        Kernels.multiply(size, gate[0], gate[3], 0f, tmp.pointer);
        Kernels.multiply(size, gate[2], c.pointer, 1f, tmp.pointer);
        Kernels.copy(size, tmp.pointer, c.pointer);
        ex.exec(cellTanh);
        Kernels.multiply(size, gate[1], tmp.pointer, 0f, h.pointer);
    }

    private void gru() {
        project(2);
        ex.exec(sigmoid);
        FloatPointer z = gate[0];
        FloatPointer reset = gate[1];
        FloatPointer n = gate[2];
        Kernels.fillRows(batch, hidden, ones, bias[2], n);
        Kernels.gemm(batch, hidden, input, false, true, 1f, x, w[2], 1f, n);
        if (linearBeforeReset) {
            // n = tanh(Xw + Wb + r * (H R^T + Rb))
            Kernels.fillRows(batch, hidden, ones, rhBias, hh.pointer);
            Kernels.gemm(batch, hidden, hidden, false, true, 1f, h.pointer, r[2], 1f, hh.pointer);
            Kernels.multiply(size, reset, hh.pointer, 1f, n);
        } else {
            // n = tanh(Xw + (r * H) R^T + Wb + Rb)
            Kernels.multiply(size, reset, h.pointer, 0f, tmp.pointer);
            Kernels.gemm(batch, hidden, hidden, false, true, 1f, tmp.pointer, r[2], 1f, n);
        }
        ex.exec(candidate);
        // H = (1 - z) * n + z * H = n + z * (H - n)
        Kernels.copy(size, h.pointer, tmp.pointer);
        Kernels.axpy(size, -1f, n, tmp.pointer);
        Kernels.copy(size, n, h.pointer);
        Kernels.multiply(size, z, tmp.pointer, 1f, h.pointer);
    }

    @Override
    public void reset() {
        Kernels.copy(size, h0.pointer, h.pointer);
        if (lstm) {
            Kernels.copy(size, c0.pointer, c.pointer);
        }
    }

    @Override
    public int[] stateSizes() {
        return lstm ? new int[] {hidden, hidden} : new int[] {hidden};
    }
}
