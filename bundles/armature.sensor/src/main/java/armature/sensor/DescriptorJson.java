package armature.sensor;

import armature.sensor.api.FieldType;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A descriptor's JSON form (docs/sensors.md) to {@link SensorDescriptor} and back. Strict: unknown
 * properties are refused, so a misspelt {@code "mx"} is not silently an unbounded range.
 */
final class DescriptorJson {
    private static final Set<String> TOP =
            Set.of("schemaVersion", "id", "type", "frameId", "nominalRateHz", "fields");
    private static final Set<String> FIELD = Set.of("name", "unit", "type", "size", "min", "max");

    private final ObjectMapper json;

    DescriptorJson(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Reads a descriptor.
     *
     * @throws IllegalArgumentException naming the property, the value and what is allowed
     */
    SensorDescriptor parse(byte[] payload) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("descriptor is not JSON: " + firstLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("descriptor must be a JSON object");
        }
        onlyKnown(root, TOP, "descriptor");
        JsonNode fieldsNode = root.path("fields");
        if (!fieldsNode.isArray()) {
            throw new IllegalArgumentException(
                    "fields must be an array of field objects, was " + fieldsNode);
        }
        List<SensorField> fields = new ArrayList<>();
        for (JsonNode f : fieldsNode) {
            fields.add(field(f));
        }
        return new SensorDescriptor(
                integer(root, "schemaVersion", "descriptor"),
                text(root, "id", "descriptor"),
                text(root, "type", "descriptor"),
                text(root, "frameId", "descriptor"),
                number(root, "nominalRateHz", "descriptor", Double.NaN),
                fields);
    }

    private static SensorField field(JsonNode f) {
        if (!f.isObject()) {
            throw new IllegalArgumentException(
                    "every element of fields must be an object, was " + f);
        }
        String where = "field '" + f.path("name").asText("?") + "'";
        onlyKnown(f, FIELD, where);
        FieldType type = FieldType.parse(text(f, "type", where));
        int size = f.has("size") ? integer(f, "size", where) : 0;
        return new SensorField(
                text(f, "name", "field"),
                f.has("unit") ? text(f, "unit", where) : "",
                type,
                size,
                finite(f, "min", where, Double.NEGATIVE_INFINITY),
                finite(f, "max", where, Double.POSITIVE_INFINITY));
    }

    private static void onlyKnown(JsonNode n, Set<String> known, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(
                        where + ": property '" + k + "' is unknown; allowed: " + known);
            }
        }
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(
                    where + ": " + key + " must be a string, was " + (v == null ? "missing" : v));
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(
                    where + ": " + key + " must be an integer, was " + (v == null ? "missing" : v));
        }
        return v.intValue();
    }

    private static double number(JsonNode n, String key, String where, double absent) {
        JsonNode v = n.get(key);
        if (v == null && !Double.isNaN(absent)) {
            return absent;
        }
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(
                    where + ": " + key + " must be a number, was " + (v == null ? "missing" : v));
        }
        return v.doubleValue();
    }

    /** An optional bound: absent is unbounded; given, it must be a finite number. */
    private static double finite(JsonNode n, String key, String where, double absent) {
        double v = number(n, key, where, absent);
        if (n.has(key) && !Double.isFinite(v)) {
            throw new IllegalArgumentException(
                    where
                            + ": "
                            + key
                            + " = "
                            + n.get(key)
                            + " is not a finite number; leave it out for no bound");
        }
        return v;
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
