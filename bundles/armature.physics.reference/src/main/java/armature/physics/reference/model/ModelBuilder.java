package armature.physics.reference.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link MultibodyModel}. The methods mirror MJCF elements and attributes so that a
 * compiler from MJCF or URDF is a direct mapping: bodies carry a pose relative to their parent,
 * joints (several per body allowed) carry an anchor and axis in the body frame, geoms a pose in the
 * body frame. Every argument is validated here; {@link #build()} checks cross references.
 *
 * <p>Bodies must be added parent first (depth-first MJCF order satisfies this) and joints in
 * non-decreasing body order, so that qpos/qvel layout follows the tree.
 */
public final class ModelBuilder {

    private final String name;
    private double timestep = 0.002;
    private double[] gravity = {0, 0, -9.81};
    private Integrator integrator = Integrator.SEMI_IMPLICIT_EULER;
    private int iterations = 50;
    private double tolerance = 1e-10;
    private double[] defaultSolref = {0.002, 1.0};
    private int maxContacts = 128;

    private final List<Body> bodies = new ArrayList<>();
    private final List<Joint> joints = new ArrayList<>();
    private final List<Geom> geoms = new ArrayList<>();
    private final List<double[]> meshes = new ArrayList<>();
    private final List<String> meshNames = new ArrayList<>();
    private final List<Site> sites = new ArrayList<>();
    private final List<Tendon> tendons = new ArrayList<>();
    private final List<Actuator> actuators = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();
    private final List<int[]> excludes = new ArrayList<>();
    private final List<String> keyNames = new ArrayList<>();
    private final List<double[]> keyQpos = new ArrayList<>();
    private final List<double[]> keyQvel = new ArrayList<>();

    /** Starts a model with the world body (index 0). */
    public ModelBuilder(String name) {
        this.name = requireName("model name", name);
        Body world = new Body();
        world.name = "world";
        world.parent = -1;
        world.quat = new double[] {1, 0, 0, 0};
        world.pos = new double[3];
        bodies.add(world);
    }

    // ------------------------------------------------------------------ options

    /** Timestep in seconds, in (0, 0.1]. */
    public ModelBuilder timestep(double timestepSeconds) {
        Check.range("timestepSeconds", timestepSeconds, 1e-6, 0.1);
        this.timestep = timestepSeconds;
        return this;
    }

    /** Gravity vector in m/s^2. */
    public ModelBuilder gravity(double x, double y, double z) {
        gravity =
                new double[] {
                    Check.finite("gravity.x", x),
                    Check.finite("gravity.y", y),
                    Check.finite("gravity.z", z)
                };
        return this;
    }

    public ModelBuilder integrator(Integrator value) {
        integrator = java.util.Objects.requireNonNull(value, "integrator");
        return this;
    }

    /** Maximum constraint-solver sweeps per step, in [1, 10000]. */
    public ModelBuilder solverIterations(int value) {
        Check.range("solverIterations", value, 1, 10000);
        iterations = value;
        return this;
    }

    /** Solver stops early when the largest impulse change of a sweep is below this (N s). */
    public ModelBuilder solverTolerance(double value) {
        Check.range("solverTolerance", value, 0, 1);
        tolerance = value;
        return this;
    }

    /** Default soft-constraint parameters for contacts and limits; see ADR 0020. */
    public ModelBuilder defaultSolref(double timeConstantSeconds, double dampingRatio) {
        defaultSolref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    /** Capacity of the per-world contact buffer; extra contacts are dropped (and counted). */
    public ModelBuilder maxContacts(int value) {
        Check.range("maxContacts", value, 1, 100000);
        maxContacts = value;
        return this;
    }

    // ------------------------------------------------------------------ bodies

    /**
     * Adds a body. {@code posM} (3) and {@code quat} (4, w x y z, normalised here) place the body
     * frame in the parent frame. The body starts massless; set {@link #inertial}.
     *
     * @return the body index
     */
    public int addBody(int parent, String bodyName, double[] posM, double[] quat) {
        Check.index("parent", parent, bodies.size());
        Body b = new Body();
        b.name = requireName("body name", bodyName);
        b.parent = parent;
        b.pos = Check.vec("body pos", posM, 3);
        b.quat = Check.quat("body quat", quat);
        bodies.add(b);
        return bodies.size() - 1;
    }

    /**
     * Sets mass properties with a full inertia tensor about the centre of mass, expressed in body
     * axes (URDF {@code <inertia>} after rotating by the inertial origin, MJCF {@code
     * fullinertia}).
     */
    public ModelBuilder inertial(
            int body, double massKg, double[] comM, double[] inertiaXxYyZzXyXzYz) {
        Body b = body(body);
        Check.range("massKg", massKg, 0, 1e9);
        b.mass = massKg;
        b.com = Check.vec("com", comM, 3);
        double[] in = Check.vec("inertia", inertiaXxYyZzXyXzYz, 6);
        for (int k = 0; k < 3; k++) {
            Check.range("inertia diagonal", in[k], 0, 1e9);
        }
        b.inertia = in;
        return this;
    }

    /**
     * Sets mass properties from principal moments and the orientation of the principal axes in the
     * body frame (MJCF {@code diaginertia} + {@code quat}).
     */
    public ModelBuilder inertialDiagonal(
            int body, double massKg, double[] comM, double[] diagonal, double[] principalQuat) {
        double[] d = Check.vec("diaginertia", diagonal, 3);
        return inertialInFrame(
                body, massKg, comM, new double[] {d[0], d[1], d[2], 0, 0, 0}, principalQuat);
    }

    /**
     * Sets mass properties with a full tensor (xx, yy, zz, xy, xz, yz) about the centre of mass,
     * expressed in a frame rotated by {@code frameQuat} from the body frame: URDF's {@code
     * <inertial>} with a non-zero origin rpy maps here directly.
     */
    public ModelBuilder inertialInFrame(
            int body,
            double massKg,
            double[] comM,
            double[] inertiaXxYyZzXyXzYz,
            double[] frameQuat) {
        double[] in = Check.vec("inertia", inertiaXxYyZzXyXzYz, 6);
        double[] q = Check.quat("inertial frame quat", frameQuat);
        double[] r = new double[9];
        armature.physics.reference.math.Quat.toMatrix(q, 0, r, 0);
        double[][] t = {{in[0], in[3], in[4]}, {in[3], in[1], in[5]}, {in[4], in[5], in[2]}};
        double[] full = new double[6];
        // I_body = R I_frame R^T
        int[][] idx = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
        for (int e = 0; e < 6; e++) {
            int i = idx[e][0], j = idx[e][1];
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                for (int l = 0; l < 3; l++) {
                    sum += r[3 * i + k] * t[k][l] * r[3 * j + l];
                }
            }
            full[e] = sum;
        }
        return inertial(body, massKg, comM, full);
    }

    // ------------------------------------------------------------------ joints

    /** Adds a hinge with anchor and axis in the body frame (the axis is normalised). */
    public int addHinge(int body, String jointName, double[] anchorM, double[] axis) {
        return addJoint(body, jointName, JointType.HINGE, anchorM, axis);
    }

    /** Adds a slide joint along {@code axis} (body frame). */
    public int addSlide(int body, String jointName, double[] anchorM, double[] axis) {
        return addJoint(body, jointName, JointType.SLIDE, anchorM, axis);
    }

    /** Adds a ball joint about {@code anchorM} (body frame). */
    public int addBall(int body, String jointName, double[] anchorM) {
        return addJoint(body, jointName, JointType.BALL, anchorM, new double[] {0, 0, 1});
    }

    /** Adds a free joint; the body must be a child of the world and have no other joints. */
    public int addFree(int body, String jointName) {
        return addJoint(body, jointName, JointType.FREE, new double[3], new double[] {0, 0, 1});
    }

    private int addJoint(
            int body, String jointName, JointType type, double[] anchor, double[] axis) {
        Check.index("body", body, bodies.size());
        if (body == 0) {
            throw new IllegalArgumentException(
                    "joint '" + jointName + "': the world body cannot have joints");
        }
        if (!joints.isEmpty() && joints.get(joints.size() - 1).body > body) {
            throw new IllegalArgumentException(
                    "joint '"
                            + jointName
                            + "': joints must be added in body order (body "
                            + body
                            + " after body "
                            + joints.get(joints.size() - 1).body
                            + ")");
        }
        Joint j = new Joint();
        j.name = requireName("joint name", jointName);
        j.type = type;
        j.body = body;
        j.pos = Check.vec("joint anchor", anchor, 3);
        j.axis = Check.unit("joint axis", axis);
        j.solref = null;
        joints.add(j);
        return joints.size() - 1;
    }

    /** Enables limits [lower, upper] (radians or metres; ball: upper is the max angle). */
    public ModelBuilder jointRange(int joint, double lower, double upper) {
        Joint j = joint(joint);
        Check.finite("range lower", lower);
        Check.finite("range upper", upper);
        if (lower > upper) {
            throw new IllegalArgumentException(
                    "joint '" + j.name + "': range lower " + lower + " > upper " + upper);
        }
        if (j.type == JointType.FREE || j.type == JointType.BALL) {
            throw new IllegalArgumentException(
                    "joint '" + j.name + "': limits are supported on hinge and slide joints only");
        }
        j.limited = true;
        j.lower = lower;
        j.upper = upper;
        return this;
    }

    /** Viscous damping (N m s/rad or N s/m), >= 0, applied to each dof of the joint. */
    public ModelBuilder jointDamping(int joint, double value) {
        joint(joint).damping = Check.range("damping", value, 0, 1e12);
        return this;
    }

    /** Rotor inertia added to the diagonal of the mass matrix, >= 0. */
    public ModelBuilder jointArmature(int joint, double value) {
        joint(joint).armature = Check.range("armature", value, 0, 1e12);
        return this;
    }

    /** Dry friction (N m or N) modelled as a box-bounded velocity constraint, >= 0. */
    public ModelBuilder jointFrictionLoss(int joint, double value) {
        joint(joint).frictionLoss = Check.range("frictionloss", value, 0, 1e12);
        return this;
    }

    /** Spring: torque = -stiffness * (q - springRef); hinge and slide only. */
    public ModelBuilder jointStiffness(int joint, double stiffness, double springRef) {
        Joint j = joint(joint);
        if (j.type == JointType.FREE || j.type == JointType.BALL) {
            throw new IllegalArgumentException(
                    "joint '"
                            + j.name
                            + "': stiffness is supported on hinge and slide joints only");
        }
        j.stiffness = Check.range("stiffness", stiffness, 0, 1e12);
        j.springRef = Check.finite("springref", springRef);
        return this;
    }

    /**
     * Reference value: the joint coordinate at which the body is at its modelled pose (MJCF ref).
     */
    public ModelBuilder jointRef(int joint, double ref) {
        Joint j = joint(joint);
        if (j.type == JointType.FREE || j.type == JointType.BALL) {
            throw new IllegalArgumentException(
                    "joint '" + j.name + "': ref is supported on hinge and slide joints only");
        }
        j.ref = Check.finite("ref", ref);
        return this;
    }

    /** Per-joint limit softness (overrides the default solref). */
    public ModelBuilder jointSolref(int joint, double timeConstantSeconds, double dampingRatio) {
        joint(joint).solref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    /** Limit activation distance: the limit row is added when closer than this (>= 0). */
    public ModelBuilder jointMargin(int joint, double margin) {
        joint(joint).margin = Check.range("joint margin", margin, 0, 1e3);
        return this;
    }

    // ------------------------------------------------------------------ geoms

    /**
     * Adds a primitive geom. {@code size}: sphere {r}, capsule/cylinder {r, halfLength}, box {hx,
     * hy, hz}, plane {} (the plane is the local z = 0 plane, normal +z).
     */
    public int addGeom(
            int body, String geomName, GeomType type, double[] size, double[] posM, double[] quat) {
        Check.index("body", body, bodies.size());
        if (type == GeomType.MESH) {
            throw new IllegalArgumentException(
                    "geom '" + geomName + "': use addMeshGeom for meshes");
        }
        int need =
                switch (type) {
                    case PLANE -> 0;
                    case SPHERE -> 1;
                    case CAPSULE, CYLINDER -> 2;
                    default -> 3;
                };
        if (size == null || size.length < need) {
            throw new IllegalArgumentException(
                    "geom '" + geomName + "': " + type + " needs " + need + " size values");
        }
        Geom g = newGeom(body, geomName, posM, quat);
        g.type = type;
        for (int k = 0; k < need; k++) {
            g.size[k] = Check.range("geom size", size[k], 1e-9, 1e6);
        }
        if (type == GeomType.PLANE && body != 0 && bodies.get(body).parent != 0) {
            // Planes are infinite; allowing them on moving bodies is legal but unusual.
        }
        geoms.add(g);
        return geoms.size() - 1;
    }

    /** Registers a convex vertex set (x, y, z triples, at least 4 points). */
    public int addMesh(String meshName, double[] verticesM) {
        requireName("mesh name", meshName);
        if (verticesM == null || verticesM.length < 12 || verticesM.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "mesh '" + meshName + "': need at least 4 vertices as xyz triples");
        }
        for (double v : verticesM) {
            Check.finite("mesh vertex", v);
        }
        meshes.add(verticesM.clone());
        meshNames.add(meshName);
        return meshes.size() - 1;
    }

    /** Adds a geom using the convex hull of a registered mesh. */
    public int addMeshGeom(int body, String geomName, int mesh, double[] posM, double[] quat) {
        Check.index("body", body, bodies.size());
        Check.index("mesh", mesh, meshes.size());
        Geom g = newGeom(body, geomName, posM, quat);
        g.type = GeomType.MESH;
        g.mesh = mesh;
        geoms.add(g);
        return geoms.size() - 1;
    }

    private Geom newGeom(int body, String geomName, double[] pos, double[] quat) {
        Geom g = new Geom();
        g.name = requireName("geom name", geomName);
        g.body = body;
        g.pos = Check.vec("geom pos", pos, 3);
        g.quat = Check.quat("geom quat", quat);
        return g;
    }

    /** MJCF friction: sliding, torsional, rolling (all >= 0). */
    public ModelBuilder geomFriction(int geom, double sliding, double torsional, double rolling) {
        Geom g = geom(geom);
        g.friction =
                new double[] {
                    Check.range("friction sliding", sliding, 0, 1e3),
                    Check.range("friction torsional", torsional, 0, 1e3),
                    Check.range("friction rolling", rolling, 0, 1e3)
                };
        return this;
    }

    /** Number of geoms added so far (the next geom's index). */
    public int geomCount() {
        return geoms.size();
    }

    /** Contact dimensionality: 1 frictionless, 3 sliding friction, 4 adds torsional friction. */
    public ModelBuilder geomCondim(int geom, int condim) {
        geom(geom).condim = checkCondim(condim);
        return this;
    }

    /** Bitmask filter: two geoms may collide when (t1 & a2) != 0 or (t2 & a1) != 0. */
    public ModelBuilder geomContactBits(int geom, int contype, int conaffinity) {
        Geom g = geom(geom);
        g.contype = contype;
        g.conaffinity = conaffinity;
        return this;
    }

    /** Contact activation distance in metres (>= 0). */
    public ModelBuilder geomMargin(int geom, double marginM) {
        geom(geom).margin = Check.range("geom margin", marginM, 0, 10);
        return this;
    }

    public ModelBuilder geomSolref(int geom, double timeConstantSeconds, double dampingRatio) {
        geom(geom).solref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    // ------------------------------------------------------------------ sites, tendons, actuators

    public int addSite(int body, String siteName, double[] posM) {
        Check.index("body", body, bodies.size());
        Site s = new Site();
        s.name = requireName("site name", siteName);
        s.body = body;
        s.pos = Check.vec("site pos", posM, 3);
        sites.add(s);
        return sites.size() - 1;
    }

    /** Adds a fixed tendon (length = sum of coef * joint coordinate). */
    public int addFixedTendon(String tendonName) {
        Tendon t = new Tendon();
        t.name = requireName("tendon name", tendonName);
        tendons.add(t);
        return tendons.size() - 1;
    }

    /** Adds a hinge or slide joint with a coefficient to a fixed tendon. */
    public ModelBuilder tendonJoint(int tendon, int joint, double coef) {
        Tendon t = tendon(tendon);
        Joint j = joint(joint);
        if (j.type != JointType.HINGE && j.type != JointType.SLIDE) {
            throw new IllegalArgumentException(
                    "tendon '" + t.name + "': joint '" + j.name + "' must be hinge or slide");
        }
        t.joints.add(joint);
        t.coefs.add(Check.finite("tendon coef", coef));
        return this;
    }

    public ModelBuilder tendonRange(int tendon, double lower, double upper) {
        Tendon t = tendon(tendon);
        if (!(lower <= upper) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException(
                    "tendon '" + t.name + "': invalid range [" + lower + ", " + upper + "]");
        }
        t.limited = true;
        t.lower = lower;
        t.upper = upper;
        return this;
    }

    /** Position servo on a joint (hinge/slide) or tendon: force = kp * (ctrl - gear * q). */
    public int addPositionActuator(String actName, boolean onTendon, int target, double kp) {
        Actuator a = newActuator(actName, onTendon, target);
        a.type = ActuatorType.POSITION;
        a.gain = Check.range("kp", kp, 0, 1e12);
        actuators.add(a);
        return actuators.size() - 1;
    }

    /** Motor on a joint (hinge/slide) or tendon: force = ctrl. */
    public int addMotor(String actName, boolean onTendon, int target) {
        Actuator a = newActuator(actName, onTendon, target);
        a.type = ActuatorType.MOTOR;
        a.gain = 1;
        actuators.add(a);
        return actuators.size() - 1;
    }

    private Actuator newActuator(String actName, boolean onTendon, int target) {
        Actuator a = new Actuator();
        a.name = requireName("actuator name", actName);
        a.onTendon = onTendon;
        if (onTendon) {
            Check.index("tendon", target, tendons.size());
        } else {
            Joint j = joint(target);
            if (j.type != JointType.HINGE && j.type != JointType.SLIDE) {
                throw new IllegalArgumentException(
                        "actuator '"
                                + actName
                                + "': joint '"
                                + j.name
                                + "' must be hinge or slide");
            }
        }
        a.target = target;
        return a;
    }

    public ModelBuilder actuatorGear(int actuator, double gear) {
        actuator(actuator).gear = Check.finite("gear", gear);
        return this;
    }

    /** Velocity feedback of a position actuator (N m s/rad), >= 0. */
    public ModelBuilder actuatorKv(int actuator, double kv) {
        actuator(actuator).kv = Check.range("kv", kv, 0, 1e12);
        return this;
    }

    public ModelBuilder actuatorCtrlRange(int actuator, double lower, double upper) {
        Actuator a = actuator(actuator);
        checkInterval("actuator '" + a.name + "' ctrlrange", lower, upper);
        a.ctrlLimited = true;
        a.ctrlRange = new double[] {lower, upper};
        return this;
    }

    public ModelBuilder actuatorForceRange(int actuator, double lower, double upper) {
        Actuator a = actuator(actuator);
        checkInterval("actuator '" + a.name + "' forcerange", lower, upper);
        a.forceLimited = true;
        a.forceRange = new double[] {lower, upper};
        return this;
    }

    // ------------------------------------------------------------------ contact pairs, keyframes

    /**
     * Explicit contact pair (MJCF {@code contact/pair}): always tested, regardless of bitmasks,
     * with its own condim, friction (sliding, torsional, rolling) and margin.
     */
    public int addContactPair(int geom1, int geom2, int condim, double[] friction, double marginM) {
        Check.index("geom1", geom1, geoms.size());
        Check.index("geom2", geom2, geoms.size());
        if (geom1 == geom2) {
            throw new IllegalArgumentException("contact pair: geom1 == geom2 == " + geom1);
        }
        Pair p = new Pair();
        p.g1 = Math.min(geom1, geom2);
        p.g2 = Math.max(geom1, geom2);
        p.condim = checkCondim(condim);
        p.friction = Check.vec("pair friction", friction, 3);
        p.margin = Check.range("pair margin", marginM, 0, 10);
        pairs.add(p);
        return pairs.size() - 1;
    }

    /** Never generate contacts between geoms of these two bodies (MJCF {@code contact/exclude}). */
    public ModelBuilder excludeContact(int body1, int body2) {
        Check.index("body1", body1, bodies.size());
        Check.index("body2", body2, bodies.size());
        excludes.add(new int[] {body1, body2});
        return this;
    }

    /**
     * Adds a keyframe; {@code qvel} may be null for zero velocity. Lengths are checked in build.
     */
    public int addKeyframe(String keyName, double[] qpos, double[] qvel) {
        keyNames.add(requireName("keyframe name", keyName));
        keyQpos.add(qpos.clone());
        keyQvel.add(qvel == null ? null : qvel.clone());
        return keyNames.size() - 1;
    }

    // ------------------------------------------------------------------ build

    /** Validates cross references and compiles the flat model. */
    public MultibodyModel build() {
        return new MultibodyModel(new Compiled(this));
    }

    // ------------------------------------------------------------------ internals

    private static double[] solref(double tc, double dr) {
        Check.range("solref timeConstantSeconds", tc, 1e-6, 10);
        Check.range("solref dampingRatio", dr, 0, 100);
        return new double[] {tc, dr};
    }

    private static int checkCondim(int condim) {
        if (condim != 1 && condim != 3 && condim != 4) {
            throw new IllegalArgumentException(
                    "condim " + condim + " not supported, allowed: 1, 3, 4");
        }
        return condim;
    }

    private static void checkInterval(String what, double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
            throw new IllegalArgumentException(
                    what + " [" + lower + ", " + upper + "] must be finite with lower <= upper");
        }
    }

    private static String requireName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    private Body body(int i) {
        Check.index("body", i, bodies.size());
        return bodies.get(i);
    }

    private Joint joint(int i) {
        Check.index("joint", i, joints.size());
        return joints.get(i);
    }

    private Geom geom(int i) {
        Check.index("geom", i, geoms.size());
        return geoms.get(i);
    }

    private Tendon tendon(int i) {
        Check.index("tendon", i, tendons.size());
        return tendons.get(i);
    }

    private Actuator actuator(int i) {
        Check.index("actuator", i, actuators.size());
        return actuators.get(i);
    }

    static final class Body {
        String name;
        int parent;
        double[] pos, quat;
        double mass;
        double[] com = new double[3];
        double[] inertia = new double[6];
    }

    static final class Joint {
        String name;
        JointType type;
        int body;
        double[] pos, axis, solref;
        boolean limited;
        double lower, upper, damping, armature, frictionLoss, stiffness, springRef, ref, margin;
    }

    static final class Geom {
        String name;
        GeomType type;
        int body, mesh = -1, condim = 3, contype = 1, conaffinity = 1;
        double[] pos, quat, solref;
        double[] size = new double[3];
        double[] friction = {1, 0.005, 0.0001};
        double margin;
    }

    static final class Site {
        String name;
        int body;
        double[] pos;
    }

    static final class Tendon {
        String name;
        final List<Integer> joints = new ArrayList<>();
        final List<Double> coefs = new ArrayList<>();
        boolean limited;
        double lower, upper;
    }

    static final class Actuator {
        String name;
        ActuatorType type;
        boolean onTendon, ctrlLimited, forceLimited;
        int target;
        double gain, gear = 1, kv;
        double[] ctrlRange = {0, 0}, forceRange = {0, 0};
    }

    static final class Pair {
        int g1, g2, condim;
        double[] friction;
        double margin;
    }

    /** Flat arrays handed to {@link MultibodyModel}. */
    static final class Compiled {
        final String name;
        final double timestep, tolerance;
        final double[] gravity, defaultSolref;
        final Integrator integrator;
        final int iterations, maxContacts;
        int[] bodyParent, bodyJointStart, bodyJointCount, bodyLastDof;
        double[] bodyPos, bodyQuat, bodyMass, bodyCom, bodyInertia;
        JointType[] jntType;
        int[] jntBody, jntQposAdr, jntDofAdr;
        double[] jntPos, jntAxis, jntRange, jntStiffness, jntSpringRef, jntSolref, jntMargin;
        boolean[] jntLimited;
        int[] dofJnt, dofBody, dofParent;
        double[] dofDamping, dofArmature, dofFrictionLoss, qpos0;
        GeomType[] geomType;
        int[] geomBody, geomCondim, geomContype, geomConaffinity, geomMesh;
        double[] geomPos, geomQuat, geomSize, geomFriction, geomMargin, geomSolref, geomRbound;
        int[] meshVertStart, meshVertCount;
        double[] meshVert;
        int[] siteBody;
        double[] sitePos;
        int[] tendonAdr, tendonNum, tendonJoint;
        double[] tendonCoef, tendonRange;
        boolean[] tendonLimited;
        ActuatorType[] actType;
        boolean[] actOnTendon, actCtrlLimited, actForceLimited;
        int[] actTarget;
        double[] actGear, actGain, actKv, actCtrlRange, actForceRange;
        int[] pairGeom1, pairGeom2, pairCondim;
        double[] pairFriction, pairMargin, pairSolref;
        long[] pairKeys, excludeBodyPairs;
        double[] keyQpos, keyQvel;
        List<String> bodyNames = new ArrayList<>(),
                jointNames = new ArrayList<>(),
                geomNames = new ArrayList<>(),
                siteNames = new ArrayList<>(),
                actuatorNames = new ArrayList<>(),
                tendonNames = new ArrayList<>(),
                keyNames;

        Compiled(ModelBuilder b) {
            name = b.name;
            timestep = b.timestep;
            tolerance = b.tolerance;
            gravity = b.gravity.clone();
            defaultSolref = b.defaultSolref.clone();
            integrator = b.integrator;
            iterations = b.iterations;
            maxContacts = b.maxContacts;
            compileBodiesAndJoints(b);
            compileGeoms(b);
            compileRest(b);
        }

        private void compileBodiesAndJoints(ModelBuilder b) {
            int nb = b.bodies.size();
            bodyParent = new int[nb];
            bodyPos = new double[3 * nb];
            bodyQuat = new double[4 * nb];
            bodyMass = new double[nb];
            bodyCom = new double[3 * nb];
            bodyInertia = new double[6 * nb];
            bodyJointStart = new int[nb];
            bodyJointCount = new int[nb];
            bodyLastDof = new int[nb];
            for (int i = 0; i < nb; i++) {
                Body body = b.bodies.get(i);
                bodyNames.add(body.name);
                bodyParent[i] = body.parent;
                System.arraycopy(body.pos, 0, bodyPos, 3 * i, 3);
                System.arraycopy(body.quat, 0, bodyQuat, 4 * i, 4);
                bodyMass[i] = body.mass;
                System.arraycopy(body.com, 0, bodyCom, 3 * i, 3);
                System.arraycopy(body.inertia, 0, bodyInertia, 6 * i, 6);
                bodyJointStart[i] = -1;
            }
            int nj = b.joints.size();
            jntType = new JointType[nj];
            jntBody = new int[nj];
            jntQposAdr = new int[nj];
            jntDofAdr = new int[nj];
            jntPos = new double[3 * nj];
            jntAxis = new double[3 * nj];
            jntRange = new double[2 * nj];
            jntStiffness = new double[nj];
            jntSpringRef = new double[nj];
            jntSolref = new double[2 * nj];
            jntMargin = new double[nj];
            jntLimited = new boolean[nj];
            int nq = 0, nv = 0;
            for (int j = 0; j < nj; j++) {
                Joint jt = b.joints.get(j);
                nq += jt.type.positionWidth;
                nv += jt.type.velocityWidth;
            }
            qpos0 = new double[nq];
            dofJnt = new int[nv];
            dofBody = new int[nv];
            dofParent = new int[nv];
            dofDamping = new double[nv];
            dofArmature = new double[nv];
            dofFrictionLoss = new double[nv];
            int qa = 0, da = 0;
            for (int j = 0; j < nj; j++) {
                Joint jt = b.joints.get(j);
                if (jt.type == JointType.FREE
                        && (b.bodies.get(jt.body).parent != 0 || countJoints(b, jt.body) != 1)) {
                    throw new IllegalArgumentException(
                            "free joint '"
                                    + jt.name
                                    + "' must be the only joint of a direct child of the world");
                }
                jointNames.add(jt.name);
                jntType[j] = jt.type;
                jntBody[j] = jt.body;
                jntQposAdr[j] = qa;
                jntDofAdr[j] = da;
                System.arraycopy(jt.pos, 0, jntPos, 3 * j, 3);
                System.arraycopy(jt.axis, 0, jntAxis, 3 * j, 3);
                jntLimited[j] = jt.limited;
                jntRange[2 * j] = jt.lower;
                jntRange[2 * j + 1] = jt.upper;
                jntStiffness[j] = jt.stiffness;
                jntSpringRef[j] = jt.springRef;
                double[] sr = jt.solref != null ? jt.solref : b.defaultSolref;
                jntSolref[2 * j] = sr[0];
                jntSolref[2 * j + 1] = sr[1];
                jntMargin[j] = jt.margin;
                if (bodyJointStart[jt.body] < 0) {
                    bodyJointStart[jt.body] = j;
                }
                bodyJointCount[jt.body]++;
                switch (jt.type) {
                    case FREE -> {
                        double[] p = b.bodies.get(jt.body).pos, q = b.bodies.get(jt.body).quat;
                        System.arraycopy(p, 0, qpos0, qa, 3);
                        System.arraycopy(q, 0, qpos0, qa + 3, 4);
                    }
                    case BALL -> qpos0[qa] = 1;
                    default -> qpos0[qa] = jt.ref;
                }
                for (int k = 0; k < jt.type.velocityWidth; k++) {
                    dofJnt[da + k] = j;
                    dofBody[da + k] = jt.body;
                    dofDamping[da + k] = jt.damping;
                    dofArmature[da + k] = jt.armature;
                    dofFrictionLoss[da + k] = jt.frictionLoss;
                }
                qa += jt.type.positionWidth;
                da += jt.type.velocityWidth;
            }
            for (int i = 0; i < nb; i++) {
                if (bodyJointStart[i] < 0) {
                    bodyJointStart[i] = 0;
                }
            }
            // Dof tree: each dof's parent is the previous dof of its body, or the last dof on the
            // path to the parent body. bodyLastDof[i] is the deepest dof moving body i.
            bodyLastDof[0] = -1;
            int d = 0;
            for (int i = 1; i < nb; i++) {
                int prev = bodyLastDof[bodyParent[i]];
                for (int k = 0; k < bodyJointCount[i]; k++) {
                    int j = bodyJointStart[i] + k;
                    for (int s = 0; s < jntType[j].velocityWidth; s++) {
                        dofParent[d] = prev;
                        prev = d;
                        d++;
                    }
                }
                bodyLastDof[i] = prev;
            }
        }

        private static int countJoints(ModelBuilder b, int body) {
            int n = 0;
            for (Joint j : b.joints) {
                if (j.body == body) {
                    n++;
                }
            }
            return n;
        }

        private void compileGeoms(ModelBuilder b) {
            int ng = b.geoms.size();
            geomType = new GeomType[ng];
            geomBody = new int[ng];
            geomCondim = new int[ng];
            geomContype = new int[ng];
            geomConaffinity = new int[ng];
            geomMesh = new int[ng];
            geomPos = new double[3 * ng];
            geomQuat = new double[4 * ng];
            geomSize = new double[3 * ng];
            geomFriction = new double[3 * ng];
            geomMargin = new double[ng];
            geomSolref = new double[2 * ng];
            geomRbound = new double[ng];
            int nm = b.meshes.size();
            meshVertStart = new int[nm];
            meshVertCount = new int[nm];
            int total = 0;
            for (int m = 0; m < nm; m++) {
                meshVertStart[m] = total;
                meshVertCount[m] = b.meshes.get(m).length / 3;
                total += meshVertCount[m];
            }
            meshVert = new double[3 * total];
            for (int m = 0; m < nm; m++) {
                System.arraycopy(
                        b.meshes.get(m), 0, meshVert, 3 * meshVertStart[m], 3 * meshVertCount[m]);
            }
            for (int g = 0; g < ng; g++) {
                Geom geom = b.geoms.get(g);
                geomNames.add(geom.name);
                geomType[g] = geom.type;
                geomBody[g] = geom.body;
                geomCondim[g] = geom.condim;
                geomContype[g] = geom.contype;
                geomConaffinity[g] = geom.conaffinity;
                geomMesh[g] = geom.mesh;
                System.arraycopy(geom.pos, 0, geomPos, 3 * g, 3);
                System.arraycopy(geom.quat, 0, geomQuat, 4 * g, 4);
                System.arraycopy(geom.size, 0, geomSize, 3 * g, 3);
                System.arraycopy(geom.friction, 0, geomFriction, 3 * g, 3);
                geomMargin[g] = geom.margin;
                double[] sr = geom.solref != null ? geom.solref : b.defaultSolref;
                geomSolref[2 * g] = sr[0];
                geomSolref[2 * g + 1] = sr[1];
                double[] s = geom.size;
                geomRbound[g] =
                        switch (geom.type) {
                            case PLANE -> Double.POSITIVE_INFINITY;
                            case SPHERE -> s[0];
                            case CAPSULE -> s[0] + s[1];
                            case CYLINDER -> Math.hypot(s[0], s[1]);
                            case BOX -> Math.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
                            case MESH ->
                                    meshRadius(
                                            meshVert,
                                            meshVertStart[geom.mesh],
                                            meshVertCount[geom.mesh]);
                        };
            }
        }

        private static double meshRadius(double[] v, int start, int count) {
            double r = 0;
            for (int i = start; i < start + count; i++) {
                r =
                        Math.max(
                                r,
                                Math.sqrt(
                                        v[3 * i] * v[3 * i]
                                                + v[3 * i + 1] * v[3 * i + 1]
                                                + v[3 * i + 2] * v[3 * i + 2]));
            }
            return r;
        }

        private void compileRest(ModelBuilder b) {
            int ns = b.sites.size();
            siteBody = new int[ns];
            sitePos = new double[3 * ns];
            for (int s = 0; s < ns; s++) {
                siteNames.add(b.sites.get(s).name);
                siteBody[s] = b.sites.get(s).body;
                System.arraycopy(b.sites.get(s).pos, 0, sitePos, 3 * s, 3);
            }
            int nt = b.tendons.size();
            tendonAdr = new int[nt];
            tendonNum = new int[nt];
            tendonLimited = new boolean[nt];
            tendonRange = new double[2 * nt];
            int total = 0;
            for (Tendon t : b.tendons) {
                total += t.joints.size();
            }
            tendonJoint = new int[total];
            tendonCoef = new double[total];
            int a = 0;
            for (int t = 0; t < nt; t++) {
                Tendon tn = b.tendons.get(t);
                if (tn.joints.isEmpty()) {
                    throw new IllegalArgumentException("tendon '" + tn.name + "' has no joints");
                }
                tendonNames.add(tn.name);
                tendonAdr[t] = a;
                tendonNum[t] = tn.joints.size();
                tendonLimited[t] = tn.limited;
                tendonRange[2 * t] = tn.lower;
                tendonRange[2 * t + 1] = tn.upper;
                for (int k = 0; k < tn.joints.size(); k++) {
                    tendonJoint[a] = tn.joints.get(k);
                    tendonCoef[a] = tn.coefs.get(k);
                    a++;
                }
            }
            int nu = b.actuators.size();
            actType = new ActuatorType[nu];
            actOnTendon = new boolean[nu];
            actCtrlLimited = new boolean[nu];
            actForceLimited = new boolean[nu];
            actTarget = new int[nu];
            actGear = new double[nu];
            actGain = new double[nu];
            actKv = new double[nu];
            actCtrlRange = new double[2 * nu];
            actForceRange = new double[2 * nu];
            for (int u = 0; u < nu; u++) {
                Actuator ac = b.actuators.get(u);
                actuatorNames.add(ac.name);
                actType[u] = ac.type;
                actOnTendon[u] = ac.onTendon;
                actCtrlLimited[u] = ac.ctrlLimited;
                actForceLimited[u] = ac.forceLimited;
                actTarget[u] = ac.target;
                actGear[u] = ac.gear;
                actGain[u] = ac.gain;
                actKv[u] = ac.kv;
                System.arraycopy(ac.ctrlRange, 0, actCtrlRange, 2 * u, 2);
                System.arraycopy(ac.forceRange, 0, actForceRange, 2 * u, 2);
            }
            int ng = b.geoms.size();
            List<Pair> sorted = new ArrayList<>(b.pairs);
            sorted.sort((p, q) -> Long.compare((long) p.g1 * ng + p.g2, (long) q.g1 * ng + q.g2));
            int np = sorted.size();
            pairGeom1 = new int[np];
            pairGeom2 = new int[np];
            pairCondim = new int[np];
            pairFriction = new double[3 * np];
            pairMargin = new double[np];
            pairSolref = new double[2 * np];
            pairKeys = new long[np];
            for (int p = 0; p < np; p++) {
                Pair pr = sorted.get(p);
                pairGeom1[p] = pr.g1;
                pairGeom2[p] = pr.g2;
                pairCondim[p] = pr.condim;
                System.arraycopy(pr.friction, 0, pairFriction, 3 * p, 3);
                pairMargin[p] = pr.margin;
                pairSolref[2 * p] = b.defaultSolref[0];
                pairSolref[2 * p + 1] = b.defaultSolref[1];
                pairKeys[p] = (long) pr.g1 * ng + pr.g2;
                if (p > 0 && pairKeys[p] == pairKeys[p - 1]) {
                    throw new IllegalArgumentException(
                            "duplicate contact pair " + pr.g1 + "-" + pr.g2);
                }
            }
            int nb = bodyParent.length;
            excludeBodyPairs = new long[b.excludes.size()];
            for (int e = 0; e < excludeBodyPairs.length; e++) {
                int[] ex = b.excludes.get(e);
                excludeBodyPairs[e] = (long) Math.min(ex[0], ex[1]) * nb + Math.max(ex[0], ex[1]);
            }
            Arrays.sort(excludeBodyPairs);
            keyNames = new ArrayList<>(b.keyNames);
            int nk = keyNames.size();
            int nq = qpos0.length, nv = dofJnt.length;
            keyQpos = new double[nk * nq];
            keyQvel = new double[nk * nv];
            for (int k = 0; k < nk; k++) {
                double[] q = b.keyQpos.get(k), v = b.keyQvel.get(k);
                if (q.length != nq || (v != null && v.length != nv)) {
                    throw new IllegalArgumentException(
                            "keyframe '"
                                    + keyNames.get(k)
                                    + "': qpos length "
                                    + q.length
                                    + " (expected "
                                    + nq
                                    + "), qvel length "
                                    + (v == null ? 0 : v.length)
                                    + " (expected "
                                    + nv
                                    + ")");
                }
                System.arraycopy(q, 0, keyQpos, k * nq, nq);
                if (v != null) {
                    System.arraycopy(v, 0, keyQvel, k * nv, nv);
                }
            }
        }
    }
}
