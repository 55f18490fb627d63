package armature.policy.onnx.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The parts of an ONNX ModelProto the executor reads, as plain records. */
public final class OnnxModel {
    /** ONNX TensorProto.DataType values the executor handles. */
    public static final int FLOAT = 1;

    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int DOUBLE = 11;

    private OnnxModel() {}

    /**
     * A constant tensor: floats for FLOAT/DOUBLE, longs for INT32/INT64; null where not that kind.
     */
    public record Tensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
        public long elementCount() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(dims);
        }
    }

    /** One node attribute; only the fields of its type are meaningful. */
    public record Attribute(
            String name,
            int type,
            float f,
            long i,
            String s,
            Tensor t,
            float[] floats,
            long[] ints) {
        public static final int FLOAT = 1;
        public static final int INT = 2;
        public static final int STRING = 3;
        public static final int TENSOR = 4;
        public static final int FLOATS = 6;
        public static final int INTS = 7;
    }

    public record Node(
            String name,
            String opType,
            String domain,
            List<String> inputs,
            List<String> outputs,
            Map<String, Attribute> attributes) {
        /**
         * The input at index i, or "" where absent (ONNX marks skipped optional inputs with "").
         */
        public String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }

        public String label() {
            return "node '" + (name.isEmpty() ? outputs.toString() : name) + "' (" + opType + ")";
        }
    }

    /** A graph input or output: element type and shape; a symbolic or missing dimension is -1. */
    public record ValueInfo(String name, int elemType, long[] dims, String[] dimParams) {}

    public record Graph(
            List<Node> nodes,
            Map<String, Tensor> initializers,
            List<ValueInfo> inputs,
            List<ValueInfo> outputs,
            long opsetVersion,
            long irVersion) {}
}
