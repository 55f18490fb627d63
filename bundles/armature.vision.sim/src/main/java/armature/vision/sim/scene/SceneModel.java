package armature.vision.sim.scene;

import armature.robot.model.Body;
import armature.robot.model.Geom;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import armature.robot.model.Mesh;
import armature.robot.model.Model;
import armature.robot.model.geometry.Vec3;
import armature.vision.sim.render.Drawable;
import armature.vision.sim.render.Material;
import armature.vision.sim.render.Shapes;
import armature.vision.sim.render.Transform;
import armature.vision.sim.render.TriMesh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a camera can see of a loaded robot description: each visible geom as a triangle mesh with
 * its colour and its material's texture (a PNG or MJCF procedure, mapped as MuJoCo maps it),
 * attached to its body, and optionally a box geom with markers on its faces. Body poses come from
 * the running simulation by body name ({@link #drawables}); a body the compiled model does not list
 * (fused into its parent because it is welded) is placed from its parent.
 */
public final class SceneModel {
    /** A plane of size 0 is infinite in MuJoCo; drawn this large (half side, metres). */
    static final double INFINITE_PLANE_HALF_M = 5;

    private record Part(int body, Transform bodyFromGeom, TriMesh mesh, List<Material> materials) {}

    private final Model model;
    private final List<Part> parts = new ArrayList<>();
    private final List<String> freeBodies = new ArrayList<>();
    private final String taggedBody;
    private final Transform bodyFromBox;
    private final double[] boxHalfM;

    /**
     * @param visibleGroups geom groups drawn (MuJoCo's viewer shows 0, 1 and 2); geoms with alpha 0
     *     are never drawn, geoms with alpha between 0 and 1 are translucent (the tagged box is
     *     always opaque)
     * @param taggedBody the body whose first box geom carries {@code tags}; empty = no tags
     * @param tags the markers, or null when {@code taggedBody} is empty
     * @throws IllegalArgumentException when the tagged body is not in the model or has no box geom,
     *     naming the body and what is allowed
     */
    public SceneModel(Model model, Set<Integer> visibleGroups, String taggedBody, TaggedCube tags) {
        this.model = model;
        this.taggedBody = taggedBody;
        int tagged = taggedBody.isEmpty() ? -1 : bodyIndex(model, taggedBody);
        Map<String, TriMesh> meshes = new HashMap<>();
        Transform box = null;
        double[] half = null;
        for (int b = 0; b < model.bodies().size(); b++) {
            for (var j : model.bodies().get(b).joints()) {
                if (j.type() == JointType.FREE) {
                    freeBodies.add(model.bodies().get(b).name());
                }
            }
        }
        DescriptionTextures textures = new DescriptionTextures(model.appearance());
        for (int g = 0; g < model.geoms().size(); g++) {
            Geom geom = model.geoms().get(g);
            int body = model.geomBodyIndex(g);
            Transform bodyFromGeom = pose(geom.posM(), geom.quat());
            List<Double> rgba = geom.rgba();
            boolean drawn = visibleGroups.contains(geom.group()) && rgba.get(3) > 0;
            Material colour =
                    new Material(
                            (float) clamp(rgba.get(0)),
                            (float) clamp(rgba.get(1)),
                            (float) clamp(rgba.get(2)),
                            null,
                            drawn || body == tagged ? textures.mapping(geom) : null);
            if (body == tagged && geom.type() == GeomType.BOX && box == null) {
                half = new double[] {geom.sizeM().get(0), geom.sizeM().get(1), geom.sizeM().get(2)};
                box = bodyFromGeom;
                parts.add(
                        new Part(
                                body,
                                bodyFromGeom,
                                Shapes.box(half[0], half[1], half[2]),
                                tags.materials(half, colour)));
                continue;
            }
            if (!drawn) {
                continue;
            }
            TriMesh mesh = mesh(model, geom, meshes);
            if (mesh != null) {
                // MJCF's alpha: below 1 what is behind shows through (the hand scene's target box).
                double alpha = Math.min(1, rgba.get(3));
                parts.add(
                        new Part(
                                body,
                                bodyFromGeom,
                                mesh,
                                List.of(alpha < 1 ? colour.withAlpha(alpha) : colour)));
            }
        }
        if (tagged >= 0 && box == null) {
            throw new IllegalArgumentException(
                    "taggedBody = '"
                            + taggedBody
                            + "' has no box geom to put tags on; allowed: a"
                            + " body with a box geom, e.g. one of "
                            + bodiesWithBoxes(model));
        }
        this.bodyFromBox = box;
        this.boxHalfM = half;
    }

    /** The bodies with a free joint (the objects whose ground truth goes with each frame). */
    public List<String> freeBodies() {
        return List.copyOf(freeBodies);
    }

    /** Where the tag on face {@code face} of the tagged box is in its body's frame. */
    public Transform bodyFromTag(int face) {
        if (bodyFromBox == null) {
            throw new IllegalStateException("no tagged body");
        }
        return bodyFromBox.compose(TaggedCube.boxFromTag(face, boxHalfM));
    }

    public String taggedBody() {
        return taggedBody;
    }

    /** Number of geoms drawn. */
    public int partCount() {
        return parts.size();
    }

    /**
     * The world poses of every body of the description, from the simulation's poses by name.
     *
     * @param simBodyNames the compiled model's body names
     * @param simPoses 7 per simulated body (x, y, z, qw, qx, qy, qz)
     */
    public Transform[] bodyPoses(List<String> simBodyNames, double[] simPoses) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < simBodyNames.size(); i++) {
            index.putIfAbsent(simBodyNames.get(i), i);
        }
        int n = model.bodies().size();
        Transform[] world = new Transform[n];
        world[0] = Transform.IDENTITY;
        for (int b = 1; b < n; b++) { // parents come before children
            Body body = model.bodies().get(b);
            Integer sim = body.name().isEmpty() ? null : index.get(body.name());
            world[b] =
                    sim != null
                            ? Transform.of(simPoses, 7 * sim)
                            : world[model.parentIndex(b)].compose(pose(body.posM(), body.quat()));
        }
        return world;
    }

    /** The scene with its bodies at {@code bodyPoses} (from {@link #bodyPoses}). */
    public List<Drawable> drawables(Transform[] bodyPoses) {
        List<Drawable> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            out.add(
                    new Drawable(
                            p.mesh(),
                            p.materials(),
                            bodyPoses[p.body()].compose(p.bodyFromGeom())));
        }
        return out;
    }

    /** The index of the named body in the description. */
    public int bodyIndex(String name) {
        return bodyIndex(model, name);
    }

    private static int bodyIndex(Model model, String name) {
        for (int b = 0; b < model.bodies().size(); b++) {
            if (model.bodies().get(b).name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                "body '"
                        + name
                        + "' is not in the model "
                        + model.sourceFile()
                        + "; allowed: a body with a box geom, e.g. one of "
                        + bodiesWithBoxes(model));
    }

    private static Set<String> bodiesWithBoxes(Model model) {
        Set<String> names = new TreeSet<>();
        for (int g = 0; g < model.geoms().size(); g++) {
            if (model.geoms().get(g).type() == GeomType.BOX) {
                String n = model.bodies().get(model.geomBodyIndex(g)).name();
                if (!n.isEmpty() && names.size() < 10) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static TriMesh mesh(Model model, Geom geom, Map<String, TriMesh> cache) {
        List<Double> s = geom.sizeM();
        return switch (geom.type()) {
            case BOX -> Shapes.box(s.get(0), s.get(1), s.get(2));
            case SPHERE -> Shapes.ellipsoid(s.get(0), s.get(0), s.get(0));
            case ELLIPSOID -> Shapes.ellipsoid(s.get(0), s.get(1), s.get(2));
            case CAPSULE -> Shapes.capsule(s.get(0), s.size() > 1 ? s.get(1) : 0);
            case CYLINDER -> Shapes.cylinder(s.get(0), s.size() > 1 ? s.get(1) : 0);
            case PLANE ->
                    Shapes.plane(
                            s.isEmpty() || s.get(0) <= 0 ? INFINITE_PLANE_HALF_M : s.get(0),
                            s.size() < 2 || s.get(1) <= 0 ? INFINITE_PLANE_HALF_M : s.get(1));
            case MESH -> cache.computeIfAbsent(geom.meshName(), name -> hull(model, name));
        };
    }

    /** A mesh drawn as its convex hull (what the description loader keeps). */
    private static TriMesh hull(Model model, String name) {
        for (Mesh m : model.meshes()) {
            if (m.name().equals(name)) {
                List<double[]> v = new ArrayList<>();
                for (Vec3 p : m.hull().vertices()) {
                    v.add(new double[] {p.x(), p.y(), p.z()});
                }
                List<int[]> t = new ArrayList<>();
                for (int i = 0; i < m.hull().triangleCount(); i++) {
                    t.add(m.hull().triangle(i));
                }
                return Shapes.convex(v, t);
            }
        }
        throw new IllegalArgumentException("mesh '" + name + "' is not in the model");
    }

    private static Transform pose(Vec3 p, armature.robot.model.geometry.Quat q) {
        return Transform.of(p.x(), p.y(), p.z(), q.w(), q.x(), q.y(), q.z());
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
