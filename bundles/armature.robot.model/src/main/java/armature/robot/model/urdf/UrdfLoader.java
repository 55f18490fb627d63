package armature.robot.model.urdf;

import armature.robot.model.Body;
import armature.robot.model.EqualityConstraint;
import armature.robot.model.Friction;
import armature.robot.model.Geom;
import armature.robot.model.GeomType;
import armature.robot.model.Inertial;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.LoadOptions;
import armature.robot.model.Mesh;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Options;
import armature.robot.model.SourceFormat;
import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Orientations;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.MeshFiles;
import armature.robot.model.xml.Unsupported;
import armature.robot.model.xml.XmlElement;
import armature.robot.model.xml.XmlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Loads ROS URDF files into a {@link Model}. Each link becomes a body; each non-fixed joint becomes
 * a joint of its child body (URDF puts the joint frame at the child link's origin, so the joint
 * sits at the body origin with the axis in the body frame). The root link is welded to the world,
 * or floats when {@link LoadOptions#urdfFloatingBase()} is set; a root link named {@code world} is
 * the world itself.
 *
 * <p>Conversions: revolute = limited hinge, continuous = unlimited hinge, prismatic = limited
 * slide, floating = free, fixed = no joint, planar = unsupported (warned, treated as fixed). Mimic
 * joints keep their data and also become {@link EqualityConstraint.Type#JOINT} couplings. Collision
 * geometry (box, cylinder, sphere, STL mesh) becomes geoms with mass 0, because the link's {@code
 * <inertial>} is authoritative; visual geometry is not converted. Missing visual meshes are warned
 * about; missing or non-STL collision meshes are warned about and their geometry is dropped.
 */
public final class UrdfLoader {
    private static final Set<String> ORIGIN = Set.of("xyz", "rpy");

    private final Path file;
    private final LoadOptions options;
    private final PackageResolver resolver;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Mesh> meshesByKey = new LinkedHashMap<>();
    private final Map<String, XmlElement> links = new LinkedHashMap<>();
    private final Map<String, List<XmlElement>> jointsByParent = new HashMap<>();
    private final Map<String, XmlElement> jointByChild = new HashMap<>();
    private final List<String> missingVisual = new ArrayList<>();
    private final List<EqualityConstraint> mimics = new ArrayList<>();
    private int visualCount;

    private UrdfLoader(Path file, LoadOptions options) {
        this.file = file;
        this.options = options;
        this.resolver = new PackageResolver(options.packagePath(), file);
    }

    /**
     * @param file a URDF file
     * @param options package path and floating-base choice
     * @return the model
     * @throws ModelLoadException for malformed files: bad XML, bad numbers, unknown links, loops,
     *     missing required elements; the message names file, line and element
     */
    public static Model load(Path file, LoadOptions options) throws ModelLoadException {
        return new UrdfLoader(file, options).run();
    }

    private Model run() throws ModelLoadException {
        XmlElement root = XmlReader.read(file);
        if (!root.name().equals("robot")) {
            throw new ModelLoadException(
                    file,
                    root.line(),
                    root.name(),
                    "root element must be <robot>, got <" + root.name() + ">");
        }
        root.markHandled(Set.of("name"));
        for (XmlElement l : root.children("link")) {
            String name = require(l, "name");
            if (links.put(name, l) != null) {
                throw error(l, "duplicate link name '" + name + "'");
            }
        }
        Map<String, XmlElement> jointsByName = new HashMap<>();
        for (XmlElement j : root.children("joint")) {
            String name = require(j, "name");
            if (jointsByName.put(name, j) != null) {
                throw error(j, "duplicate joint name '" + name + "'");
            }
            String parent = linkRef(j, "parent");
            String child = linkRef(j, "child");
            if (jointByChild.put(child, j) != null) {
                throw error(j, "link '" + child + "' has more than one parent joint");
            }
            jointsByParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(j);
        }
        List<String> roots = new ArrayList<>();
        for (String l : links.keySet()) {
            if (!jointByChild.containsKey(l)) {
                roots.add(l);
            }
        }
        if (roots.size() != 1) {
            throw new ModelLoadException(
                    file, root.line(), "robot", "expected exactly one root link, found " + roots);
        }
        String rootLink = roots.get(0);
        Body world;
        if (rootLink.equals("world")) {
            XmlElement w = links.get("world");
            w.markHandled(Set.of("name"));
            world =
                    new Body(
                            "world",
                            Vec3.ZERO,
                            Quat.IDENTITY,
                            Inertial.NONE,
                            List.of(),
                            collisions(w),
                            List.of(),
                            children("world", 0),
                            false);
        } else {
            Body base = linkBody(rootLink, null, 0);
            world =
                    new Body(
                            "world",
                            Vec3.ZERO,
                            Quat.IDENTITY,
                            Inertial.NONE,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(base),
                            false);
        }
        if (visualCount > 0) {
            String note = visualCount + " URDF <visual> element(s) not converted (visual only)";
            if (!missingVisual.isEmpty()) {
                note += "; visual mesh files not found: " + String.join(", ", missingVisual);
            }
            warnings.add(note);
        }
        String unsupported = Unsupported.warning(root, "URDF");
        if (unsupported != null) {
            warnings.add(unsupported);
        }
        return new Model(
                root.attribute("name") == null ? "" : root.attribute("name"),
                file,
                SourceFormat.URDF,
                Options.defaults(),
                world,
                new ArrayList<>(meshesByKey.values()),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                mimics,
                List.of(),
                warnings);
    }

    private List<Body> children(String link, int depth) throws ModelLoadException {
        List<Body> out = new ArrayList<>();
        for (XmlElement j : jointsByParent.getOrDefault(link, List.of())) {
            out.add(linkBody(linkRef(j, "child"), j, depth + 1));
        }
        return out;
    }

    private Body linkBody(String name, XmlElement joint, int depth) throws ModelLoadException {
        XmlElement l = links.get(name);
        if (depth > links.size()) {
            throw error(l, "is part of a kinematic loop");
        }
        l.markHandled(Set.of("name"));
        Vec3 pos = Vec3.ZERO;
        Quat quat = Quat.IDENTITY;
        List<Joint> joints = new ArrayList<>();
        if (joint != null) {
            joint.markHandled(Set.of("name", "type"));
            XmlElement origin = joint.child("origin");
            if (origin != null) {
                pos = xyz(origin);
                quat = rpy(origin);
            }
            joint(joint).ifPresent(joints::add);
        } else if (options.urdfFloatingBase()) {
            joints.add(
                    new Joint(
                            name + "_free",
                            JointType.FREE,
                            Vec3.ZERO,
                            Vec3.UNIT_Z,
                            false,
                            0,
                            0,
                            0,
                            0,
                            0,
                            0,
                            0,
                            0,
                            OptionalDouble.empty(),
                            OptionalDouble.empty(),
                            Optional.empty()));
        }
        return new Body(
                name,
                pos,
                quat,
                inertial(l),
                joints,
                collisions(l),
                List.of(),
                children(name, depth),
                false);
    }

    private Optional<Joint> joint(XmlElement j) throws ModelLoadException {
        String name = j.attribute("name");
        String typeName = require(j, "type");
        JointType type;
        switch (typeName) {
            case "revolute", "continuous" -> type = JointType.HINGE;
            case "prismatic" -> type = JointType.SLIDE;
            case "floating" -> type = JointType.FREE;
            case "fixed" -> {
                // Axis, limits and dynamics mean nothing on a welded link; accept them silently.
                for (String part : List.of("axis", "limit", "dynamics")) {
                    XmlElement c = j.child(part);
                    if (c != null) {
                        c.markHandled(c.attributes().keySet());
                    }
                }
                return Optional.empty();
            }
            case "planar" -> {
                warnings.add(
                        "joint '"
                                + name
                                + "' ("
                                + file.getFileName()
                                + ":"
                                + j.line()
                                + ") is planar, which is not supported: treated as fixed");
                return Optional.empty();
            }
            default -> throw error(j, "unknown joint type '" + typeName + "'");
        }
        Vec3 axis = new Vec3(1, 0, 0);
        XmlElement axisEl = j.child("axis");
        if (axisEl != null) {
            axisEl.markHandled(Set.of("xyz"));
            Attrs a = new Attrs(axisEl, Map.of());
            try {
                axis = Vec3.of(a.nums("xyz", 3, 3, axis.toArray())).normalized();
            } catch (IllegalArgumentException ex) {
                throw a.error("xyz", "axis must not be zero");
            }
        }
        boolean limited = typeName.equals("revolute") || typeName.equals("prismatic");
        double lower = 0;
        double upper = 0;
        OptionalDouble effort = OptionalDouble.empty();
        OptionalDouble velocity = OptionalDouble.empty();
        XmlElement limit = j.child("limit");
        if (limit != null) {
            limit.markHandled(Set.of("lower", "upper", "effort", "velocity"));
            Attrs a = new Attrs(limit, Map.of());
            lower = a.num("lower", 0);
            upper = a.num("upper", 0);
            if (a.has("effort")) {
                effort = OptionalDouble.of(nonNegative(a, "effort"));
            }
            if (a.has("velocity")) {
                velocity = OptionalDouble.of(nonNegative(a, "velocity"));
            }
        } else if (limited) {
            warnings.add(
                    "joint '"
                            + name
                            + "' is "
                            + typeName
                            + " without <limit>: treated as unlimited");
            limited = false;
        }
        if (limited && lower >= upper) {
            // Exporters write lower = upper = 0 for "no limits"; locking the joint would be wrong.
            warnings.add(
                    "joint '"
                            + name
                            + "' has limit lower="
                            + lower
                            + " >= upper="
                            + upper
                            + ": treated as unlimited");
            limited = false;
        }
        double damping = 0;
        double friction = 0;
        XmlElement dyn = j.child("dynamics");
        if (dyn != null) {
            dyn.markHandled(Set.of("damping", "friction"));
            Attrs a = new Attrs(dyn, Map.of());
            damping = nonNegative(a, "damping");
            friction = nonNegative(a, "friction");
        }
        Optional<Joint.Mimic> mimicData = Optional.empty();
        XmlElement mimic = j.child("mimic");
        if (mimic != null) {
            mimic.markHandled(Set.of("joint", "multiplier", "offset"));
            Attrs a = new Attrs(mimic, Map.of());
            String leader = a.str("joint", null);
            if (leader == null) {
                throw error(mimic, "needs a 'joint' attribute");
            }
            if (leader.equals(name) || !jointExists(leader)) {
                throw a.error("joint", "unknown or self-referencing mimic joint '" + leader + "'");
            }
            double offset = a.num("offset", 0);
            double multiplier = a.num("multiplier", 1);
            mimicData = Optional.of(new Joint.Mimic(leader, multiplier, offset));
            mimics.add(
                    new EqualityConstraint(
                            EqualityConstraint.Type.JOINT,
                            "mimic_" + name,
                            name,
                            leader,
                            List.of(offset, multiplier, 0.0, 0.0, 0.0),
                            true));
        }
        return Optional.of(
                new Joint(
                        name,
                        type,
                        Vec3.ZERO,
                        axis,
                        limited,
                        limited ? lower : 0,
                        limited ? upper : 0,
                        0,
                        damping,
                        0,
                        0,
                        friction,
                        0,
                        effort,
                        velocity,
                        mimicData));
    }

    private boolean jointExists(String name) {
        for (List<XmlElement> list : jointsByParent.values()) {
            for (XmlElement j : list) {
                if (name.equals(j.attribute("name"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Inertial inertial(XmlElement link) throws ModelLoadException {
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

    private List<Geom> collisions(XmlElement link) throws ModelLoadException {
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

    private Vec3 xyz(XmlElement origin) throws ModelLoadException {
        origin.markHandled(ORIGIN);
        return Vec3.of(new Attrs(origin, Map.of()).nums("xyz", 3, 3, new double[3]));
    }

    private Quat rpy(XmlElement origin) throws ModelLoadException {
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

    private static double nonNegative(Attrs a, String name) throws ModelLoadException {
        double v = a.num(name, 0);
        if (v < 0) {
            throw a.error(name, "must be >= 0, got " + v);
        }
        return v;
    }

    private String linkRef(XmlElement joint, String which) throws ModelLoadException {
        XmlElement e = joint.child(which);
        if (e == null) {
            throw error(joint, "needs a <" + which + "> element");
        }
        e.markHandled(Set.of("link"));
        String link = e.attribute("link");
        if (link == null || !links.containsKey(link)) {
            throw new ModelLoadException(
                    e.file(),
                    e.line(),
                    which,
                    "unknown link '" + link + "' in joint " + joint.describe());
        }
        return link;
    }

    private static String require(XmlElement e, String attribute) throws ModelLoadException {
        String v = e.attribute(attribute);
        if (v == null || v.isEmpty()) {
            throw error(e, "needs a '" + attribute + "' attribute");
        }
        return v;
    }

    private static ModelLoadException error(XmlElement e, String reason) {
        return new ModelLoadException(e.file(), e.line(), e.name(), e.describe() + " " + reason);
    }
}
