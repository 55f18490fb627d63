package armature.vision.json;

import armature.vision.api.MarkerDetection;
import armature.vision.api.PixelPoint;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
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
