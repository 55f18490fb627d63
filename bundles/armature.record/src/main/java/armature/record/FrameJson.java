package armature.record;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame as JSON for {@code record --decode}, so tools that know only JSON can plot it: the header
 * fields, then one array per channel, named after the stream's schema when the recorder saw it
 * ({@code positionRad}, ...) and {@code channel0}, {@code channel1}, ... otherwise. NaN is {@code
 * null}.
 */
final class FrameJson {
    private final ObjectMapper mapper;

    FrameJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param schema the stream's FrameSchema document, or {@code null}
     */
    byte[] decode(FrameReader f, JsonNode schema) {
        ObjectNode o = mapper.createObjectNode();
        o.put("kind", f.kind().name());
        o.put("elementType", f.elementType().name());
        o.put("epoch", f.epoch());
        o.put("sequence", Long.toUnsignedString(f.sequence()));
        o.put("timestampNs", f.timestampNs());
        o.put("simulated", f.hasFlag(FrameFormat.FLAG_SIMULATED));
        List<String> names = channelNames(schema, f.channels());
        JsonNode elements = schema == null ? null : schema.get("elementNames");
        if (elements != null && elements.isArray() && elements.size() == f.elementsPerChannel()) {
            o.set("elementNames", elements);
        }
        for (int c = 0; c < f.channels(); c++) {
            ArrayNode a = o.putArray(names.get(c));
            for (int i = 0; i < f.elementsPerChannel(); i++) {
                double v = f.get(c, i);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    a.addNull();
                } else if (f.elementType() == ElementType.FLOAT32) {
                    a.add((float) v);
                } else if (f.elementType().isFloat()) {
                    a.add(v);
                } else {
                    a.add((long) v);
                }
            }
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON Schema for the decoded frames of a stream. */
    byte[] schema(JsonNode frameSchema, int channels) {
        ObjectNode s = mapper.createObjectNode();
        s.put("type", "object");
        s.put("description", "An Armature frame (ADR 0003) decoded by armature record --decode");
        ObjectNode p = s.putObject("properties");
        p.putObject("kind").put("type", "string");
        p.putObject("elementType").put("type", "string");
        p.putObject("epoch").put("type", "integer");
        p.putObject("sequence").put("type", "string").put("description", "unsigned 64-bit");
        p.putObject("timestampNs").put("type", "integer");
        p.putObject("simulated").put("type", "boolean");
        ObjectNode names = p.putObject("elementNames");
        names.put("type", "array");
        names.putObject("items").put("type", "string");
        for (String name : channelNames(frameSchema, channels)) {
            ObjectNode a = p.putObject(name);
            a.put("type", "array");
            a.putObject("items").putArray("type").add("number").add("null");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> channelNames(JsonNode schema, int channels) {
        List<String> names = new ArrayList<>();
        JsonNode given = schema == null ? null : schema.get("channelNames");
        for (int c = 0; c < channels; c++) {
            JsonNode n = given != null && given.size() == channels ? given.get(c) : null;
            names.add(n != null && n.isTextual() ? n.asText() : "channel" + c);
        }
        return names;
    }
}
