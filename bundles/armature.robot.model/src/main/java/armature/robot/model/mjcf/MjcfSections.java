package armature.robot.model.mjcf;

import armature.robot.model.Actuator;
import armature.robot.model.ActuatorType;
import armature.robot.model.Body;
import armature.robot.model.ContactExclude;
import armature.robot.model.ContactPair;
import armature.robot.model.EqualityConstraint;
import armature.robot.model.Keyframe;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Tendon;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the sections that refer to the body tree by name: tendons, actuators, contact, equality,
 * keys.
 */
final class MjcfSections {
    private final MjcfContext ctx;

    MjcfSections(MjcfContext ctx) {
        this.ctx = ctx;
    }

    List<Tendon> tendons(List<XmlElement> sections) throws ModelLoadException {
        List<Tendon> out = new ArrayList<>();
        for (XmlElement s : sections) {
            s.markHandled(Set.of());
            for (XmlElement f : s.children("fixed")) {
                f.markHandled(MjcfSchema.attributes("fixed"));
                Attrs a = ctx.attrs(f, Defaults.MAIN);
                String name = a.str("name", "");
                if (!name.isEmpty() && !ctx.tendonNames.add(name)) {
                    throw MjcfContext.error(f, "duplicate tendon name '" + name + "'");
                }
                List<Tendon.TendonJoint> joints = new ArrayList<>();
                for (XmlElement j : f.children("joint")) {
                    j.markHandled(Set.of("joint", "coef"));
                    Attrs ja = new Attrs(j, Map.of());
                    String joint = requireName(ja, "joint", ctx.jointNames, "joint");
                    joints.add(new Tendon.TendonJoint(joint, ja.num("coef", 1)));
                }
                if (joints.isEmpty()) {
                    throw MjcfContext.error(f, "has no <joint> children");
                }
                double[] range = a.nums("range", 2, 2, new double[] {0, 0});
                boolean limited = a.limitFlag("limited", "range", ctx.autoLimits);
                if (limited && range[0] > range[1]) {
                    throw a.error("range", "lower " + range[0] + " > upper " + range[1]);
                }
                out.add(
                        new Tendon(
                                name,
                                joints,
                                limited,
                                range[0],
                                range[1],
                                MjcfContext.nonNegative(a, "stiffness"),
                                MjcfContext.nonNegative(a, "damping"),
                                MjcfContext.nonNegative(a, "frictionloss"),
                                MjcfContext.nonNegative(a, "margin"),
                                MjcfContext.softness(a, "solreflimit", "solimplimit"),
                                MjcfContext.softness(a, "solreffriction", "solimpfriction")));
            }
        }
        return out;
    }

    List<Actuator> actuators(List<XmlElement> sections) throws ModelLoadException {
        List<Actuator> out = new ArrayList<>();
        for (XmlElement s : sections) {
            s.markHandled(Set.of());
            for (XmlElement e : s.children()) {
                ActuatorType type =
                        switch (e.name()) {
                            case "motor" -> ActuatorType.MOTOR;
                            case "position" -> ActuatorType.POSITION;
                            case "velocity" -> ActuatorType.VELOCITY;
                            case "general" -> ActuatorType.GENERAL;
                            default -> null;
                        };
                if (type != null) {
                    out.add(actuator(e, type));
                }
            }
        }
        return out;
    }

    private Actuator actuator(XmlElement e, ActuatorType type) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes(e.name()));
        Attrs a = ctx.attrs(e, Defaults.MAIN);
        Actuator.Transmission transmission;
        String target;
        if (a.hasOwn("joint") == a.hasOwn("tendon")) {
            throw MjcfContext.error(e, "needs exactly one of 'joint' or 'tendon'");
        }
        if (a.hasOwn("joint")) {
            transmission = Actuator.Transmission.JOINT;
            target = requireName(a, "joint", ctx.jointNames, "joint");
        } else {
            transmission = Actuator.Transmission.TENDON;
            target = requireName(a, "tendon", ctx.tendonNames, "tendon");
        }
        double[] gear =
                MjcfContext.pad(
                        a.nums("gear", 1, 6, new double[] {1}), new double[] {1, 0, 0, 0, 0, 0});
        double[] ctrl = a.nums("ctrlrange", 2, 2, new double[] {0, 0});
        double[] force = a.nums("forcerange", 2, 2, new double[] {0, 0});
        boolean ctrlLimited = a.limitFlag("ctrllimited", "ctrlrange", ctx.autoLimits);
        boolean forceLimited = a.limitFlag("forcelimited", "forcerange", ctx.autoLimits);
        if (ctrlLimited && ctrl[0] > ctrl[1]) {
            throw a.error("ctrlrange", "lower " + ctrl[0] + " > upper " + ctrl[1]);
        }
        if (forceLimited && force[0] > force[1]) {
            throw a.error("forcerange", "lower " + force[0] + " > upper " + force[1]);
        }
        double[] gain;
        double[] bias;
        switch (type) {
            case MOTOR -> {
                gain = new double[] {1, 0, 0};
                bias = new double[] {0, 0, 0};
            }
            case POSITION -> {
                double kp = a.num("kp", 1);
                double kv = a.num("kv", 0);
                if (kp < 0 || kv < 0) {
                    throw MjcfContext.error(e, "kp and kv must be >= 0");
                }
                gain = new double[] {kp, 0, 0};
                bias = new double[] {0, -kp, -kv};
            }
            case VELOCITY -> {
                double kv = a.num("kv", 1);
                gain = new double[] {kv, 0, 0};
                bias = new double[] {0, 0, -kv};
            }
            default -> {
                gain = MjcfContext.pad(a.nums("gainprm", 1, 10, new double[] {1}), new double[3]);
                bias = MjcfContext.pad(a.nums("biasprm", 1, 10, new double[0]), new double[3]);
                String gainType = a.str("gaintype", "fixed");
                String biasType = a.str("biastype", "none");
                String dynType = a.str("dyntype", "none");
                if (!gainType.equals("fixed") || !dynType.equals("none")) {
                    throw MjcfContext.error(
                            e,
                            "uses gaintype='"
                                    + gainType
                                    + "' dyntype='"
                                    + dynType
                                    + "'; only fixed gain without activation dynamics is"
                                    + " supported");
                }
                if (biasType.equals("none")) {
                    bias = new double[] {0, 0, 0};
                } else if (!biasType.equals("affine")) {
                    throw a.error("biastype", "'" + biasType + "' is not none or affine");
                }
            }
        }
        return new Actuator(
                a.str("name", ""),
                type,
                transmission,
                target,
                MjcfContext.list(gear),
                ctrlLimited,
                ctrl[0],
                ctrl[1],
                forceLimited,
                force[0],
                force[1],
                MjcfContext.list(gain),
                MjcfContext.list(bias));
    }

    List<ContactPair> pairs(List<XmlElement> sections) throws ModelLoadException {
        List<ContactPair> out = new ArrayList<>();
        for (XmlElement s : sections) {
            s.markHandled(Set.of());
            for (XmlElement p : s.children("pair")) {
                p.markHandled(MjcfSchema.attributes("pair"));
                Attrs a = ctx.attrs(p, Defaults.MAIN);
                String g1 = requireName(a, "geom1", ctx.geomNames, "geom");
                String g2 = requireName(a, "geom2", ctx.geomNames, "geom");
                int condim = a.integer("condim", 3);
                if (condim != 1 && condim != 3 && condim != 4 && condim != 6) {
                    throw a.error("condim", "must be 1, 3, 4 or 6, got " + condim);
                }
                double[] friction =
                        a.overlaid("friction", 1, new double[] {1, 1, 0.005, 0.0001, 0.0001});
                out.add(
                        new ContactPair(
                                a.str("name", ""),
                                g1,
                                g2,
                                condim,
                                MjcfContext.list(friction),
                                MjcfContext.nonNegative(a, "margin"),
                                MjcfContext.softness(a, "solref", "solimp"),
                                MjcfContext.nonNegative(a, "gap")));
            }
        }
        return out;
    }

    List<ContactExclude> excludes(List<XmlElement> sections) throws ModelLoadException {
        List<ContactExclude> out = new ArrayList<>();
        for (XmlElement s : sections) {
            for (XmlElement x : s.children("exclude")) {
                x.markHandled(MjcfSchema.attributes("exclude"));
                Attrs a = new Attrs(x, Map.of());
                out.add(
                        new ContactExclude(
                                a.str("name", ""),
                                requireName(a, "body1", ctx.bodyNames, "body"),
                                requireName(a, "body2", ctx.bodyNames, "body")));
            }
        }
        return out;
    }

    List<EqualityConstraint> equalities(List<XmlElement> sections) throws ModelLoadException {
        List<EqualityConstraint> out = new ArrayList<>();
        for (XmlElement s : sections) {
            s.markHandled(Set.of());
            for (XmlElement e : s.children()) {
                EqualityConstraint c = equality(e);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private EqualityConstraint equality(XmlElement e) throws ModelLoadException {
        EqualityConstraint.Type type;
        String prefix;
        Set<String> names;
        switch (e.name()) {
            case "connect" -> {
                type = EqualityConstraint.Type.CONNECT;
                prefix = "body";
                names = ctx.bodyNames;
                e.markHandled(MjcfSchema.attributes("connect"));
            }
            case "weld" -> {
                type = EqualityConstraint.Type.WELD;
                prefix = "body";
                names = ctx.bodyNames;
                e.markHandled(MjcfSchema.attributes("weld"));
            }
            case "joint" -> {
                type = EqualityConstraint.Type.JOINT;
                prefix = "joint";
                names = ctx.jointNames;
                e.markHandled(MjcfSchema.couplingEquality("joint"));
            }
            case "tendon" -> {
                type = EqualityConstraint.Type.TENDON;
                prefix = "tendon";
                names = ctx.tendonNames;
                e.markHandled(MjcfSchema.couplingEquality("tendon"));
            }
            default -> {
                return null;
            }
        }
        Attrs a = new Attrs(e, ctx.defaults.forElement(e, Defaults.MAIN, "equality"));
        String o1 = requireName(a, prefix + "1", names, prefix);
        String o2 = a.has(prefix + "2") ? requireName(a, prefix + "2", names, prefix) : "";
        double[] data =
                switch (type) {
                    case CONNECT -> a.nums("anchor", 3, 3, null);
                    case WELD -> weldData(a);
                    default ->
                            MjcfContext.pad(
                                    a.nums("polycoef", 1, 5, new double[] {0, 1}), new double[5]);
                };
        if (data == null) {
            throw MjcfContext.error(e, "needs an 'anchor' attribute");
        }
        return new EqualityConstraint(
                type,
                a.str("name", ""),
                o1,
                o2,
                MjcfContext.list(data),
                a.bool("active", true),
                MjcfContext.softness(a, "solref", "solimp"));
    }

    /**
     * A weld's anchor (3, body2 frame) then relpose (7); MuJoCo's relpose default has a zero
     * quaternion, which means "take the relative pose at qpos0".
     */
    private static double[] weldData(Attrs a) throws ModelLoadException {
        double[] anchor = a.nums("anchor", 3, 3, new double[] {0, 0, 0});
        double[] relpose = a.nums("relpose", 7, 7, new double[] {0, 1, 0, 0, 0, 0, 0});
        double[] out = new double[10];
        System.arraycopy(anchor, 0, out, 0, 3);
        System.arraycopy(relpose, 0, out, 3, 7);
        return out;
    }

    List<Keyframe> keyframes(List<XmlElement> sections, Body world) throws ModelLoadException {
        int nq = 0;
        int nv = 0;
        int mocap = 0;
        List<Body> stack = new ArrayList<>(List.of(world));
        while (!stack.isEmpty()) {
            Body b = stack.remove(stack.size() - 1);
            for (var j : b.joints()) {
                nq += j.type().nq();
                nv += j.type().nv();
            }
            mocap += b.mocap() ? 1 : 0;
            stack.addAll(b.children());
        }
        List<Keyframe> out = new ArrayList<>();
        for (XmlElement s : sections) {
            s.markHandled(Set.of());
            for (XmlElement k : s.children("key")) {
                k.markHandled(MjcfSchema.attributes("key"));
                Attrs a = new Attrs(k, Map.of());
                out.add(
                        new Keyframe(
                                a.str("name", ""),
                                a.num("time", 0),
                                sized(a, "qpos", nq),
                                sized(a, "qvel", nv),
                                sized(a, "act", -1),
                                sized(a, "ctrl", -1),
                                sized(a, "mpos", 3 * mocap),
                                sized(a, "mquat", 4 * mocap)));
            }
        }
        return out;
    }

    private static List<Double> sized(Attrs a, String name, int expected)
            throws ModelLoadException {
        if (!a.has(name)) {
            return List.of();
        }
        double[] v =
                expected >= 0
                        ? a.nums(name, expected, expected, null)
                        : a.nums(name, 0, Integer.MAX_VALUE, null);
        return MjcfContext.list(v);
    }

    private static String requireName(Attrs a, String attribute, Set<String> known, String kind)
            throws ModelLoadException {
        String v = a.str(attribute, null);
        if (v == null) {
            throw a.error("needs a '" + attribute + "' attribute");
        }
        if (!known.contains(v)) {
            throw a.error(attribute, "unknown " + kind + " '" + v + "'");
        }
        return v;
    }
}
