package armature.policy.onnx.internal;

import static armature.policy.onnx.internal.Planner.count;
import static armature.policy.onnx.internal.Planner.fail;
import static armature.policy.onnx.internal.Planner.shape;

import armature.policy.onnx.internal.OnnxModel.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Shape arithmetic of the ONNX operators (broadcasting, Reshape, Slice clamping...), checked at
 * load.
 */
final class ShapeOps {
    private ShapeOps() {}

    static long[] reshape(Node n, long[] in, long[] target) {
        boolean allowZero = NodePlanner.intAttr(n, "allowzero", 0) != 0;
        long[] out = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= in.length) {
                    throw fail(
                            n,
                            "shape "
                                    + shape(target)
                                    + " copies dimension "
                                    + i
                                    + " that input "
                                    + shape(in)
                                    + " lacks");
                }
                out[i] = in[i];
            }
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw fail(n, "shape " + shape(target) + " has more than one -1");
                }
                infer = i;
            } else {
                known *= out[i];
            }
        }
        long total = count(in);
        if (infer >= 0) {
            if (known == 0 || total % known != 0) {
                throw fail(
                        n,
                        "cannot reshape "
                                + shape(in)
                                + " ("
                                + total
                                + " elements) to "
                                + shape(target));
            }
            out[infer] = total / known;
        }
        if (count(out) != total) {
            throw fail(
                    n,
                    "cannot reshape "
                            + shape(in)
                            + " ("
                            + total
                            + " elements) to "
                            + shape(target)
                            + " ("
                            + count(out)
                            + " elements)");
        }
        return out;
    }

    static long[] flatten(Node n, long[] in) {
        int axis = (int) NodePlanner.intAttr(n, "axis", 1);
        if (axis < 0) {
            axis += in.length;
        }
        if (axis < 0 || axis > in.length) {
            throw fail(n, "axis " + axis + " is outside input " + shape(in));
        }
        long outer = count(Arrays.copyOfRange(in, 0, axis));
        return new long[] {outer, count(in) / Math.max(outer, 1)};
    }

    static long[] squeeze(Node n, long[] in, long[] axes) {
        List<Long> out = new ArrayList<>();
        boolean[] drop = new boolean[in.length];
        if (axes == null) {
            for (int i = 0; i < in.length; i++) {
                drop[i] = in[i] == 1;
            }
        } else {
            for (long a : axes) {
                int ax = axis(n, a, in.length);
                if (in[ax] != 1) {
                    throw fail(
                            n,
                            "cannot squeeze axis " + a + " of size " + in[ax] + " in " + shape(in));
                }
                drop[ax] = true;
            }
        }
        for (int i = 0; i < in.length; i++) {
            if (!drop[i]) {
                out.add(in[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] unsqueeze(Node n, long[] in, long[] axes) {
        if (axes == null) {
            throw fail(n, "needs axes");
        }
        int rank = in.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            inserted[axis(n, a, rank)] = true;
        }
        long[] out = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : in[j++];
        }
        return out;
    }

    static int axis(Node n, long axis, int rank) {
        if (axis == Integer.MIN_VALUE) {
            throw fail(n, "needs an axis attribute");
        }
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw fail(n, "axis " + axis + " is outside rank " + rank);
        }
        return (int) a;
    }

    /**
     * Numpy broadcasting of two shapes; fails naming both where a dimension pair is incompatible.
     */
    static long[] broadcast(Node n, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw fail(
                        n,
                        "shapes "
                                + shape(a)
                                + " and "
                                + shape(b)
                                + " do not broadcast (dimension "
                                + i
                                + ": "
                                + da
                                + " vs "
                                + db
                                + ")");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** Whether small, leading ones dropped, equals the trailing dimensions of big (a bias row). */
    static boolean isTrailingRow(long[] small, long[] big) {
        int first = 0;
        while (first < small.length && small[first] == 1) {
            first++;
        }
        int len = small.length - first;
        if (len > big.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (small[first + i] != big[big.length - len + i]) {
                return false;
            }
        }
        return true;
    }

    /** A constant broadcast to a full shape once, at plan time. */
    static float[] expand(Node n, float[] values, long[] from, long[] to) {
        broadcast(n, from, to);
        int rank = to.length;
        long[] fromPadded = new long[rank];
        Arrays.fill(fromPadded, 1);
        System.arraycopy(from, 0, fromPadded, rank - from.length, from.length);
        float[] out = new float[(int) count(to)];
        int[] index = new int[rank];
        for (int flat = 0; flat < out.length; flat++) {
            int src = 0;
            for (int d = 0; d < rank; d++) {
                src = (int) (src * fromPadded[d] + (fromPadded[d] == 1 ? 0 : index[d]));
            }
            out[flat] = values[src];
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < to[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    static long[] concat(Node n, long[][] shapes, int axis) {
        long[] out = shapes[0].clone();
        out[axis] = 0;
        for (long[] s : shapes) {
            boolean fits = s.length == out.length;
            for (int d = 0; fits && d < s.length; d++) {
                fits = d == axis || s[d] == out[d];
            }
            if (!fits) {
                throw fail(
                        n,
                        "inputs "
                                + Arrays.deepToString(shapes)
                                + " differ outside concat axis "
                                + axis);
            }
            out[axis] += s[axis];
        }
        return out;
    }

    static INDArrayIndex[] range(long[] shape, int axis, long from, long to, long step) {
        INDArrayIndex[] idx = new INDArrayIndex[shape.length];
        for (int d = 0; d < shape.length; d++) {
            idx[d] = d == axis ? NDArrayIndex.interval(from, step, to) : NDArrayIndex.all();
        }
        return idx;
    }

    record SliceSpec(long[] shape, INDArrayIndex[] indices) {}

    /**
     * ONNX Slice (opset 10+): starts/ends clamped to each dimension, negative indices from the end.
     */
    static SliceSpec slice(
            Node n, long[] in, long[] starts, long[] ends, long[] axes, long[] steps) {
        if (starts == null || ends == null || starts.length != ends.length) {
            throw fail(
                    n,
                    "needs starts and ends of equal length, got "
                            + Arrays.toString(starts)
                            + " and "
                            + Arrays.toString(ends));
        }
        long[] out = in.clone();
        INDArrayIndex[] idx = new INDArrayIndex[in.length];
        Arrays.fill(idx, NDArrayIndex.all());
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(n, axes == null ? i : axes[i], in.length);
            long step = steps == null ? 1 : steps[i];
            if (step <= 0) {
                throw fail(
                        n,
                        "step "
                                + step
                                + " on axis "
                                + ax
                                + " of "
                                + shape(in)
                                + " is not supported (positive steps only)");
            }
            long dim = in[ax];
            long start = clamp(starts[i] < 0 ? starts[i] + dim : starts[i], dim);
            long end = clamp(ends[i] < 0 ? ends[i] + dim : ends[i], dim);
            long len = end <= start ? 0 : (end - start + step - 1) / step;
            if (len == 0) {
                throw fail(
                        n,
                        "slice ["
                                + starts[i]
                                + ", "
                                + ends[i]
                                + ") on axis "
                                + ax
                                + " of "
                                + shape(in)
                                + " is empty");
            }
            out[ax] = len;
            idx[ax] = NDArrayIndex.interval(start, step, start + (len - 1) * step + 1);
        }
        return new SliceSpec(out, idx);
    }

    private static long clamp(long v, long dim) {
        return Math.max(0, Math.min(dim, v));
    }
}
