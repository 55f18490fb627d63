package armature.policy.onnx.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Reading typed values out of a descriptor's JSON tree; each refusal names the file, the path of
 * the value, the value and what is allowed ({@link PolicyPackageException#value}).
 */
final class JsonFields {
    private final String origin;

    JsonFields(String origin) {
        this.origin = origin;
    }

    void object(JsonNode n, String path, Set<String> allowed) {
        if (n == null || !n.isObject()) {
            throw PolicyPackageException.value(origin, path, n, "a JSON object");
        }
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw PolicyPackageException.value(
                        origin,
                        path.equals("(document)") ? f : path + "." + f,
                        n.get(f),
                        "no such field; the fields here are " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    JsonNode required(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw new PolicyPackageException(
                    origin, path.isEmpty() ? field : path + "." + field, "missing; it is required");
        }
        return n;
    }

    void array(JsonNode n, String path) {
        if (!n.isArray()) {
            throw PolicyPackageException.value(origin, path, n, "a JSON array");
        }
    }

    String text(JsonNode n, String path, boolean blankAllowed) {
        if (!n.isTextual() || (!blankAllowed && n.asText().isBlank())) {
            throw PolicyPackageException.value(origin, path, n, "a non-empty string");
        }
        return n.asText();
    }

    String optionalText(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        return n == null ? "" : text(n, path + field, true);
    }

    int integer(JsonNode n, String path) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw PolicyPackageException.value(origin, path, n, "an integer");
        }
        return n.asInt();
    }

    double number(JsonNode n, String path) {
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw PolicyPackageException.value(origin, path, n, "a finite number");
        }
        return n.asDouble();
    }

    float[] floats(JsonNode n, String path, int length) {
        array(n, path);
        if (n.size() != length) {
            throw PolicyPackageException.value(
                    origin,
                    path,
                    n.size() + " values",
                    length + " values, one per observation element (the slot sizes' sum)");
        }
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = finiteFloat(n.get(i), path + "[" + i + "]");
        }
        return out;
    }

    float finiteFloat(JsonNode n, String path) {
        double d = number(n, path);
        float f = (float) d;
        if (!Float.isFinite(f)) {
            throw PolicyPackageException.value(origin, path, n, "a finite 32-bit float");
        }
        return f;
    }

    /** A number for every joint, or an array with one per joint; {@code fallback} when absent. */
    float[] broadcast(JsonNode n, String path, int count, float fallback) {
        if (n == null) {
            return filled(count, fallback);
        }
        if (n.isNumber()) {
            return filled(count, finiteFloat(n, path));
        }
        if (!n.isArray() || n.size() != count) {
            throw PolicyPackageException.value(
                    origin,
                    path,
                    n.isArray() ? n.size() + " values" : n,
                    "a number, or an array of " + count + " (one per action joint)");
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = finiteFloat(n.get(i), path + "[" + i + "]");
        }
        return out;
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
