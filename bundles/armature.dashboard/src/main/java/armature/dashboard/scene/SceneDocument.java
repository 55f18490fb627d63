package armature.dashboard.scene;

import armature.robot.model.Actuator;
import armature.robot.model.Body;
import armature.robot.model.Geom;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.Mesh;
import armature.robot.model.Model;
import armature.robot.model.Tendon;
import armature.robot.model.geometry.ConvexHull;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 3D scene of a loop's robot description as the page draws it ({@code GET /api/robot/<loop>},
 * docs/dashboard.md): bodies with their pose in the parent, hinge and slide joints, geoms, meshes
 * (their convex hulls, the shapes the simulator collides) and how each of the loop's joints moves
 * the description's joints.
 *
 * <p>Plain Java (no OSGi, no servlet) so the document is tested with {@code new}.
 */
public final class SceneDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SceneDocument() {}

    /**
     * @param loop the loop's name
     * @param model the loop's robot description
     * @param loopJoints the loop's joint names in the order of its joint state messages
     * @return the scene document
     */
    public static ObjectNode of(String loop, Model model, List<String> loopJoints) {
        ObjectNode doc = JSON.objectNode();
        doc.put("loop", loop);
        doc.put("model", model.name());
        doc.put("format", model.format().name().toLowerCase(Locale.ROOT));
        ArrayNode bodies = doc.putArray("bodies");
        ArrayNode objects = JSON.arrayNode();
        for (int i = 0; i < model.bodyCount(); i++) {
            Body b = model.bodies().get(i);
            ObjectNode o = bodies.addObject();
            o.put("name", b.name());
            o.put("parent", model.parentIndex(i));
            o.set("pos", vec(b.posM()));
            o.set("quat", quat(b.quat()));
            // Free bodies move by their ground-truth pose (the sim's "objects"), not by joint
            // state.
            if (b.joints().stream().anyMatch(j -> j.type() == JointType.FREE)) {
                objects.addObject().put("name", b.name()).put("body", i);
            }
        }
        ArrayNode joints = doc.putArray("joints");
        for (int k = 0; k < model.jointCount(); k++) {
            Joint j = model.joints().get(k);
            ObjectNode o = joints.addObject();
            o.put("name", j.name());
            o.put("type", j.type().name().toLowerCase(Locale.ROOT));
            o.put("body", model.jointBodyIndex(k));
            o.set("pos", vec(j.posM()));
            o.set("axis", vec(j.axis()));
            o.put("ref", j.refRadOrM());
        }
        Map<String, Integer> meshIndex = new HashMap<>();
        ArrayNode meshes = doc.putArray("meshes");
        for (Mesh m : model.meshes()) {
            meshIndex.put(m.name(), meshIndex.size());
            meshes.add(mesh(m));
        }
        ArrayNode geoms = doc.putArray("geoms");
        for (int g = 0; g < model.geoms().size(); g++) {
            Geom geom = model.geoms().get(g);
            ObjectNode o = geoms.addObject();
            o.put("name", geom.name());
            o.put("type", geom.type().name().toLowerCase(Locale.ROOT));
            o.put("body", model.geomBodyIndex(g));
            ArrayNode size = o.putArray("size");
            geom.sizeM().forEach(size::add);
            o.set("pos", vec(geom.posM()));
            o.set("quat", quat(geom.quat()));
            ArrayNode rgba = o.putArray("rgba");
            geom.rgba().forEach(rgba::add);
            o.put("group", geom.group());
            if (!geom.meshName().isEmpty()) {
                o.put("mesh", meshIndex.get(geom.meshName()));
            }
        }
        doc.set("drives", drives(model, loopJoints));
        doc.set("objects", objects);
        return doc;
    }

    /**
     * How each loop joint's position moves the description's joints: {@code q[joint] += value *
     * coef}. A loop joint named like a description joint drives it directly; one named like an
     * actuator drives the actuator's joint (value / gear) or, for a tendon actuator, the tendon's
     * joints by the minimum-norm split of the tendon length ({@code coef_k / sum(coef^2)}), which
     * is how the display shows coupled finger joints. A name that matches neither drives nothing.
     */
    static ArrayNode drives(Model model, List<String> loopJoints) {
        Map<String, Integer> jointIndex = new HashMap<>();
        for (int k = 0; k < model.jointCount(); k++) {
            jointIndex.putIfAbsent(model.joints().get(k).name(), k);
        }
        ArrayNode drives = JSON.arrayNode();
        for (String name : loopJoints) {
            ObjectNode d = drives.addObject();
            d.put("name", name);
            ArrayNode targets = d.putArray("joints");
            if (jointIndex.containsKey(name)) {
                targets.addObject().put("joint", jointIndex.get(name)).put("coef", 1.0);
                continue;
            }
            model.actuators().stream()
                    .filter(a -> a.name().equals(name))
                    .findFirst()
                    .ifPresent(a -> actuatorTargets(model, a, jointIndex, targets));
        }
        return drives;
    }

    private static void actuatorTargets(
            Model model, Actuator a, Map<String, Integer> jointIndex, ArrayNode targets) {
        if (a.transmission() == Actuator.Transmission.JOINT) {
            Integer k = jointIndex.get(a.target());
            double gear = a.gear().isEmpty() ? 1 : a.gear().get(0);
            if (k != null && gear != 0) {
                targets.addObject().put("joint", k).put("coef", 1 / gear);
            }
            return;
        }
        Tendon t =
                model.tendons().stream()
                        .filter(x -> x.name().equals(a.target()))
                        .findFirst()
                        .orElse(null);
        if (t == null) {
            return;
        }
        double sumSquares = t.joints().stream().mapToDouble(tj -> tj.coef() * tj.coef()).sum();
        for (Tendon.TendonJoint tj : t.joints()) {
            Integer k = jointIndex.get(tj.joint());
            if (k != null && sumSquares > 0) {
                targets.addObject().put("joint", k).put("coef", tj.coef() / sumSquares);
            }
        }
    }

    /**
     * The convex hull as flat vertex (x, y, z) and triangle (i, j, k) arrays; floats are plenty for
     * display.
     */
    private static JsonNode mesh(Mesh m) {
        ObjectNode o = JSON.objectNode();
        o.put("name", m.name());
        ConvexHull hull = m.hull();
        ArrayNode vertices = o.putArray("vertices");
        for (Vec3 v : hull.vertices()) {
            vertices.add((float) v.x()).add((float) v.y()).add((float) v.z());
        }
        ArrayNode faces = o.putArray("faces");
        for (int t = 0; t < hull.triangleCount(); t++) {
            for (int i : hull.triangle(t)) {
                faces.add(i);
            }
        }
        return o;
    }

    private static ArrayNode vec(Vec3 v) {
        return JSON.arrayNode().add(v.x()).add(v.y()).add(v.z());
    }

    private static ArrayNode quat(Quat q) {
        return JSON.arrayNode().add(q.w()).add(q.x()).add(q.y()).add(q.z());
    }
}
