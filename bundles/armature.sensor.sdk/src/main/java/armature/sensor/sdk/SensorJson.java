package armature.sensor.sdk;

import armature.bus.api.JsonStrings;
import armature.sensor.api.FieldType;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON a sensor publishes (docs/sensors.md, docs/asyncapi.yaml channels {@code
 * sensorDescriptor}, {@code sensorState}, {@code sensorSamples}), written without a JSON library so
 * that a sensor bundle needs nothing but the API bundles. Public so a bundle's own tests can look
 * at exactly what goes on the wire.
 */
public final class SensorJson {
    /** The birth a sensor publishes, retained, after its descriptor. */
    public static final String ONLINE = "{\"state\":\"online\"}";

    /** What a sensor publishes, retained, when it stops on purpose (and its last will). */
    public static final String OFFLINE = "{\"state\":\"offline\"}";

    private SensorJson() {}

    /** The descriptor document; an unbounded {@code min} or {@code max} is left out. */
    public static String descriptor(SensorDescriptor d) {
        StringBuilder s = new StringBuilder(256);
        s.append("{\"schemaVersion\":").append(d.schemaVersion());
        s.append(",\"id\":").append(JsonStrings.quote(d.id()));
        s.append(",\"type\":").append(JsonStrings.quote(d.type()));
        s.append(",\"frameId\":").append(JsonStrings.quote(d.frameId()));
        s.append(",\"nominalRateHz\":").append(d.nominalRateHz());
        s.append(",\"fields\":[");
        String sep = "";
        for (SensorField f : d.fields()) {
            s.append(sep).append("{\"name\":").append(JsonStrings.quote(f.name()));
            // a boolean may have no unit; the registry reads an absent unit as empty
            if (!f.unit().isEmpty()) {
                s.append(",\"unit\":").append(JsonStrings.quote(f.unit()));
            }
            s.append(",\"type\":\"").append(f.type().wireName()).append('"');
            if (f.type() == FieldType.ARRAY) {
                s.append(",\"size\":").append(f.size());
            }
            if (Double.isFinite(f.min())) {
                s.append(",\"min\":").append(f.min());
            }
            if (Double.isFinite(f.max())) {
                s.append(",\"max\":").append(f.max());
            }
            s.append('}');
            sep = ",";
        }
        return s.append("]}").toString();
    }

    /**
     * A sample document, {@code {"sourceTimeNs": N, "values": {...}}}, after checking {@code
     * values} against the descriptor with the registry's rules.
     *
     * @param sourceTime when the sensor measured it (ns since 1970 on the device's clock), or empty
     *     to leave {@code sourceTimeNs} out
     * @param values by field name: a Double or Float (or an integral type) for a number; a Long,
     *     Integer, Short or Byte for an integer; a Boolean; a double[], float[] or List of Numbers
     *     for an array
     * @throws IllegalArgumentException when the sample would be refused: the message starts with
     *     the registry's reason ({@code missing_field}, {@code unknown_field}, {@code wrong_type},
     *     {@code wrong_size}, {@code out_of_range}) and names the field, the value and what is
     *     allowed
     */
    public static String sample(
            SensorDescriptor d, Optional<Instant> sourceTime, Map<String, ?> values) {
        Map<String, Object> checked = SampleCheck.values(d, values);
        StringBuilder s = new StringBuilder(64 + 24 * checked.size());
        s.append('{');
        if (sourceTime.isPresent()) {
            Instant t = sourceTime.get();
            if (t.getEpochSecond() < 0) {
                throw new IllegalArgumentException(
                        "wrong_type: sourceTime " + t + " is before 1970; allowed: 1970 or later");
            }
            // An Instant past 2262-04-11 does not fit in a long of nanoseconds.
            if (t.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) {
                throw new IllegalArgumentException(
                        "wrong_type: sourceTime "
                                + t
                                + " does not fit sourceTimeNs; allowed: before 2262-04-11");
            }
            long ns = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            s.append("\"sourceTimeNs\":").append(ns).append(',');
        }
        s.append("\"values\":{");
        String sep = "";
        for (Map.Entry<String, Object> e : checked.entrySet()) {
            s.append(sep).append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof double[] xs) {
                s.append('[');
                for (int i = 0; i < xs.length; i++) {
                    s.append(i == 0 ? "" : ",").append(xs[i]);
                }
                s.append(']');
            } else {
                s.append(v); // Double, Long or Boolean: Java's text is valid JSON for finite ones
            }
            sep = ",";
        }
        return s.append("}}").toString();
    }

    /** {@code text} as the UTF-8 bytes of a message payload. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
