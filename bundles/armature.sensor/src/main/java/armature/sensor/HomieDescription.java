package armature.sensor;

import armature.control.api.HomieTopics;
import armature.sensor.api.FieldType;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Homie 5 {@code $description} document mapped to a {@link SensorDescriptor} (docs/sensors.md,
 * ADR 0098): one field per integer, float or boolean property, named {@code <node>_<property>} with
 * '-' as '_', its unit as given ({@code 1} when it has none), its range from {@code format}.
 * Properties of other datatypes are kept as ignored, with the reason, not refused. Tolerant of what
 * the convention allows (unknown members, names, extensions), strict about what it requires.
 */
final class HomieDescription {
    /**
     * The mapping of one device.
     *
     * @param descriptor the sensor the device is mapped to
     * @param version the description's {@code version}
     * @param fields by {@code <node>/<property>}: the field a property's value becomes
     * @param ignored by {@code <node>/<property>}: why a property is not a field
     */
    record Mapping(
            SensorDescriptor descriptor,
            long version,
            Map<String, SensorField> fields,
            Map<String, RegistryStatus.Ignored> ignored) {}

    static final Set<String> DATATYPES =
            Set.of(
                    "integer",
                    "float",
                    "boolean",
                    "string",
                    "enum",
                    "color",
                    "datetime",
                    "duration",
                    "json");

    private static final Pattern VERSION = Pattern.compile("5\\.[0-9]+");
    // [min]:[max][:step], each a number in the property's own syntax, each part optional
    private static final Pattern RANGE = Pattern.compile("([^:]*):([^:]*)(:([^:]*))?");

    private final ObjectMapper json;

    HomieDescription(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Maps a description.
     *
     * @param device the device id from the topic
     * @param nominalRateHz the rate the device is assumed to publish property updates at
     * @throws IllegalArgumentException naming the member, the value and what is allowed
     */
    Mapping parse(String device, byte[] payload, double nominalRateHz) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "$description is not JSON: " + DescriptorJson.firstLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("$description must be a JSON object");
        }
        JsonNode homie = root.get("homie");
        if (homie == null || !homie.isTextual() || !VERSION.matcher(homie.asText()).matches()) {
            throw new IllegalArgumentException(
                    "$description: homie " + shown(homie) + " is not supported; allowed: \"5.x\"");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
            throw new IllegalArgumentException(
                    "$description: version "
                            + shown(version)
                            + " is not allowed; allowed: an integer");
        }
        Map<String, SensorField> fields = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>(); // field name -> node/property
        Map<String, RegistryStatus.Ignored> ignored = new LinkedHashMap<>();
        int properties = 0;
        for (Map.Entry<String, JsonNode> node : members(root, "nodes", "$description")) {
            String n = node.getKey();
            requireId(n, "node");
            for (Map.Entry<String, JsonNode> prop :
                    members(node.getValue(), "properties", "node '" + n + "'")) {
                String p = prop.getKey();
                requireId(p, "node '" + n + "': property");
                String where = "node '" + n + "' property '" + p + "'";
                properties++;
                JsonNode d = prop.getValue();
                if (!d.isObject()) {
                    throw new IllegalArgumentException(
                            where + " must be an object, was " + shown(d));
                }
                JsonNode type = d.get("datatype");
                if (type == null || !type.isTextual() || !DATATYPES.contains(type.asText())) {
                    throw new IllegalArgumentException(
                            where
                                    + ": datatype "
                                    + shown(type)
                                    + " is not allowed; allowed: integer, float, boolean, string,"
                                    + " enum, color, datetime, duration, json");
                }
                String datatype = type.asText();
                String key = n + "/" + p;
                String why = null;
                SensorField f = null;
                if (!datatype.equals("integer")
                        && !datatype.equals("float")
                        && !datatype.equals("boolean")) {
                    why = "datatype " + datatype + " is not a number, integer or boolean";
                } else if (fields.size() == SensorDescriptor.MAX_FIELDS) {
                    why = "more than " + SensorDescriptor.MAX_FIELDS + " fields";
                } else {
                    String name = (n + "_" + p).replace('-', '_');
                    try {
                        f = field(name, datatype, d, where);
                    } catch (FieldRefused r) {
                        why = r.getMessage();
                    }
                    if (f != null && names.containsKey(name)) {
                        why = "field name '" + name + "' is taken by " + names.get(name);
                        f = null;
                    }
                    if (f != null) {
                        names.put(name, key);
                    }
                }
                if (f != null) {
                    fields.put(key, f);
                } else {
                    ignored.put(key, new RegistryStatus.Ignored(key, datatype, why));
                }
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(
                    "$description: none of its "
                            + properties
                            + " properties is an integer, float or boolean; ignored: "
                            + ignored.keySet());
        }
        SensorDescriptor descriptor =
                new SensorDescriptor(
                        SensorDescriptor.SCHEMA_VERSION,
                        device,
                        "homie",
                        "none",
                        nominalRateHz,
                        new ArrayList<>(fields.values()));
        return new Mapping(descriptor, version.longValue(), fields, ignored);
    }

    /** A property that is valid Homie but cannot be a field (its name, its unit). */
    private static final class FieldRefused extends Exception {
        private static final long serialVersionUID = 1L;

        FieldRefused(String message) {
            super(message, null, false, false);
        }
    }

    private static SensorField field(String name, String datatype, JsonNode d, String where)
            throws FieldRefused {
        JsonNode unitNode = d.get("unit");
        if (unitNode != null && !unitNode.isTextual()) {
            throw new IllegalArgumentException(
                    where + ": unit " + shown(unitNode) + " is not allowed; allowed: a string");
        }
        String unit = unitNode == null ? "" : unitNode.asText();
        FieldType type =
                switch (datatype) {
                    case "integer" -> FieldType.INTEGER;
                    case "float" -> FieldType.NUMBER;
                    default -> FieldType.BOOLEAN;
                };
        if (unit.isEmpty() && type != FieldType.BOOLEAN) {
            unit = "1";
        }
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        JsonNode format = d.get("format");
        if (format != null && type != FieldType.BOOLEAN) {
            // a boolean's format only names its two values (e.g. "off,on")
            Matcher m = format.isTextual() ? RANGE.matcher(format.asText()) : null;
            if (m == null || !m.matches()) {
                throw new IllegalArgumentException(
                        where
                                + ": format "
                                + shown(format)
                                + " is not allowed; allowed: \"[min]:[max][:step]\"");
            }
            min = bound(m.group(1), datatype, where, Double.NEGATIVE_INFINITY);
            max = bound(m.group(2), datatype, where, Double.POSITIVE_INFINITY);
            if (m.group(4) != null) {
                bound(m.group(4), datatype, where, 0); // the step is checked, not enforced
            }
            if (min > max) {
                throw new IllegalArgumentException(
                        where + ": format '" + format.asText() + "' has min > max");
            }
        }
        try {
            return new SensorField(name, unit, type, 0, min, max);
        } catch (IllegalArgumentException e) {
            throw new FieldRefused(e.getMessage());
        }
    }

    private static double bound(String s, String datatype, String where, double absent) {
        if (s.isEmpty()) {
            return absent;
        }
        if (!HomieValues.syntaxOk(s, datatype)) {
            throw new IllegalArgumentException(
                    where
                            + ": format bound '"
                            + s
                            + "' is not a Homie "
                            + datatype
                            + "; allowed: \"[min]:[max][:step]\"");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            // 1e400 is valid Homie syntax, but a bound of infinity refused every value
            throw new IllegalArgumentException(
                    where
                            + ": format bound '"
                            + s
                            + "' is not a finite number; allowed: a bound a double can hold, or"
                            + " none");
        }
        return v;
    }

    private static Iterable<Map.Entry<String, JsonNode>> members(
            JsonNode parent, String key, String where) {
        JsonNode n = parent.get(key);
        if (n == null) {
            return List.of();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(
                    where
                            + ": "
                            + key
                            + " must be an object of "
                            + key
                            + " by id, was "
                            + shown(n));
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static void requireId(String id, String what) {
        if (!HomieTopics.isId(id)) {
            throw new IllegalArgumentException(
                    what
                            + " id '"
                            + id
                            + "' is not allowed; allowed: 1-64 of a-z, 0-9 and '-', not first or"
                            + " last");
        }
    }

    private static String shown(JsonNode n) {
        return n == null ? "missing" : SampleReader.shortText(n);
    }
}
