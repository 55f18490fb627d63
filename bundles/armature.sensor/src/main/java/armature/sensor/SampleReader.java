package armature.sensor;

import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import armature.sensor.api.SensorSample;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one sample payload, {@code {"sourceTimeNs": N, "values": {...}}}, and checks it against the
 * sensor's descriptor. The first problem decides; the message names the field, the value and what
 * is allowed. The size was checked before (SensorRegistry#judge).
 */
final class SampleReader {
    /** A sample's outcome: exactly one of {@code sample} and {@code reason} is set. */
    record Outcome(SensorSample sample, RejectionReason reason, String message) {
        static Outcome accepted(SensorSample s) {
            return new Outcome(s, null, null);
        }

        static Outcome rejected(RejectionReason r, String message) {
            return new Outcome(null, r, message);
        }

        boolean isAccepted() {
            return sample != null;
        }
    }

    private final ObjectMapper json;

    SampleReader(ObjectMapper json) {
        this.json = json;
    }

    Outcome read(SensorDescriptor d, byte[] payload, Instant receiveTime) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (IOException e) {
            return Outcome.rejected(
                    RejectionReason.MALFORMED,
                    "not JSON (" + DescriptorJson.firstLine(e) + "); allowed: {\"values\": {...}}");
        }
        if (root == null || !root.isObject() || !root.path("values").isObject()) {
            return Outcome.rejected(
                    RejectionReason.MALFORMED,
                    "payload "
                            + shortText(root)
                            + " has no \"values\" object; allowed: {\"sourceTimeNs\": N,"
                            + " \"values\": {...}}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("values") && !k.equals("sourceTimeNs")) {
                return Outcome.rejected(
                        RejectionReason.MALFORMED,
                        "property '" + k + "' is unknown; allowed: sourceTimeNs, values");
            }
        }
        Optional<Instant> source = Optional.empty();
        JsonNode t = root.get("sourceTimeNs");
        if (t != null) {
            if (!t.isIntegralNumber() || !t.canConvertToLong() || t.longValue() < 0) {
                return Outcome.rejected(
                        RejectionReason.WRONG_TYPE,
                        "sourceTimeNs "
                                + shortText(t)
                                + "; allowed: an integer >= 0, ns since 1970 on the device clock");
            }
            long ns = t.longValue();
            source = Optional.of(Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L));
        }
        JsonNode values = root.get("values");
        for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (d.field(k).isEmpty()) {
                return Outcome.rejected(
                        RejectionReason.UNKNOWN_FIELD,
                        "field '" + k + "' is not in the descriptor; allowed: " + names(d));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (SensorField f : d.fields()) {
            JsonNode v = values.get(f.name());
            if (v == null) {
                return Outcome.rejected(
                        RejectionReason.MISSING_FIELD,
                        "field '" + f.name() + "' is missing; every sample carries " + names(d));
            }
            Object value;
            try {
                value = FieldCheck.value(f, v);
            } catch (FieldCheck.Refused r) {
                return Outcome.rejected(r.reason, r.getMessage());
            }
            out.put(f.name(), value);
        }
        return Outcome.accepted(new SensorSample(d.id(), source, receiveTime, out));
    }

    private static String names(SensorDescriptor d) {
        return d.fields().stream().map(SensorField::name).toList().toString();
    }

    static String shortText(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
