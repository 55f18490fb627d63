package armature.vision.sim.component;

import armature.vision.sim.render.Transform;
import armature.vision.sim.scene.SceneModel;
import armature.vision.sim.scene.TaggedCube;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ground truth attached to each synthetic frame (user property {@code armature-ground-truth}):
 * the simulated free bodies and the tag frames in the robot (simulation world) frame.
 */
final class GroundTruth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroundTruth() {}

    static String json(
            double simTimeSeconds, SceneModel scene, TaggedCube tags, Transform[] bodyPoses) {
        ObjectNode root = JSON.createObjectNode();
        root.put("simTimeSeconds", simTimeSeconds);
        root.put("frameId", "robot");
        ArrayNode objects = root.putArray("objects");
        for (String name : scene.freeBodies()) {
            ObjectNode o = objects.addObject();
            o.put("name", name);
            pose(o, bodyPoses[scene.bodyIndex(name)]);
        }
        ArrayNode tagArray = root.putArray("tags");
        if (tags != null && !scene.taggedBody().isEmpty()) {
            Transform body = bodyPoses[scene.bodyIndex(scene.taggedBody())];
            for (int face = 0; face < 6; face++) {
                int id = tags.tagIds()[face];
                if (id >= 0) {
                    ObjectNode t = tagArray.addObject();
                    t.put("family", tags.family().wireName());
                    t.put("id", id);
                    pose(t, body.compose(scene.bodyFromTag(face)));
                }
            }
        }
        return root.toString();
    }

    private static void pose(ObjectNode o, Transform t) {
        double[] p = t.translation();
        double[] q = t.quaternionWxyz();
        o.putArray("positionM").add(p[0]).add(p[1]).add(p[2]);
        o.putArray("quaternionWxyz").add(q[0]).add(q[1]).add(q[2]).add(q[3]);
    }
}
