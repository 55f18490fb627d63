package armature.vision.json;

import armature.vision.api.MarkerDetection;
import armature.vision.api.PixelPoint;
import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The JSON forms of docs/asyncapi.yaml's {@code poseEstimate} and {@code markerDetections} items,
 * shared by the bus components and the CLI.
 */
public final class VisionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VisionJson() {}

    /** A {@code poseEstimate} document. */
    public static ObjectNode pose(PoseEstimate e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("objectId", e.objectId());
        o.put("frameId", e.frameId());
        o.putArray("positionM").add(e.pose().xM()).add(e.pose().yM()).add(e.pose().zM());
        UnitQuaternion q = e.pose().orientation();
        o.putArray("quaternionWxyz").add(q.w()).add(q.x()).add(q.y()).add(q.z());
        ArrayNode cov = o.putArray("covariance");
        for (double v : e.covariance()) {
            cov.add(v);
        }
        o.put("timestampNs", e.timestampNs());
        o.put("source", e.source());
        o.put("quality", e.quality());
        o.put("stale", e.stale());
        return o;
    }

    /**
     * A {@code poseEstimate} document back as a record.
     *
     * @throws IllegalArgumentException naming the missing or bad field
     */
    public static PoseEstimate parsePose(JsonNode o) {
        double[] p = numbers(o, "positionM", 3);
        double[] q = numbers(o, "quaternionWxyz", 4);
        return new PoseEstimate(
                text(o, "objectId"),
                text(o, "frameId"),
                new Pose3(p[0], p[1], p[2], new UnitQuaternion(q[0], q[1], q[2], q[3])),
                numbers(o, "covariance", 36),
                required(o, "timestampNs").asLong(),
                text(o, "source"),
                required(o, "quality").asDouble(),
                required(o, "stale").asBoolean());
    }

    /**
     * A pose as 7 numbers x, y, z (m), qw, qx, qy, qz: the form of configuration properties.
     *
     * @param field names the property in messages
     */
    public static Pose3 pose7(String field, double[] v) {
        if (v == null || v.length != 7) {
            throw new IllegalArgumentException(
                    field
                            + " has "
                            + (v == null ? 0 : v.length)
                            + " values; allowed: 7 (x, y, z in m, then the unit quaternion qw, qx, qy, qz)");
        }
        try {
            return new Pose3(v[0], v[1], v[2], new UnitQuaternion(v[3], v[4], v[5], v[6]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /**
     * A {@code pose3} object: {@code positionM} (3 numbers) and {@code quaternionWxyz} (4 numbers,
     * a unit quaternion as the records check it, not normalised here).
     *
     * @param field names the object in messages
     * @throws IllegalArgumentException naming the field and what is wrong
     */
    public static Pose3 parsePose3(JsonNode parent, String field) {
        JsonNode o = required(parent, field);
        try {
            double[] p = numbers(o, "positionM", 3);
            double[] q = numbers(o, "quaternionWxyz", 4);
            return new Pose3(p[0], p[1], p[2], new UnitQuaternion(q[0], q[1], q[2], q[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode n = o == null ? null : o.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return n;
    }

    private static String text(JsonNode o, String field) {
        return required(o, field).asText();
    }

    private static double[] numbers(JsonNode o, String field, int size) {
        JsonNode n = required(o, field);
        if (!n.isArray() || n.size() != size) {
            throw new IllegalArgumentException(
                    "field '"
                            + field
                            + "' is "
                            + n
                            + "; allowed: an array of "
                            + size
                            + " numbers");
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            if (!n.get(i).isNumber()) {
                throw new IllegalArgumentException(
                        "field '" + field + "' holds " + n.get(i) + "; allowed: numbers only");
            }
            out[i] = n.get(i).doubleValue();
        }
        return out;
    }

    /**
     * One item of {@code markerDetections.markers}: id, corners, and the pose when there is one.
     */
    public static ObjectNode marker(MarkerDetection d, Optional<PoseEstimate> pose) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", d.markerId());
        ArrayNode corners = o.putArray("cornersPx");
        for (PixelPoint p : d.corners()) {
            corners.addArray().add(p.xPx()).add(p.yPx());
        }
        pose.ifPresent(p -> o.set("pose", pose(p)));
        return o;
    }
}
