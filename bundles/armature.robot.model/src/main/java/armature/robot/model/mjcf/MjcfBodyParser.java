package armature.robot.model.mjcf;

import armature.robot.model.Body;
import armature.robot.model.Geom;
import armature.robot.model.Inertial;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Site;
import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Parses {@code <worldbody>} into the body tree, computing inertias from geoms where MuJoCo would.
 */
final class MjcfBodyParser {
    private final MjcfContext ctx;
    private final MjcfGeomParser geomParser;

    MjcfBodyParser(MjcfContext ctx) {
        this.ctx = ctx;
        this.geomParser = new MjcfGeomParser(ctx);
    }

    Body world(List<XmlElement> worldbodies) throws ModelLoadException {
        List<Geom> geoms = new ArrayList<>();
        List<Site> sites = new ArrayList<>();
        List<Body> children = new ArrayList<>();
        ctx.bodyNames.add("world");
        for (XmlElement wb : worldbodies) {
            wb.markHandled(java.util.Set.of());
            for (XmlElement c : wb.children()) {
                switch (c.name()) {
                    case "geom" -> geoms.add(geomParser.geom(c, Defaults.MAIN).geom());
                    case "site" -> sites.add(geomParser.site(c, Defaults.MAIN));
                    case "body" -> children.add(body(c, Defaults.MAIN));
                    case "joint", "freejoint", "inertial" ->
                            throw MjcfContext.error(
                                    c, "is not allowed in <worldbody>: the world cannot move");
                    default -> {
                        // left unhandled: reported in the ignored-content warning
                    }
                }
            }
        }
        return new Body(
                "world",
                Vec3.ZERO,
                Quat.IDENTITY,
                Inertial.NONE,
                List.of(),
                geoms,
                sites,
                children,
                false);
    }

    private Body body(XmlElement e, String inheritedClass) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("body"));
        Attrs a = new Attrs(e, java.util.Map.of());
        String name = a.str("name", "");
        if (!name.isEmpty() && !ctx.bodyNames.add(name)) {
            throw MjcfContext.error(e, "duplicate body name '" + name + "'");
        }
        String cls = a.str("childclass", inheritedClass);
        if (!ctx.defaults.exists(cls)) {
            throw a.error("childclass", "unknown default class '" + cls + "'");
        }
        Vec3 pos = ctx.vec(a, "pos", Vec3.ZERO);
        Quat quat = ctx.orientation(a);
        boolean mocap = a.bool("mocap", false);
        Inertial explicit = null;
        List<Joint> joints = new ArrayList<>();
        List<MjcfGeomParser.ParsedGeom> geoms = new ArrayList<>();
        List<Site> sites = new ArrayList<>();
        List<Body> children = new ArrayList<>();
        for (XmlElement c : e.children()) {
            switch (c.name()) {
                case "inertial" -> {
                    if (explicit != null) {
                        throw MjcfContext.error(c, "is given twice in one body");
                    }
                    explicit = inertial(c);
                }
                case "joint" -> joints.add(joint(c, cls));
                case "freejoint" -> joints.add(freeJoint(c));
                case "geom" -> geoms.add(geomParser.geom(c, cls));
                case "site" -> sites.add(geomParser.site(c, cls));
                case "body" -> children.add(body(c, cls));
                default -> {
                    // left unhandled: reported in the ignored-content warning
                }
            }
        }
        if (mocap && !joints.isEmpty()) {
            throw MjcfContext.error(e, "is a mocap body and cannot have joints");
        }
        boolean fromGeoms =
                ctx.inertiaFromGeom == MjcfContext.InertiaFromGeom.TRUE
                        || (ctx.inertiaFromGeom == MjcfContext.InertiaFromGeom.AUTO
                                && explicit == null);
        Inertial inertial =
                fromGeoms ? fromGeoms(geoms) : explicit == null ? Inertial.NONE : explicit;
        inertial = bound(inertial);
        if (!joints.isEmpty() && inertial.massKg() <= 0) {
            ctx.warnings.add(
                    "body '"
                            + name
                            + "' ("
                            + e.file().getFileName()
                            + ":"
                            + e.line()
                            + ") has joints but no mass; dynamics needs mass on moving bodies");
        }
        List<Geom> g = new ArrayList<>();
        geoms.forEach(p -> g.add(p.geom()));
        return new Body(name, pos, quat, inertial, joints, g, sites, children, mocap);
    }

    private Inertial bound(Inertial in) {
        if (ctx.boundMassKg <= 0 && ctx.boundInertiaKgM2 <= 0) {
            return in;
        }
        Inertia i = in.inertiaAboutComKgM2();
        double b = ctx.boundInertiaKgM2;
        return new Inertial(
                Math.max(in.massKg(), ctx.boundMassKg),
                in.comPosM(),
                new Inertia(
                        Math.max(i.ixxKgM2(), b),
                        Math.max(i.iyyKgM2(), b),
                        Math.max(i.izzKgM2(), b),
                        i.ixyKgM2(),
                        i.ixzKgM2(),
                        i.iyzKgM2()),
                in.computedFromGeoms());
    }

    private static Inertial fromGeoms(List<MjcfGeomParser.ParsedGeom> geoms) {
        double mass = 0;
        Vec3 weighted = Vec3.ZERO;
        List<Vec3> centres = new ArrayList<>();
        for (MjcfGeomParser.ParsedGeom p : geoms) {
            Vec3 c = p.geom().posM().plus(p.geom().quat().rotate(p.unit().comInGeomFrameM()));
            centres.add(c);
            mass += p.geom().massKg();
            weighted = weighted.plus(c.times(p.geom().massKg()));
        }
        if (mass <= 0) {
            return new Inertial(0, Vec3.ZERO, Inertia.ZERO, true);
        }
        Vec3 com = weighted.times(1 / mass);
        Inertia total = Inertia.ZERO;
        for (int k = 0; k < geoms.size(); k++) {
            MjcfGeomParser.ParsedGeom p = geoms.get(k);
            double m = p.geom().massKg();
            if (m <= 0 || p.unit().volumeM3() <= 0) {
                continue;
            }
            double density = m / p.unit().volumeM3();
            Inertia own =
                    scale(p.unit().inertiaAboutComPerDensity(), density).rotated(p.geom().quat());
            total = total.plus(own).plus(Inertia.pointMass(m, centres.get(k).minus(com)));
        }
        return new Inertial(mass, com, total, true);
    }

    private static Inertia scale(Inertia i, double s) {
        return new Inertia(
                i.ixxKgM2() * s,
                i.iyyKgM2() * s,
                i.izzKgM2() * s,
                i.ixyKgM2() * s,
                i.ixzKgM2() * s,
                i.iyzKgM2() * s);
    }

    private Inertial inertial(XmlElement e) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("inertial"));
        Attrs a = new Attrs(e, java.util.Map.of());
        if (!a.has("mass")) {
            throw MjcfContext.error(e, "needs a 'mass' attribute");
        }
        double mass = a.num("mass", 0);
        if (mass < 0) {
            throw a.error("mass", "must be >= 0, got " + mass);
        }
        Vec3 pos = ctx.vec(a, "pos", Vec3.ZERO);
        Quat quat = ctx.orientation(a);
        Inertia local;
        if (a.has("fullinertia")) {
            if (a.has("diaginertia")) {
                throw MjcfContext.error(e, "gives both diaginertia and fullinertia");
            }
            double[] f = a.nums("fullinertia", 6, 6, null);
            local = new Inertia(f[0], f[1], f[2], f[3], f[4], f[5]);
        } else if (a.has("diaginertia")) {
            local = Inertia.diagonal(Vec3.of(a.nums("diaginertia", 3, 3, null)));
        } else {
            throw MjcfContext.error(e, "needs diaginertia or fullinertia");
        }
        if (local.ixxKgM2() < 0 || local.iyyKgM2() < 0 || local.izzKgM2() < 0) {
            throw MjcfContext.error(e, "has a negative moment of inertia");
        }
        return new Inertial(mass, pos, local.rotated(quat), false);
    }

    private Joint joint(XmlElement e, String cls) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("joint"));
        Attrs a = ctx.attrs(e, cls);
        String name = a.str("name", "");
        registerJoint(e, name);
        String typeName = a.str("type", "hinge");
        JointType type =
                switch (typeName) {
                    case "hinge" -> JointType.HINGE;
                    case "slide" -> JointType.SLIDE;
                    case "ball" -> JointType.BALL;
                    case "free" -> JointType.FREE;
                    default ->
                            throw a.error(
                                    "type", "'" + typeName + "' is not hinge, slide, ball or free");
                };
        boolean angular = type == JointType.HINGE || type == JointType.BALL;
        Vec3 axis;
        try {
            axis = ctx.vec(a, "axis", Vec3.UNIT_Z).normalized();
        } catch (IllegalArgumentException ex) {
            throw a.error("axis", "must not be zero");
        }
        double[] range = a.nums("range", 2, 2, new double[] {0, 0});
        boolean limited = type != JointType.FREE && a.limitFlag("limited", "range", ctx.autoLimits);
        double lo = angular ? ctx.angleRad(range[0]) : range[0];
        double hi = angular ? ctx.angleRad(range[1]) : range[1];
        if (limited && lo > hi) {
            throw a.error("range", "lower " + range[0] + " > upper " + range[1]);
        }
        double ref = a.num("ref", 0);
        return new Joint(
                name,
                type,
                ctx.vec(a, "pos", Vec3.ZERO),
                axis,
                limited,
                lo,
                hi,
                type == JointType.HINGE ? ctx.angleRad(ref) : ref,
                MjcfContext.nonNegative(a, "damping"),
                MjcfContext.nonNegative(a, "stiffness"),
                MjcfContext.nonNegative(a, "armature"),
                MjcfContext.nonNegative(a, "frictionloss"),
                MjcfContext.nonNegative(a, "margin"),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty(),
                MjcfContext.softness(a, "solreflimit", "solimplimit"),
                MjcfContext.softness(a, "solreffriction", "solimpfriction"));
    }

    private Joint freeJoint(XmlElement e) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("freejoint"));
        String name = e.attribute("name") == null ? "" : e.attribute("name");
        registerJoint(e, name);
        return new Joint(
                name,
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
                Optional.empty());
    }

    private void registerJoint(XmlElement e, String name) throws ModelLoadException {
        if (!name.isEmpty() && !ctx.jointNames.add(name)) {
            throw MjcfContext.error(e, "duplicate joint name '" + name + "'");
        }
    }
}
