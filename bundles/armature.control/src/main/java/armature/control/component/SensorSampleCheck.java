package armature.control.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sensor's descriptor and the check of its samples, as far as the loop's sensor limits need them:
 * the documented rules of docs/sensors.md ("The descriptor", "Samples") for the fields, their
 * types, array sizes and ranges, and the nominal rate. The registry (feature {@code sensors}) is
 * optional and offers no per-sample verdict, and a safety function must not depend on an optional
 * bundle, so the loop checks samples itself (ADR 0099). Works on the codec's JSON tree (maps,
 * lists, numbers); throws {@link IllegalArgumentException} naming the field, the value and what is
 * allowed.
 */
final class SensorSampleCheck {
    private static final Set<String> DESCRIPTOR_KEYS =
            Set.of("schemaVersion", "id", "type", "frameId", "nominalRateHz", "fields");
    private static final Set<String> FIELD_KEYS =
            Set.of("name", "unit", "type", "size", "min", "max");
    private static final Set<String> SAMPLE_KEYS = Set.of("sourceTimeNs", "values");
    private static final int MAX_FIELDS = 64;
    private static final int MAX_ARRAY_SIZE = 4096;

    /** One field of a descriptor; {@code unit} as given, {@code null} when omitted. */
    record Field(String name, String type, int size, double min, double max, String unit) {}

    final double nominalRateHz;
    final Map<String, Field> fields;

    private SensorSampleCheck(double nominalRateHz, Map<String, Field> fields) {
        this.nominalRateHz = nominalRateHz;
        this.fields = fields;
    }

    /** Reads a descriptor of sensor {@code id} from the codec's tree. */
    static SensorSampleCheck descriptor(String id, Object tree) {
        Map<?, ?> d = object(tree, "descriptor");
        known(d, DESCRIPTOR_KEYS, "descriptor");
        if (!(d.get("schemaVersion") instanceof Number v) || v.doubleValue() != 1) {
            throw new IllegalArgumentException(
                    "schemaVersion = " + d.get("schemaVersion") + "; allowed: 1");
        }
        if (!id.equals(d.get("id"))) {
            throw new IllegalArgumentException(
                    "id = " + d.get("id") + "; allowed: the topic's sensor level '" + id + "'");
        }
        double rate = number(d.get("nominalRateHz"), "nominalRateHz");
        if (!(rate > 0) || rate > 10_000) {
            throw new IllegalArgumentException(
                    "nominalRateHz = " + rate + "; allowed: above 0, at most 10000");
        }
        if (!(d.get("fields") instanceof List<?> list)
                || list.isEmpty()
                || list.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(
                    "fields = " + d.get("fields") + "; allowed: 1 to " + MAX_FIELDS + " fields");
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Object o : list) {
            Field f = field(object(o, "field"));
            if (fields.put(f.name(), f) != null) {
                throw new IllegalArgumentException(
                        "field '" + f.name() + "' appears twice; allowed: unique names");
            }
        }
        return new SensorSampleCheck(rate, fields);
    }

    private static Field field(Map<?, ?> m) {
        known(m, FIELD_KEYS, "field");
        if (!(m.get("name") instanceof String name) || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "field name = " + m.get("name") + "; allowed: a name");
        }
        Object type = m.get("type");
        if (!List.of("number", "integer", "boolean", "array").contains(type)) {
            throw new IllegalArgumentException(
                    "field '"
                            + name
                            + "' type = "
                            + type
                            + "; allowed: number, integer, boolean, array");
        }
        int size = 0;
        if (type.equals("array")) {
            double s = number(m.get("size"), "field '" + name + "' size");
            if (s != Math.rint(s) || s < 1 || s > MAX_ARRAY_SIZE) {
                throw new IllegalArgumentException(
                        "field '" + name + "' size = " + s + "; allowed: 1 to " + MAX_ARRAY_SIZE);
            }
            size = (int) s;
        }
        double min =
                m.get("min") == null
                        ? Double.NEGATIVE_INFINITY
                        : number(m.get("min"), "field '" + name + "' min");
        double max =
                m.get("max") == null
                        ? Double.POSITIVE_INFINITY
                        : number(m.get("max"), "field '" + name + "' max");
        if (min > max) {
            throw new IllegalArgumentException(
                    "field '" + name + "' range [" + min + ", " + max + "]; allowed: min <= max");
        }
        Object unit = m.get("unit");
        return new Field(
                name, (String) type, size, min, max, unit == null ? null : String.valueOf(unit));
    }

    /**
     * The checked values of a sample by field name: {@code Double} for numbers and integers, {@code
     * Boolean}, {@code double[]} for arrays.
     */
    Map<String, Object> sample(Object tree) {
        Map<?, ?> root = object(tree, "sample");
        known(root, SAMPLE_KEYS, "sample");
        Object t = root.get("sourceTimeNs");
        if (t != null && !(integral(t) && ((Number) t).doubleValue() >= 0)) {
            throw new IllegalArgumentException(
                    "sourceTimeNs = " + t + "; allowed: an integer >= 0");
        }
        Map<?, ?> values = object(root.get("values"), "values");
        for (Object k : values.keySet()) {
            if (!fields.containsKey(k)) {
                throw new IllegalArgumentException(
                        "field '" + k + "' is not in the descriptor; allowed: " + fields.keySet());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields.values()) {
            Object v = values.get(f.name());
            if (v == null) {
                throw new IllegalArgumentException("field '" + f.name() + "' is missing");
            }
            out.put(f.name(), value(f, v));
        }
        return out;
    }

    private static Object value(Field f, Object v) {
        switch (f.type()) {
            case "boolean":
                if (!(v instanceof Boolean)) {
                    throw new IllegalArgumentException(
                            "field '" + f.name() + "' = " + v + "; allowed: true or false");
                }
                return v;
            case "array":
                if (!(v instanceof List<?> list) || list.size() != f.size()) {
                    throw new IllegalArgumentException(
                            "field '"
                                    + f.name()
                                    + "' = "
                                    + v
                                    + "; allowed: an array of "
                                    + f.size()
                                    + " numbers");
                }
                double[] xs = new double[list.size()];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = inRange(f, list.get(i), "[" + i + "]");
                }
                return xs;
            case "integer":
                if (!integral(v)) {
                    throw new IllegalArgumentException(
                            "field '" + f.name() + "' = " + v + "; allowed: an integer");
                }
                return inRange(f, v, "");
            default:
                return inRange(f, v, "");
        }
    }

    private static double inRange(Field f, Object v, String where) {
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(
                    "field '" + f.name() + "'" + where + " = " + v + "; allowed: a number");
        }
        double x = n.doubleValue();
        if (!Double.isFinite(x) || x < f.min() || x > f.max()) {
            throw new IllegalArgumentException(
                    "field '"
                            + f.name()
                            + "'"
                            + where
                            + " = "
                            + v
                            + "; allowed: ["
                            + f.min()
                            + ", "
                            + f.max()
                            + "]");
        }
        return x;
    }

    private static boolean integral(Object v) {
        return v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof java.math.BigInteger;
    }

    private static double number(Object v, String what) {
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException(what + " = " + v + "; allowed: a finite number");
        }
        return n.doubleValue();
    }

    private static Map<?, ?> object(Object o, String what) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return m;
    }

    private static void known(Map<?, ?> m, Set<String> allowed, String what) {
        List<Object> unknown = new ArrayList<>();
        for (Object k : m.keySet()) {
            if (!allowed.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    what + " property " + unknown + " is unknown; allowed: " + allowed);
        }
    }
}
