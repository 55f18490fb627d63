package armature.dashboard;

import armature.bus.api.MessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/loops}: each loop the container runs (found by its retained state schema, as the
 * CLI finds them) with its joints and the limits the loop enforces (its retained limits document).
 */
final class LoopsReport {
    private LoopsReport() {}

    static List<Map<String, Object>> read(MessageBus bus) {
        ContainerTopics c = ContainerTopics.of(bus.containerId());
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : Retained.read(bus, c.loopStateSchemaFilter()).entrySet()) {
            String name = c.loopNameOf(e.getKey());
            LoopTopics loop = c.loop(name);
            JsonNode schema = tree(e.getValue());
            byte[] limitsBytes = Retained.read(bus, loop.limits()).get(loop.limits());
            JsonNode limits = limitsBytes == null ? null : tree(limitsBytes);
            List<Map<String, Object>> joints = new ArrayList<>();
            int i = 0;
            for (JsonNode jn : schema.path("elementNames")) {
                JsonNode l = limits == null ? null : limits.path("joints").path(i);
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("name", jn.asText());
                j.put("lowerRad", number(l, "minPositionRad"));
                j.put("upperRad", number(l, "maxPositionRad"));
                j.put("velocityLimitRadPerSec", number(l, "maxVelocityRadPerSec"));
                j.put("effortLimit", number(l, "maxEffort"));
                j.put(
                        "effortUnit",
                        l == null
                                ? schema.path("attributes").path("effortUnit").asText("Nm")
                                : l.path("effortUnit").asText());
                joints.add(j);
                i++;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loop", name);
            m.put("joints", joints);
            m.put("rateHz", schema.path("nominalRateHz").asDouble());
            // Not on the bus: the page's 3D endpoint (/api/robot) knows the model.
            m.put("descriptionPath", null);
            out.add(m);
        }
        return out;
    }

    private static Double number(JsonNode n, String field) {
        if (n == null || n.isMissingNode()) {
            return null;
        }
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    private static JsonNode tree(byte[] b) {
        try {
            return JsonReplies.JSON.readTree(b);
        } catch (IOException e) {
            throw new ApiError(502, "unreadable retained document: " + e.getMessage());
        }
    }
}
