package armature.robot.model.urdf;

import armature.robot.model.Friction;
import armature.robot.model.Geom;
import armature.robot.model.GeomType;
import armature.robot.model.Inertial;
import armature.robot.model.Mesh;
import armature.robot.model.ModelLoadException;
import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Orientations;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.MeshFiles;
import armature.robot.model.xml.XmlElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Link contents of a URDF: inertials, collision geometry (with meshes shared by file and scale) and
 * the bookkeeping of visual elements, which are not converted but whose missing meshes are
 * reported.
 */
final class UrdfLinks {
    private static final Set<String> ORIGIN = Set.of("xyz", "rpy");

    private final PackageResolver resolver;
    private final List<String> warnings;
    private final Map<String, Mesh> meshesByKey = new LinkedHashMap<>();
    private final List<String> missingVisual = new ArrayList<>();
    private int visualCount;

    UrdfLinks(PackageResolver resolver, List<String> warnings) {
        this.resolver = resolver;
        this.warnings = warnings;
    }

    /**
     * @return the meshes loaded so far, in load order
     */
    List<Mesh> meshes() {
        return new ArrayList<>(meshesByKey.values());
    }

    /**
     * @return one warning about unconverted visual elements, or null if there were none
     */
    String visualWarning() {
        if (visualCount == 0) {
            return null;
        }
        String note = visualCount + " URDF <visual> element(s) not converted (visual only)";
        if (!missingVisual.isEmpty()) {
            note += "; visual mesh files not found: " + String.join(", ", missingVisual);
        }
        return note;
    }

    Inertial inertial(XmlElement link) throws ModelLoadException {
        XmlElement in = link.child("inertial");
        if (in == null) {
            return Inertial.NONE;
        }
        in.markHandled(Set.of());
        XmlElement massEl = in.child("mass");
        if (massEl == null) {
            throw error(in, "needs a <mass> element");
        }
        massEl.markHandled(Set.of("value"));
        double mass = nonNegative(new Attrs(massEl, Map.of()), "value");
        Vec3 com = Vec3.ZERO;
        Quat frame = Quat.IDENTITY;
        XmlElement origin = in.child("origin");
        if (origin != null) {
            com = xyz(origin);
            frame = rpy(origin);
        }
        Inertia local = Inertia.ZERO;
        XmlElement inertia = in.child("inertia");
        if (inertia != null) {
            inertia.markHandled(Set.of("ixx", "iyy", "izz", "ixy", "ixz", "iyz"));
            Attrs a = new Attrs(inertia, Map.of());
            local =
                    new Inertia(
                            a.num("ixx", 0),
                            a.num("iyy", 0),
                            a.num("izz", 0),
                            a.num("ixy", 0),
                            a.num("ixz", 0),
                            a.num("iyz", 0));
            if (local.ixxKgM2() < 0 || local.iyyKgM2() < 0 || local.izzKgM2() < 0) {
                throw error(inertia, "has a negative moment of inertia");
            }
        }
        return new Inertial(mass, com, local.rotated(frame), false);
    }

    List<Geom> collisions(XmlElement link) throws ModelLoadException {
        List<Geom> out = new ArrayList<>();
        String linkName = link.attribute("name");
        for (XmlElement v : link.children("visual")) {
            visualCount++;
            v.markHandled(Set.of("name"));
            markSubtree(v);
            XmlElement mesh =
                    v.child("geometry") == null ? null : v.child("geometry").child("mesh");
            if (mesh != null && mesh.attribute("filename") != null) {
                String uri = mesh.attribute("filename");
                if (resolver.resolve(uri).isEmpty()) {
                    missingVisual.add(uri);
                }
            }
        }
        int index = 0;
        for (XmlElement c : link.children("collision")) {
            c.markHandled(Set.of("name"));
            String name =
                    c.attribute("name") != null
                            ? c.attribute("name")
                            : linkName + "_collision_" + index;
            index++;
            Vec3 pos = Vec3.ZERO;
            Quat quat = Quat.IDENTITY;
            XmlElement origin = c.child("origin");
            if (origin != null) {
                pos = xyz(origin);
                quat = rpy(origin);
            }
            XmlElement g = c.child("geometry");
            if (g == null || g.children().size() != 1) {
                throw error(c, "needs a <geometry> with exactly one shape");
            }
            g.markHandled(Set.of());
            XmlElement shape = g.children().get(0);
            Attrs a = new Attrs(shape, Map.of());
            GeomType type;
            List<Double> size;
            String meshName = "";
            switch (shape.name()) {
                case "box" -> {
                    shape.markHandled(Set.of("size"));
                    double[] s = positive(a, "size", 3);
                    type = GeomType.BOX;
                    size = List.of(s[0] / 2, s[1] / 2, s[2] / 2);
                }
                case "cylinder" -> {
                    shape.markHandled(Set.of("radius", "length"));
                    type = GeomType.CYLINDER;
                    size = List.of(positive(a, "radius", 1)[0], positive(a, "length", 1)[0] / 2);
                }
                case "sphere" -> {
                    shape.markHandled(Set.of("radius"));
                    type = GeomType.SPHERE;
                    size = List.of(positive(a, "radius", 1)[0]);
                }
                case "mesh" -> {
                    shape.markHandled(Set.of("filename", "scale"));
                    Mesh m = collisionMesh(shape, linkName);
                    if (m == null) {
                        continue;
                    }
                    type = GeomType.MESH;
                    size = List.of();
                    meshName = m.name();
                }
                default -> throw error(shape, "unknown geometry type <" + shape.name() + ">");
            }
            out.add(
                    new Geom(
                            name,
                            type,
                            size,
                            pos,
                            quat,
                            meshName,
                            Friction.DEFAULT,
                            3,
                            1,
                            1,
                            0,
                            0,
                            0,
                            0,
                            List.of(0.5, 0.5, 0.5, 1.0)));
        }
        return out;
    }

    private Mesh collisionMesh(XmlElement shape, String linkName) throws ModelLoadException {
        Attrs a = new Attrs(shape, Map.of());
        String uri = a.str("filename", null);
        if (uri == null) {
            throw error(shape, "needs a 'filename' attribute");
        }
        Vec3 scale = Vec3.of(a.nums("scale", 3, 3, new double[] {1, 1, 1}));
        Optional<Path> resolved = resolver.resolve(uri);
        if (resolved.isEmpty()) {
            warnings.add(
                    "collision mesh of link '"
                            + linkName
                            + "' not found ("
                            + uri
                            + ", tried "
                            + resolver.candidates(uri)
                            + "): geometry dropped");
            return null;
        }
        Path p = resolved.get();
        if (!p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".stl")) {
            warnings.add(
                    "collision mesh of link '"
                            + linkName
                            + "' is not STL ("
                            + p
                            + "): geometry dropped");
            return null;
        }
        String key = p + "|" + scale;
        Mesh existing = meshesByKey.get(key);
        if (existing != null) {
            return existing;
        }
        String base = p.getFileName().toString().replaceAll("(?i)\\.stl$", "");
        String name = base;
        for (int n = 2; nameTaken(name); n++) {
            name = base + "_" + n;
        }
        Mesh m = MeshFiles.read(name, p, scale, shape);
        meshesByKey.put(key, m);
        return m;
    }

    private boolean nameTaken(String name) {
        return meshesByKey.values().stream().anyMatch(m -> m.name().equals(name));
    }

    private static void markSubtree(XmlElement e) {
        for (XmlElement c : e.children()) {
            c.markHandled(c.attributes().keySet());
            markSubtree(c);
        }
    }

    static Vec3 xyz(XmlElement origin) throws ModelLoadException {
        origin.markHandled(ORIGIN);
        return Vec3.of(new Attrs(origin, Map.of()).nums("xyz", 3, 3, new double[3]));
    }

    static Quat rpy(XmlElement origin) throws ModelLoadException {
        return Orientations.fromRpy(
                Vec3.of(new Attrs(origin, Map.of()).nums("rpy", 3, 3, new double[3])));
    }

    private static double[] positive(Attrs a, String name, int count) throws ModelLoadException {
        double[] v = a.nums(name, count, count, null);
        if (v == null) {
            throw a.error("needs a '" + name + "' attribute");
        }
        for (double x : v) {
            if (!(x > 0)) {
                throw a.error(name, "must be > 0, got " + x);
            }
        }
        return v;
    }

    static double nonNegative(Attrs a, String name) throws ModelLoadException {
        double v = a.num(name, 0);
        if (v < 0) {
            throw a.error(name, "must be >= 0, got " + v);
        }
        return v;
    }

    static String require(XmlElement e, String attribute) throws ModelLoadException {
        String v = e.attribute(attribute);
        if (v == null || v.isEmpty()) {
            throw error(e, "needs a '" + attribute + "' attribute");
        }
        return v;
    }

    static ModelLoadException error(XmlElement e, String reason) {
        return new ModelLoadException(e.file(), e.line(), e.name(), e.withName(reason));
    }
}
