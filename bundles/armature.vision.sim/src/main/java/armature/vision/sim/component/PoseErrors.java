package armature.vision.sim.component;

import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
import armature.vision.sim.render.Transform;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The truth of one tag or one body by frame time (from the synthetic frames' ground truth) and the
 * error of each estimate against the truth of its newest frame. Thread-safe.
 */
final class PoseErrors {
    /** Frame times kept: a few seconds of three cameras at 30 Hz. */
    static final int KEPT = 512;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The ground truth's array to look in: {@code tags} or {@code objects}. */
    private final String array;

    private final Predicate<JsonNode> match;
    private final TreeMap<Long, Transform> truths = new TreeMap<>(); // guarded by this

    private PoseErrors(String array, Predicate<JsonNode> match) {
        this.array = array;
        this.match = match;
    }

    /** The truth is a tag's frame. */
    static PoseErrors ofTag(String family, int tagId) {
        return new PoseErrors(
                "tags",
                t -> family.equals(t.path("family").asText()) && t.path("id").asInt(-1) == tagId);
    }

    /** The truth is a simulated body's frame. */
    static PoseErrors ofBody(String body) {
        return new PoseErrors("objects", o -> body.equals(o.path("name").asText()));
    }

    /**
     * Remembers the tag's or body's pose in a frame's ground truth document.
     *
     * @throws IllegalArgumentException when the document is not the ground truth JSON
     */
    void truth(long frameNs, String groundTruthJson) {
        JsonNode root;
        try {
            root = JSON.readTree(groundTruthJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("ground truth is not JSON: " + e.getMessage());
        }
        for (JsonNode t : root.path(array)) {
            if (match.test(t)) {
                Transform pose = pose(t);
                synchronized (this) {
                    truths.put(frameNs, pose);
                    while (truths.size() > KEPT) {
                        truths.pollFirstEntry();
                    }
                }
                return;
            }
        }
    }

    /** The truth at exactly this frame time, if a frame of that time was seen. */
    synchronized Optional<Transform> truthAt(long frameNs) {
        return Optional.ofNullable(truths.get(frameNs));
    }

    /** The error document of an estimate (in the robot frame) against a truth. */
    static ObjectNode error(PoseEstimate e, Transform truth) {
        Pose3 p = e.pose();
        UnitQuaternion q = p.orientation();
        Transform estimate = Transform.of(p.xM(), p.yM(), p.zM(), q.w(), q.x(), q.y(), q.z());
        ObjectNode o = JSON.createObjectNode();
        o.put("objectId", e.objectId());
        o.put("timestampNs", e.timestampNs());
        o.put("stale", e.stale());
        o.put("source", e.source());
        o.put("positionErrorM", estimate.distanceTo(truth));
        o.put("rotationErrorDeg", Math.toDegrees(estimate.angleTo(truth)));
        o.set("truth", pose3(truth));
        o.set("estimate", pose3(estimate));
        return o;
    }

    private static ObjectNode pose3(Transform t) {
        ObjectNode o = JSON.createObjectNode();
        double[] p = t.translation();
        double[] q = t.quaternionWxyz();
        o.putArray("positionM").add(p[0]).add(p[1]).add(p[2]);
        o.putArray("quaternionWxyz").add(q[0]).add(q[1]).add(q[2]).add(q[3]);
        return o;
    }

    private static Transform pose(JsonNode t) {
        double[] v = new double[7];
        Iterator<JsonNode> p = t.path("positionM").elements();
        Iterator<JsonNode> q = t.path("quaternionWxyz").elements();
        for (int i = 0; i < 7; i++) {
            Iterator<JsonNode> it = i < 3 ? p : q;
            if (!it.hasNext()) {
                throw new IllegalArgumentException("ground truth pose is incomplete: " + t);
            }
            v[i] = it.next().asDouble(Double.NaN);
        }
        return Transform.of(v, 0);
    }

    /** For tests: how many frame times are remembered. */
    synchronized int size() {
        return truths.size();
    }

    /** The frame times, oldest first (tests). */
    synchronized Map<Long, Transform> snapshot() {
        return new TreeMap<>(truths);
    }
}
