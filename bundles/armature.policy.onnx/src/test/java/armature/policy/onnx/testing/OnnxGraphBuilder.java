package armature.policy.onnx.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds ONNX ModelProto bytes (onnx.proto field numbers) for tests and benchmarks: graph
 * inputs/outputs, initializers (float as raw_data or packed float_data, int64), and nodes with
 * attributes. A dimension of -1 is written as the symbolic "batch".
 */
public final class OnnxGraphBuilder {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private long opset = 17;
    private long irVersion = 8;
    private boolean floatDataNext;
    private int counter;

    public OnnxGraphBuilder opset(long version) {
        this.opset = version;
        return this;
    }

    public OnnxGraphBuilder input(String name, long... dims) {
        inputs.add(valueInfo(name, dims));
        return this;
    }

    public OnnxGraphBuilder output(String name, long... dims) {
        outputs.add(valueInfo(name, dims));
        return this;
    }

    /**
     * A float initializer; alternates between raw_data and float_data so both encodings are
     * exercised.
     */
    public OnnxGraphBuilder floats(String name, long[] dims, float[] data) {
        ProtoWriter t = new ProtoWriter();
        t.packedVarints(1, dims).varint(2, FLOAT).string(8, name);
        if (floatDataNext) {
            t.packedFloats(4, data);
        } else {
            ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(data);
            t.bytes(9, b.array());
        }
        floatDataNext = !floatDataNext;
        initializers.add(t);
        return this;
    }

    public OnnxGraphBuilder longs(String name, long[] dims, long[] data) {
        ProtoWriter t = new ProtoWriter();
        t.packedVarints(1, dims).varint(2, INT64).string(8, name).packedVarints(7, data);
        initializers.add(t);
        return this;
    }

    /** A 1-D int64 initializer with a fresh name, returned (Reshape shapes, Slice starts...). */
    public String longs(long... data) {
        String name = "const_" + counter++;
        longs(name, new long[] {data.length}, data);
        return name;
    }

    /** A float scalar initializer with a fresh name, returned (Clip bounds). */
    public String scalar(float value) {
        String name = "scalar_" + counter++;
        floats(name, new long[0], new float[] {value});
        return name;
    }

    /** A float initializer of uniform random values in [-scale, scale]. */
    public String random(String name, Random rnd, float scale, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        floats(name, dims, data);
        return name;
    }

    public OnnxGraphBuilder node(
            String op, String name, List<String> in, List<String> out, Attr... attrs) {
        ProtoWriter n = new ProtoWriter();
        for (String s : in) {
            n.string(1, s);
        }
        for (String s : out) {
            n.string(2, s);
        }
        n.string(3, name).string(4, op);
        for (Attr a : attrs) {
            n.message(5, a.proto);
        }
        nodes.add(n);
        return this;
    }

    /** A PyTorch Linear layer as its exporter writes it: Gemm with W [out, in] and transB = 1. */
    public OnnxGraphBuilder linear(
            String name, String in, String out, int inSize, int outSize, Random rnd) {
        float scale = (float) (1 / Math.sqrt(inSize));
        String w = random(name + ".weight", rnd, scale, outSize, inSize);
        String b = random(name + ".bias", rnd, scale, outSize);
        return node(
                "Gemm",
                name,
                List.of(in, w, b),
                List.of(out),
                Attr.i("transB", 1),
                Attr.f("alpha", 1f),
                Attr.f("beta", 1f));
    }

    public byte[] build() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "test_graph");
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        ProtoWriter opsetId = new ProtoWriter().string(1, "").varint(2, opset);
        return new ProtoWriter()
                .varint(1, irVersion)
                .string(2, "armature-tests")
                .message(7, graph)
                .message(8, opsetId)
                .toByteArray();
    }

    private static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d < 0) {
                dim.string(2, "batch");
            } else {
                dim.varint(1, d);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    /** A node attribute (AttributeProto with its type set). */
    public static final class Attr {
        final ProtoWriter proto;

        private Attr(ProtoWriter proto) {
            this.proto = proto;
        }

        public static Attr i(String name, long v) {
            return new Attr(new ProtoWriter().string(1, name).varint(3, v).varint(20, 2));
        }

        public static Attr f(String name, float v) {
            return new Attr(new ProtoWriter().string(1, name).fixed32(2, v).varint(20, 1));
        }

        public static Attr s(String name, String v) {
            return new Attr(new ProtoWriter().string(1, name).string(4, v).varint(20, 3));
        }

        /**
         * A TENSOR attribute holding a 1-D int64 tensor (a Constant node's value, as PyTorch writes
         * shapes).
         */
        public static Attr int64Tensor(String name, long... v) {
            ProtoWriter t =
                    new ProtoWriter().packedVarints(1, new long[] {v.length}).varint(2, INT64);
            ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long x : v) {
                b.putLong(x);
            }
            t.bytes(9, b.array());
            return new Attr(new ProtoWriter().string(1, name).message(5, t).varint(20, 4));
        }

        /** A TENSOR attribute holding a float scalar. */
        public static Attr floatTensor(String name, float v) {
            ProtoWriter t = new ProtoWriter().varint(2, FLOAT).packedFloats(4, new float[] {v});
            return new Attr(new ProtoWriter().string(1, name).message(5, t).varint(20, 4));
        }

        /** An INTS attribute, written unpacked as proto2 writers do. */
        public static Attr ints(String name, long... v) {
            ProtoWriter p = new ProtoWriter().string(1, name);
            for (long x : v) {
                p.varint(8, x);
            }
            return new Attr(p.varint(20, 7));
        }
    }
}
