package armature.robot.model.urdf;

import armature.robot.model.Body;
import armature.robot.model.EqualityConstraint;
import armature.robot.model.Inertial;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Options;
import armature.robot.model.SourceFormat;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.Unsupported;
import armature.robot.model.xml.XmlElement;
import armature.robot.model.xml.XmlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>The description keeps every link, fixed ones included; {@link Model#fuseStatic()} is true (as
 * in MuJoCo, unless a {@code <mujoco><compiler fusestatic="false"/>} extension says otherwise), so
 * a dynamics compiler merges fixed links into their parents ({@link
 * armature.robot.model.StaticBodyFusion}).
 */
public final class UrdfLoader {
    private final Path file;
    private final LoadOptions options;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, XmlElement> links = new LinkedHashMap<>();
    private final Map<String, List<XmlElement>> jointsByParent = new HashMap<>();
    private final Map<String, XmlElement> jointByChild = new HashMap<>();
    private final List<EqualityConstraint> mimics = new ArrayList<>();
    private final UrdfLinks linkContents;

    private UrdfLoader(Path file, LoadOptions options) {
        this.file = file;
        this.options = options;
        this.linkContents =
                new UrdfLinks(new PackageResolver(options.packagePath(), file), warnings);
    }

    /**
     * @param file a URDF file
     * @param options package path and floating-base choice
     * @return the model
     * @throws ModelLoadException for malformed files: bad XML, bad numbers, unknown links, loops,
     *     missing required elements; the message names file, line and element
     */
    public static Model load(Path file, LoadOptions options) throws ModelLoadException {
        try {
            return new UrdfLoader(file, options).run();
        } catch (IllegalArgumentException e) {
            // Record validation caught a value the parser let through: still a clean error.
            throw new ModelLoadException(file, 0, "", "invalid model: " + e.getMessage(), e);
        }
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
            String name = UrdfLinks.require(l, "name");
            if (links.put(name, l) != null) {
                throw UrdfLinks.error(l, "duplicate link name '" + name + "'");
            }
        }
        Map<String, XmlElement> jointsByName = new HashMap<>();
        for (XmlElement j : root.children("joint")) {
            String name = UrdfLinks.require(j, "name");
            if (jointsByName.put(name, j) != null) {
                throw UrdfLinks.error(j, "duplicate joint name '" + name + "'");
            }
            String parent = linkRef(j, "parent");
            String child = linkRef(j, "child");
            if (jointByChild.put(child, j) != null) {
                throw UrdfLinks.error(j, "link '" + child + "' has more than one parent joint");
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
                            linkContents.collisions(w),
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
        String visual = linkContents.visualWarning();
        if (visual != null) {
            warnings.add(visual);
        }
        boolean fuseStatic = fuseStatic(root);
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
                linkContents.meshes(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                mimics,
                List.of(),
                warnings,
                fuseStatic);
    }

    /**
     * MuJoCo's URDF extension {@code <mujoco><compiler fusestatic="..."/></mujoco>}; MuJoCo fuses
     * fixed links by default when it loads a URDF. Other extension attributes stay unsupported.
     */
    private static boolean fuseStatic(XmlElement root) throws ModelLoadException {
        boolean fuse = true;
        for (XmlElement mj : root.children("mujoco")) {
            mj.markHandled(Set.of());
            for (XmlElement c : mj.children("compiler")) {
                c.markHandled(Set.of("fusestatic"));
                fuse = new Attrs(c, Map.of()).bool("fusestatic", fuse);
            }
        }
        return fuse;
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
            throw UrdfLinks.error(l, "is part of a kinematic loop");
        }
        l.markHandled(Set.of("name"));
        Vec3 pos = Vec3.ZERO;
        Quat quat = Quat.IDENTITY;
        List<Joint> joints = new ArrayList<>();
        if (joint != null) {
            joint.markHandled(Set.of("name", "type"));
            XmlElement origin = joint.child("origin");
            if (origin != null) {
                pos = UrdfLinks.xyz(origin);
                quat = UrdfLinks.rpy(origin);
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
                linkContents.inertial(l),
                joints,
                linkContents.collisions(l),
                List.of(),
                children(name, depth),
                false);
    }

    private Optional<Joint> joint(XmlElement j) throws ModelLoadException {
        String name = j.attribute("name");
        String typeName = UrdfLinks.require(j, "type");
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
            default -> throw UrdfLinks.error(j, "unknown joint type '" + typeName + "'");
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
                effort = OptionalDouble.of(UrdfLinks.nonNegative(a, "effort"));
            }
            if (a.has("velocity")) {
                velocity = OptionalDouble.of(UrdfLinks.nonNegative(a, "velocity"));
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
        if (limited && lower > upper) {
            throw new ModelLoadException(
                    limit.file(),
                    limit.line(),
                    "limit",
                    "joint '" + name + "' has lower " + lower + " > upper " + upper);
        }
        if (limited && lower == upper) {
            // Exporters write lower = upper = 0 for "no limits"; locking the joint would be wrong.
            warnings.add(
                    "joint '"
                            + name
                            + "' has limit lower = upper = "
                            + lower
                            + ": treated as unlimited");
            limited = false;
        }
        double damping = 0;
        double friction = 0;
        XmlElement dyn = j.child("dynamics");
        if (dyn != null) {
            dyn.markHandled(Set.of("damping", "friction"));
            Attrs a = new Attrs(dyn, Map.of());
            damping = UrdfLinks.nonNegative(a, "damping");
            friction = UrdfLinks.nonNegative(a, "friction");
        }
        Optional<Joint.Mimic> mimicData = Optional.empty();
        XmlElement mimic = j.child("mimic");
        if (mimic != null) {
            mimic.markHandled(Set.of("joint", "multiplier", "offset"));
            Attrs a = new Attrs(mimic, Map.of());
            String leader = a.str("joint", null);
            if (leader == null) {
                throw UrdfLinks.error(mimic, "needs a 'joint' attribute");
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

    private String linkRef(XmlElement joint, String which) throws ModelLoadException {
        XmlElement e = joint.child(which);
        if (e == null) {
            throw UrdfLinks.error(joint, "needs a <" + which + "> element");
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
}
