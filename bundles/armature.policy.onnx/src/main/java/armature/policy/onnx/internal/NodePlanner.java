package armature.policy.onnx.internal;

import static armature.policy.onnx.internal.Planner.count;
import static armature.policy.onnx.internal.Planner.fail;
import static armature.policy.onnx.internal.Planner.shape;

import armature.policy.onnx.internal.OnnxModel.Attribute;
import armature.policy.onnx.internal.OnnxModel.Node;
import armature.policy.onnx.internal.OnnxModel.Tensor;
import armature.policy.onnx.internal.Planner.Value;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.strict.ELU;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/** Plans the feed-forward operators: BLAS products, ND4J in-place transforms, views and aliases. */
final class NodePlanner {
    private final Planner p;

    NodePlanner(Planner planner) {
        this.p = planner;
    }

    void plan(Node n) {
        switch (n.opType()) {
            case "Constant" -> constant(n);
            case "Identity" -> alias(n, p.value(n, 0).shape());
            case "Reshape" -> alias(n, ShapeOps.reshape(n, p.value(n, 0).shape(), p.longs(n, 1)));
            case "Flatten" -> alias(n, ShapeOps.flatten(n, p.value(n, 0).shape()));
            case "Squeeze" -> alias(n, ShapeOps.squeeze(n, p.value(n, 0).shape(), axes(n)));
            case "Unsqueeze" -> alias(n, ShapeOps.unsqueeze(n, p.value(n, 0).shape(), axes(n)));
            case "Gemm" -> gemm(n);
            case "MatMul" -> matMul(n);
            case "Add" -> add(n);
            case "Tanh", "Relu", "Sigmoid", "Softplus", "Elu" -> activation(n);
            case "Clip" -> clip(n);
            case "Concat" -> concat(n);
            case "Slice" -> slice(n);
            default -> throw fail(n, "unsupported operator");
        }
    }

    private long[] axes(Node n) {
        Attribute a = n.attributes().get("axes");
        return a != null ? a.ints() : p.longs(n, 1);
    }

    private void constant(Node n) {
        Attribute a = n.attributes().get("value");
        Tensor t;
        if (a != null && a.t() != null) {
            t = a.t();
        } else if ((a = n.attributes().get("value_float")) != null) {
            t =
                    new Tensor(
                            n.outputs().get(0),
                            new long[0],
                            OnnxModel.FLOAT,
                            new float[] {a.f()},
                            null);
        } else if ((a = n.attributes().get("value_floats")) != null) {
            t =
                    new Tensor(
                            n.outputs().get(0),
                            new long[] {a.floats().length},
                            OnnxModel.FLOAT,
                            a.floats(),
                            null);
        } else if ((a = n.attributes().get("value_int")) != null) {
            t =
                    new Tensor(
                            n.outputs().get(0),
                            new long[0],
                            OnnxModel.INT64,
                            null,
                            new long[] {a.i()});
        } else if ((a = n.attributes().get("value_ints")) != null) {
            t =
                    new Tensor(
                            n.outputs().get(0),
                            new long[] {a.ints().length},
                            OnnxModel.INT64,
                            null,
                            a.ints());
        } else {
            throw fail(
                    n,
                    "needs a value, value_float(s) or value_int(s) attribute; has "
                            + n.attributes().keySet());
        }
        p.define(n, 0, new Value(t.dims(), t, null, false));
    }

    /** Shape-only operators share the input's memory; a constant stays a constant. */
    private void alias(Node n, long[] newShape) {
        Value in = p.value(n, 0);
        if (in.constant() != null && in.buf() == null) {
            Tensor c = in.constant();
            p.define(
                    n,
                    0,
                    new Value(
                            newShape,
                            new Tensor(
                                    n.outputs().get(0),
                                    newShape,
                                    c.dataType(),
                                    c.floats(),
                                    c.longs()),
                            null,
                            false));
            return;
        }
        p.define(n, 0, new Value(newShape, null, in.buf().alias(newShape), in.state()));
    }

    private void gemm(Node n) {
        long[] a = p.value(n, 0).shape();
        long[] b = p.value(n, 1).shape();
        boolean transA = intAttr(n, "transA", 0) != 0;
        boolean transB = intAttr(n, "transB", 0) != 0;
        float alpha = floatAttr(n, "alpha", 1f);
        float beta = floatAttr(n, "beta", 1f);
        if (a.length != 2 || b.length != 2) {
            throw fail(n, "A " + shape(a) + " and B " + shape(b) + " must both be matrices");
        }
        int m = (int) (transA ? a[1] : a[0]);
        int k = (int) (transA ? a[0] : a[1]);
        int kb = (int) (transB ? b[1] : b[0]);
        int cols = (int) (transB ? b[0] : b[1]);
        if (k != kb) {
            throw fail(
                    n,
                    "A "
                            + shape(a)
                            + (transA ? " (transA)" : "")
                            + " times B "
                            + shape(b)
                            + (transB ? " (transB)" : "")
                            + ": inner dimensions "
                            + k
                            + " and "
                            + kb
                            + " differ");
        }
        FloatPointer pa = p.buffer(n, 0).pointer;
        FloatPointer pb = p.buffer(n, 1).pointer;
        Buf y = p.allocate(new long[] {m, cols});
        p.steps.add(() -> Kernels.gemm(m, cols, k, transA, transB, alpha, pa, pb, 0f, y.pointer));
        if (!n.input(2).isEmpty()) {
            addBias(n, 2, y, beta);
        }
        p.define(n, 0, new Value(y.shape, null, y, false));
    }

    private void matMul(Node n) {
        long[] a = p.value(n, 0).shape();
        long[] b = p.value(n, 1).shape();
        if (b.length != 2 || a.length < 1) {
            throw fail(
                    n,
                    "A "
                            + shape(a)
                            + " times B "
                            + shape(b)
                            + ": B must be a matrix (batched B is not supported)");
        }
        int k = (int) a[a.length - 1];
        if (k != b[0]) {
            throw fail(
                    n,
                    "A "
                            + shape(a)
                            + " times B "
                            + shape(b)
                            + ": inner dimensions "
                            + k
                            + " and "
                            + b[0]
                            + " differ");
        }
        int m = (int) (count(a) / k);
        int cols = (int) b[1];
        long[] outShape = Arrays.copyOf(a, a.length);
        outShape[a.length - 1] = cols;
        FloatPointer pa = p.buffer(n, 0).pointer;
        FloatPointer pb = p.buffer(n, 1).pointer;
        Buf y = p.allocate(outShape);
        p.steps.add(() -> Kernels.gemm(m, cols, k, false, false, 1f, pa, pb, 0f, y.pointer));
        p.define(n, 0, new Value(outShape, null, y, false));
    }

    private void add(Node n) {
        long[] a = p.value(n, 0).shape();
        long[] b = p.value(n, 1).shape();
        long[] out = ShapeOps.broadcast(n, a, b);
        boolean aFull = Arrays.equals(a, out);
        int big = aFull ? 0 : 1;
        int small = aFull ? 1 : 0;
        if (!Arrays.equals(p.value(n, big).shape(), out)) {
            throw fail(
                    n,
                    "shapes "
                            + shape(a)
                            + " and "
                            + shape(b)
                            + " broadcast both ways; one operand must have the output shape "
                            + shape(out));
        }
        Buf x = p.buffer(n, big);
        Buf z = p.allocate(out);
        p.steps.add(() -> Kernels.copy(z.length, x.pointer, z.pointer));
        addBias(n, small, z, 1f);
        p.define(n, 0, new Value(out, null, z, false));
    }

    /**
     * z += scale * operand, broadcast over z: same shape, a trailing row, or an expanded constant.
     */
    private void addBias(Node n, int index, Buf z, float scale) {
        long[] s = p.value(n, index).shape();
        long len = count(s);
        if (len == z.length) {
            FloatPointer c = p.buffer(n, index).pointer;
            p.steps.add(() -> Kernels.axpy(z.length, scale, c, z.pointer));
        } else if (ShapeOps.isTrailingRow(s, z.shape)) {
            int cols = (int) len;
            int rows = z.length / cols;
            FloatPointer row = p.buffer(n, index).pointer;
            FloatPointer ones = p.ones(rows).pointer;
            p.steps.add(() -> Kernels.addRows(rows, cols, scale, ones, row, z.pointer));
        } else if (p.value(n, index).constant() != null
                && p.value(n, index).constant().floats() != null) {
            float[] expanded =
                    ShapeOps.expand(n, p.value(n, index).constant().floats(), s, z.shape);
            FloatPointer c = p.constant(z.shape, expanded).pointer;
            p.steps.add(() -> Kernels.axpy(z.length, scale, c, z.pointer));
        } else {
            throw fail(
                    n,
                    "adding "
                            + shape(s)
                            + " to "
                            + shape(z.shape)
                            + " needs a broadcast only supported for constants or trailing rows");
        }
    }

    private void activation(Node n) {
        Buf x = p.buffer(n, 0);
        Buf z = p.allocate(x.shape);
        INDArray xa = x.array;
        INDArray za = z.array;
        OpExecutioner ex = Nd4j.getExecutioner();
        switch (n.opType()) {
            case "Tanh" -> op(new Tanh(xa, za));
            case "Sigmoid" -> op(new Sigmoid(xa, za));
            case "Relu" -> op(new RectifiedLinear(xa, za, 0.0));
            case "Softplus" -> op(new SoftPlus(xa, za));
            case "Elu" -> {
                ELU elu = new ELU(xa, za, floatAttr(n, "alpha", 1f));
                p.steps.add(() -> ex.exec((CustomOp) elu));
            }
            default -> throw fail(n, "unsupported activation");
        }
        p.define(n, 0, new Value(z.shape, null, z, false));
    }

    private void op(Op op) {
        OpExecutioner ex = Nd4j.getExecutioner();
        p.steps.add(() -> ex.exec(op));
    }

    private void clip(Node n) {
        Buf x = p.buffer(n, 0);
        Attribute minAttr = n.attributes().get("min");
        Attribute maxAttr = n.attributes().get("max");
        float min = minAttr != null ? minAttr.f() : p.scalar(n, 1, Float.NEGATIVE_INFINITY);
        float max = maxAttr != null ? maxAttr.f() : p.scalar(n, 2, Float.POSITIVE_INFINITY);
        if (min > max) {
            throw fail(n, "min " + min + " is above max " + max);
        }
        Buf z = p.allocate(x.shape);
        p.steps.add(() -> Kernels.copy(z.length, x.pointer, z.pointer));
        if (min != Float.NEGATIVE_INFINITY) {
            op(new ScalarMax(z.array, null, z.array, min));
        }
        if (max != Float.POSITIVE_INFINITY) {
            op(new ScalarMin(z.array, null, z.array, max));
        }
        p.define(n, 0, new Value(z.shape, null, z, false));
    }

    private void concat(Node n) {
        int inputs = n.inputs().size();
        long[][] shapes = new long[inputs][];
        for (int i = 0; i < inputs; i++) {
            shapes[i] = p.value(n, i).shape();
        }
        int axis = ShapeOps.axis(n, intAttr(n, "axis", Integer.MIN_VALUE), shapes[0].length);
        long[] out = ShapeOps.concat(n, shapes, axis);
        Buf z = p.allocate(out);
        long offset = 0;
        for (int i = 0; i < inputs; i++) {
            Buf x = p.buffer(n, i);
            INDArray view =
                    z.array.get(ShapeOps.range(out, axis, offset, offset + shapes[i][axis], 1));
            offset += shapes[i][axis];
            INDArray xa = x.array;
            p.steps.add(() -> view.assign(xa));
        }
        p.define(n, 0, new Value(out, null, z, false));
    }

    private void slice(Node n) {
        Buf x = p.buffer(n, 0);
        ShapeOps.SliceSpec spec =
                ShapeOps.slice(
                        n, x.shape, p.longs(n, 1), p.longs(n, 2), p.longs(n, 3), p.longs(n, 4));
        INDArray view = x.array.get(spec.indices());
        if (!Arrays.equals(view.shape(), spec.shape())) {
            throw fail(
                    n,
                    "ND4J view of "
                            + shape(x.shape)
                            + " has shape "
                            + shape(view.shape())
                            + ", expected "
                            + shape(spec.shape()));
        }
        Buf z = p.allocate(spec.shape());
        INDArray za = z.array;
        p.steps.add(() -> za.assign(view));
        p.define(n, 0, new Value(z.shape, null, z, false));
    }

    static long intAttr(Node n, String name, long fallback) {
        Attribute a = n.attributes().get(name);
        return a == null ? fallback : a.i();
    }

    static float floatAttr(Node n, String name, float fallback) {
        Attribute a = n.attributes().get(name);
        return a == null ? fallback : a.f();
    }
}
