package armature.policy.onnx.internal;

import armature.policy.onnx.internal.OnnxModel.Attribute;
import armature.policy.onnx.internal.OnnxModel.Graph;
import armature.policy.onnx.internal.OnnxModel.Node;
import armature.policy.onnx.internal.OnnxModel.Tensor;
import armature.policy.onnx.internal.OnnxModel.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an ONNX ModelProto (onnx.proto field numbers) into {@link OnnxModel} records. Unknown
 * fields are skipped, as protobuf requires, so files from newer exporters still load when they use
 * known operators.
 */
public final class OnnxReader {
    private OnnxReader() {}

    public static Graph read(byte[] modelProto) {
        ProtoReader r = ProtoReader.of(modelProto, "ModelProto");
        long irVersion = 0;
        long opset = -1;
        Graph graph = null;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.field(tag)) {
                case 1 -> irVersion = r.readVarint();
                case 7 -> graph = readGraph(r.readMessage("GraphProto"), irVersion);
                case 8 -> {
                    // OperatorSetIdProto: domain 1, version 2; "" and "ai.onnx" are the default
                    // domain
                    ProtoReader o = r.readMessage("OperatorSetIdProto");
                    String domain = "";
                    long version = 0;
                    while (o.hasMore()) {
                        int t = o.readTag();
                        switch (ProtoReader.field(t)) {
                            case 1 -> domain = o.readString();
                            case 2 -> version = o.readVarint();
                            default -> o.skip(t);
                        }
                    }
                    if (domain.isEmpty() || domain.equals("ai.onnx")) {
                        opset = version;
                    }
                }
                default -> r.skip(tag);
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException(
                    "ONNX model has no graph (ModelProto field 7 missing)");
        }
        return new Graph(
                graph.nodes(),
                graph.initializers(),
                graph.inputs(),
                graph.outputs(),
                opset,
                irVersion);
    }

    private static Graph readGraph(ProtoReader r, long irVersion) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.field(tag)) {
                case 1 -> nodes.add(readNode(r.readMessage("NodeProto")));
                case 5 -> {
                    Tensor t = readTensor(r.readMessage("TensorProto"));
                    initializers.put(t.name(), t);
                }
                case 11 -> inputs.add(readValueInfo(r.readMessage("ValueInfoProto")));
                case 12 -> outputs.add(readValueInfo(r.readMessage("ValueInfoProto")));
                default -> r.skip(tag);
            }
        }
        return new Graph(nodes, initializers, inputs, outputs, -1, irVersion);
    }

    private static Node readNode(ProtoReader r) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.field(tag)) {
                case 1 -> inputs.add(r.readString());
                case 2 -> outputs.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> opType = r.readString();
                case 5 -> {
                    Attribute a = readAttribute(r.readMessage("AttributeProto"));
                    attributes.put(a.name(), a);
                }
                case 7 -> domain = r.readString();
                default -> r.skip(tag);
            }
        }
        return new Node(
                name, opType, domain, List.copyOf(inputs), List.copyOf(outputs), attributes);
    }

    private static Attribute readAttribute(ProtoReader r) {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        Tensor t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.field(tag)) {
                case 1 -> name = r.readString();
                case 2 -> f = r.readFloat();
                case 3 -> i = r.readVarint();
                case 4 -> s = r.readString();
                case 5 -> t = readTensor(r.readMessage("TensorProto"));
                case 7 -> readFloats(r, tag, floats);
                case 8 -> readVarints(r, tag, ints);
                case 20 -> type = (int) r.readVarint();
                default -> r.skip(tag);
            }
        }
        return new Attribute(name, type, f, i, s, t, floats.toArray(), ints.toArray());
    }

    static Tensor readTensor(ProtoReader r) {
        LongList dims = new LongList();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        FloatList floatData = new FloatList();
        LongList intData = new LongList();
        List<Double> doubleData = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.field(tag)) {
                case 1 -> readVarints(r, tag, dims);
                case 2 -> dataType = (int) r.readVarint();
                case 4 -> readFloats(r, tag, floatData);
                case 5, 7 -> readVarints(r, tag, intData);
                case 8 -> name = r.readString();
                case 9 -> raw = r.readBytes();
                case 10 -> {
                    if (ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
                        ProtoReader p = r.readMessage("TensorProto.double_data");
                        while (p.hasMore()) {
                            doubleData.add(Double.longBitsToDouble(p.readFixed64()));
                        }
                    } else {
                        doubleData.add(Double.longBitsToDouble(r.readFixed64()));
                    }
                }
                case 14 -> {
                    if (r.readVarint() != 0) {
                        throw new IllegalArgumentException(
                                "tensor '"
                                        + name
                                        + "' keeps its data in an external file; only embedded tensors are supported");
                    }
                }
                default -> r.skip(tag);
            }
        }
        long[] shape = dims.toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        float[] floats = null;
        long[] longs = null;
        switch (dataType) {
            case OnnxModel.FLOAT -> {
                floats = raw != null ? rawFloats(raw) : floatData.toArray();
            }
            case OnnxModel.DOUBLE -> {
                floats = new float[raw != null ? raw.length / 8 : doubleData.size()];
                ByteBuffer b =
                        raw != null ? ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN) : null;
                for (int k = 0; k < floats.length; k++) {
                    floats[k] = (float) (b != null ? b.getDouble() : doubleData.get(k));
                }
            }
            case OnnxModel.INT64 -> {
                if (raw != null) {
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    longs = new long[raw.length / 8];
                    for (int k = 0; k < longs.length; k++) {
                        longs[k] = b.getLong();
                    }
                } else {
                    longs = intData.toArray();
                }
            }
            case OnnxModel.INT32 -> {
                if (raw != null) {
                    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                    longs = new long[raw.length / 4];
                    for (int k = 0; k < longs.length; k++) {
                        longs[k] = b.getInt();
                    }
                } else {
                    longs = intData.toArray();
                }
            }
            default -> {
                // other element types load; an operator that needs them reports the type
            }
        }
        int have = floats != null ? floats.length : longs != null ? longs.length : -1;
        if (have >= 0 && have != count) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + name
                            + "' has dims "
                            + java.util.Arrays.toString(shape)
                            + " ("
                            + count
                            + " elements) but carries "
                            + have
                            + " values");
        }
        return new Tensor(name, shape, dataType, floats, longs);
    }

    private static float[] rawFloats(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[raw.length / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    private static ValueInfo readValueInfo(ProtoReader r) {
        String name = "";
        int elemType = 0;
        List<Long> dims = new ArrayList<>();
        List<String> params = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (ProtoReader.field(tag)) {
                case 1 -> name = r.readString();
                case 2 -> {
                    ProtoReader type = r.readMessage("TypeProto");
                    while (type.hasMore()) {
                        int t = type.readTag();
                        if (ProtoReader.field(t) != 1) {
                            type.skip(t);
                            continue;
                        }
                        ProtoReader tensor = type.readMessage("TypeProto.Tensor");
                        while (tensor.hasMore()) {
                            int tt = tensor.readTag();
                            switch (ProtoReader.field(tt)) {
                                case 1 -> elemType = (int) tensor.readVarint();
                                case 2 ->
                                        readShape(
                                                tensor.readMessage("TensorShapeProto"),
                                                dims,
                                                params);
                                default -> tensor.skip(tt);
                            }
                        }
                    }
                }
                default -> r.skip(tag);
            }
        }
        long[] d = new long[dims.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = dims.get(k);
        }
        return new ValueInfo(name, elemType, d, params.toArray(new String[0]));
    }

    private static void readShape(ProtoReader r, List<Long> dims, List<String> params) {
        while (r.hasMore()) {
            int tag = r.readTag();
            if (ProtoReader.field(tag) != 1) {
                r.skip(tag);
                continue;
            }
            ProtoReader dim = r.readMessage("TensorShapeProto.Dimension");
            long value = -1;
            String param = null;
            while (dim.hasMore()) {
                int t = dim.readTag();
                switch (ProtoReader.field(t)) {
                    case 1 -> value = dim.readVarint();
                    case 2 -> param = dim.readString();
                    default -> dim.skip(t);
                }
            }
            dims.add(value);
            params.add(param);
        }
    }

    /** Repeated scalar fields arrive packed (one length-delimited run) or one value per tag. */
    private static void readVarints(ProtoReader r, int tag, LongList into) {
        if (ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader p = r.readMessage("packed varints");
            while (p.hasMore()) {
                into.add(p.readVarint());
            }
        } else {
            into.add(r.readVarint());
        }
    }

    private static void readFloats(ProtoReader r, int tag, FloatList into) {
        if (ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader p = r.readMessage("packed floats");
            while (p.hasMore()) {
                into.add(p.readFloat());
            }
        } else {
            into.add(r.readFloat());
        }
    }

    private static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    private static final class FloatList {
        private float[] values = new float[8];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
