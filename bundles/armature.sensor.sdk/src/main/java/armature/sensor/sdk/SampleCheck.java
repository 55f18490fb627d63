package armature.sensor.sdk;

import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sample's Java values checked against the descriptor with the registry's rules (docs/sensors.md,
 * "Samples"): every field present, no other, the right type, array size and range, finite. The
 * result holds Double, Long, Boolean or double[] in the descriptor's field order.
 */
final class SampleCheck {
    private SampleCheck() {}

    /**
     * @throws IllegalArgumentException naming the field, the value and what is allowed
     */
    static Map<String, Object> values(SensorDescriptor d, Map<String, ?> values) {
        if (values == null) {
            throw new IllegalArgumentException(
                    "values are missing; every sample carries " + names(d));
        }
        for (String k : values.keySet()) {
            if (d.field(k).isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown_field: field '"
                                + k
                                + "' is not in the descriptor of "
                                + d.id()
                                + "; allowed: "
                                + names(d));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (SensorField f : d.fields()) {
            if (!values.containsKey(f.name()) || values.get(f.name()) == null) {
                throw new IllegalArgumentException(
                        "missing_field: field '"
                                + f.name()
                                + "' is missing; every sample of "
                                + d.id()
                                + " carries "
                                + names(d));
            }
            out.put(f.name(), value(f, values.get(f.name())));
        }
        return out;
    }

    private static Object value(SensorField f, Object v) {
        return switch (f.type()) {
            case BOOLEAN -> {
                if (!(v instanceof Boolean b)) {
                    throw wrongType(f, v, "a Boolean");
                }
                yield b;
            }
            case INTEGER -> {
                // 1.5 or 2.0 would be written with a fraction, which the registry refuses
                if (!integral(v)) {
                    throw wrongType(f, v, "a Long, Integer, Short or Byte");
                }
                long x = ((Number) v).longValue();
                inRange(f, x, String.valueOf(x), "");
                yield x;
            }
            case NUMBER -> {
                if (!(v instanceof Number n)) {
                    throw wrongType(f, v, "a Number");
                }
                double x = n.doubleValue();
                inRange(f, x, String.valueOf(v), "");
                // an integral Java type stays an integer in the JSON, like a device would send it
                yield integral(v) ? (Object) n.longValue() : (Object) x;
            }
            case ARRAY -> {
                double[] xs = elements(f, v);
                if (xs.length != f.size()) {
                    throw new IllegalArgumentException(
                            "wrong_size: field '"
                                    + f.name()
                                    + "' has "
                                    + xs.length
                                    + " elements; allowed: exactly "
                                    + f.size());
                }
                for (int i = 0; i < xs.length; i++) {
                    inRange(f, xs[i], String.valueOf(xs[i]), "[" + i + "]");
                }
                yield xs;
            }
        };
    }

    private static boolean integral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    private static double[] elements(SensorField f, Object v) {
        if (v instanceof double[] a) {
            return a; // written out as JSON before publish returns: no copy needed
        }
        if (v instanceof float[] a) {
            double[] xs = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                xs[i] = a[i];
            }
            return xs;
        }
        if (v instanceof List<?> l) {
            double[] xs = new double[l.size()];
            for (int i = 0; i < xs.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw wrongType(f, l.get(i), "a Number at index " + i);
                }
                xs[i] = n.doubleValue();
            }
            return xs;
        }
        throw wrongType(f, v, "a double[], float[] or List of " + f.size() + " Numbers");
    }

    private static void inRange(SensorField f, double x, String text, String index) {
        if (!Double.isFinite(x) || !f.inRange(x)) {
            throw new IllegalArgumentException(
                    "out_of_range: field '"
                            + f.name()
                            + "'"
                            + index
                            + " = "
                            + text
                            + " "
                            + f.unit()
                            + "; allowed: "
                            + f.rangeText()
                            + ", finite");
        }
    }

    private static IllegalArgumentException wrongType(SensorField f, Object v, String allowed) {
        String type = v == null ? "null" : v.getClass().getSimpleName();
        return new IllegalArgumentException(
                "wrong_type: field '"
                        + f.name()
                        + "' = "
                        + v
                        + " ("
                        + type
                        + ") is not "
                        + allowed
                        + " ("
                        + f.type().wireName()
                        + ")");
    }

    private static String names(SensorDescriptor d) {
        return d.fields().stream().map(SensorField::name).toList().toString();
    }
}
