package armature.record;

import armature.bus.codec.CodecException;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameSchema;
import armature.control.api.JointStateChannels;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * A loop's binary JOINT_STATE frames (ADR 0003) as JSON, for viewers that read only JSON (the
 * Foxglove endpoint, the dashboard's live bridge): {@code {tNs, seq, names, positionRad,
 * velocityRadPerSec, effort, effortUnit}}, with the names and the effort unit from the stream's
 * retained FrameSchema and the channels found by name. A NaN element ("no reading") becomes {@code
 * null}. Thread-safe (a frame reader per call: decoding allocates a few hundred bytes anyway).
 */
public final class JointStateJson {
    /** The schema name advertised for decoded joint states. */
    public static final String SCHEMA_NAME = "armature.jointState";

    private static final String[] CHANNELS = {
        JointStateChannels.POSITION_RAD,
        JointStateChannels.VELOCITY_RAD_PER_SEC,
        JointStateChannels.EFFORT
    };

    private final ObjectMapper json;
    private final FrameSchema schema;
    private final List<String> names;
    private final String effortUnit;
    private final int[] channelIndex = new int[CHANNELS.length];

    /**
     * @throws IllegalArgumentException when {@code schema} is not a joint-state schema with the
     *     three channels of {@link JointStateChannels} and an effort unit
     */
    public JointStateJson(ObjectMapper json, FrameSchema schema) {
        this.json = Objects.requireNonNull(json, "json");
        this.schema = Objects.requireNonNull(schema, "schema");
        if (schema.kind() != FrameKind.JOINT_STATE) {
            throw new IllegalArgumentException(
                    "frame schema kind is " + schema.kind() + "; allowed: JOINT_STATE");
        }
        for (int i = 0; i < CHANNELS.length; i++) {
            int c = schema.channelNames().indexOf(CHANNELS[i]);
            if (c < 0) {
                throw new IllegalArgumentException(
                        "frame schema channelNames "
                                + schema.channelNames()
                                + " lack '"
                                + CHANNELS[i]
                                + "'; a joint state needs "
                                + List.of(CHANNELS));
            }
            channelIndex[i] = c;
        }
        String unit = schema.attributes().get(JointStateChannels.EFFORT_UNIT_ATTRIBUTE);
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException(
                    "frame schema attribute '"
                            + JointStateChannels.EFFORT_UNIT_ATTRIBUTE
                            + "' is "
                            + unit
                            + "; allowed: a unit such as Nm or A");
        }
        this.effortUnit = unit;
        this.names =
                schema.elementNames().isEmpty()
                        ? java.util.stream.IntStream.range(0, schema.elementsPerChannel())
                                .mapToObj(i -> "joint" + i)
                                .toList()
                        : List.copyOf(schema.elementNames());
    }

    public FrameSchema frameSchema() {
        return schema;
    }

    /**
     * One frame as UTF-8 JSON.
     *
     * @throws CodecException when the bytes are not a valid frame or do not match the schema
     */
    public byte[] decode(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + names.size() * 64);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            writeFields(g, frame);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the fields of {@link #decode}'s object into an object the caller has started, so that
     * a caller can wrap them with fields of its own.
     *
     * @throws CodecException when the bytes are not a valid frame or do not match the schema
     */
    public void writeFields(JsonGenerator g, byte[] frame) throws IOException {
        FrameReader f = new FrameReader().wrap(frame);
        schema.check(f);
        g.writeNumberField("tNs", f.timestampNs());
        g.writeFieldName("seq");
        // unsigned 64-bit; a JSON number either way
        g.writeNumber(Long.toUnsignedString(f.sequence()));
        g.writeArrayFieldStart("names");
        for (String n : names) {
            g.writeString(n);
        }
        g.writeEndArray();
        for (int i = 0; i < CHANNELS.length; i++) {
            g.writeArrayFieldStart(CHANNELS[i]);
            for (int e = 0; e < f.elementsPerChannel(); e++) {
                double v = f.get(channelIndex[i], e);
                if (Double.isNaN(v)) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
            g.writeEndArray();
        }
        g.writeStringField("effortUnit", effortUnit);
    }

    /**
     * The JSON Schema of {@link #decode}'s output for this stream: every field required, nothing
     * else allowed, arrays exactly one element per joint.
     */
    public String jsonSchema() {
        int n = names.size();
        ObjectNode s = json.createObjectNode();
        s.put("title", SCHEMA_NAME);
        s.put(
                "description",
                "Measured joint state of an Armature control loop, one message per loop tick,"
                        + " decoded from its binary JOINT_STATE frame");
        s.put("type", "object");
        ArrayNode required = s.putArray("required");
        s.put("additionalProperties", false);
        ObjectNode p = s.putObject("properties");
        p.putObject("tNs")
                .put("type", "integer")
                .put(
                        "description",
                        "the frame's timestamp [ns] on the loop's " + schema.clock() + " clock");
        p.putObject("seq")
                .put("type", "integer")
                .put("minimum", 0)
                .put("description", "the frame's sequence number, one per tick");
        ObjectNode namesNode = p.putObject("names");
        namesNode.put("type", "array").put("minItems", n).put("maxItems", n);
        namesNode.putObject("items").put("type", "string");
        namesNode.put("description", "joint names, in the order of every array");
        array(p, JointStateChannels.POSITION_RAD, n, "measured position [rad]");
        array(p, JointStateChannels.VELOCITY_RAD_PER_SEC, n, "measured velocity [rad/s]");
        array(p, JointStateChannels.EFFORT, n, "measured effort [" + effortUnit + "]");
        p.putObject("effortUnit")
                .put("type", "string")
                .put("const", effortUnit)
                .put("description", "the unit of effort (Nm torque, A current)");
        p.fieldNames().forEachRemaining(required::add);
        return s.toString();
    }

    private static void array(ObjectNode properties, String name, int n, String description) {
        ObjectNode a = properties.putObject(name);
        a.put("type", "array").put("minItems", n).put("maxItems", n);
        a.putObject("items").putArray("type").add("number").add("null");
        a.put("description", description + " per joint; null where there is no reading");
    }
}
