package armature.physics.model;

import armature.physics.model.Specs.Actuator;
import armature.physics.model.Specs.Body;
import armature.physics.model.Specs.Equality;
import armature.physics.model.Specs.Geom;
import armature.physics.model.Specs.Joint;
import armature.physics.model.Specs.Pair;
import armature.physics.model.Specs.Site;
import armature.physics.model.Specs.Tendon;
import armature.robot.model.ActuatorType;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import java.util.ArrayList;
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

    final String name;
    double timestep = 0.002;
    double[] gravity = {0, 0, -9.81};
    Integrator integrator = Integrator.SEMI_IMPLICIT_EULER;
    int iterations = 100;
    double tolerance = 1e-8;
    double[] defaultSolref = {0.02, 1.0};
    double[] defaultSolimp = {0.9, 0.95, 0.001, 0.5, 2};
    double impratio = 1;
    Cone cone = Cone.PYRAMIDAL;
    int disableFlags;
    int maxContacts = 128;

    final List<Body> bodies = new ArrayList<>();
    final List<Joint> joints = new ArrayList<>();
    final List<Geom> geoms = new ArrayList<>();
    final List<double[]> meshes = new ArrayList<>();
    final List<int[]> meshTriangles = new ArrayList<>();
    final List<String> meshNames = new ArrayList<>();
    final List<Site> sites = new ArrayList<>();
    final List<Tendon> tendons = new ArrayList<>();
    final List<Actuator> actuators = new ArrayList<>();
    final List<Pair> pairs = new ArrayList<>();
    final List<int[]> excludes = new ArrayList<>();
    final List<Equality> equalities = new ArrayList<>();
    final List<String> keyNames = new ArrayList<>();
    final List<double[]> keyQpos = new ArrayList<>();
    final List<double[]> keyQvel = new ArrayList<>();

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

    /** Maximum constraint-solver iterations per step, in [1, 10000] (MJCF option iterations). */
    public ModelBuilder solverIterations(int value) {
        Check.range("solverIterations", value, 1, 10000);
        iterations = value;
        return this;
    }

    /**
     * The solver stops when its cost improvement or gradient, scaled by the mean diagonal inertia
     * and nv as MuJoCo scales them, falls below this (MJCF option tolerance, default 1e-8).
     */
    public ModelBuilder solverTolerance(double value) {
        Check.range("solverTolerance", value, 0, 1);
        tolerance = value;
        return this;
    }

    /**
     * solref of every constraint that names none (MuJoCo: 0.02 1). Standard form (time constant in
     * s, damping ratio), both &gt; 0, or direct form (-stiffness, -damping), both &lt;= 0; ADR
     * 0082.
     */
    public ModelBuilder defaultSolref(double timeConstantSeconds, double dampingRatio) {
        defaultSolref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    /** solimp of every constraint that names none (MuJoCo: 0.9 0.95 0.001 0.5 2); ADR 0082. */
    public ModelBuilder defaultSolimp(double... solimp) {
        defaultSolimp = solimp(solimp);
        return this;
    }

    /** Ratio of frictional to normal constraint impedance (MJCF option impratio, &gt; 0). */
    public ModelBuilder impratio(double value) {
        Check.range("impratio", value, 1e-6, 1e6);
        impratio = value;
        return this;
    }

    /** Friction cone of frictional contacts (MJCF option cone). */
    public ModelBuilder cone(Cone value) {
        cone = java.util.Objects.requireNonNull(value, "cone");
        return this;
    }

    /** Features switched off, a combination of {@link DisableFlags} bits (MJCF option/flag). */
    public ModelBuilder disable(int flags) {
        if ((flags & ~DisableFlags.ALL) != 0) {
            throw new IllegalArgumentException(
                    "disable flags 0x"
                            + Integer.toHexString(flags)
                            + " name unknown bits; allowed: 0x"
                            + Integer.toHexString(DisableFlags.ALL));
        }
        disableFlags = flags;
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
        armature.physics.math.Quat.toMatrix(q, 0, r, 0);
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

    /**
     * Derives the body's mass properties from its geoms at {@link #build()} time (MJCF {@code
     * inertiafromgeom}): each sphere, capsule, box and cylinder contributes a solid of its {@link
     * #geomDensity} or {@link #geomMass}; planes contribute nothing; meshes are rejected (their
     * volume needs faces; give the body an explicit inertial).
     */
    public ModelBuilder inertialFromGeoms(int body) {
        body(body).fromGeoms = true;
        return this;
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
        if (j.type == JointType.FREE) {
            throw new IllegalArgumentException(
                    "joint '" + j.name + "': a free joint cannot be limited");
        }
        if (j.type == JointType.BALL && !(upper > 0)) {
            throw new IllegalArgumentException(
                    "joint '"
                            + j.name
                            + "': ball range upper (the largest rotation angle) = "
                            + upper
                            + "; allowed: > 0");
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

    /** Softness of the joint's limit rows (MJCF solreflimit; overrides the default solref). */
    public ModelBuilder jointSolref(int joint, double timeConstantSeconds, double dampingRatio) {
        joint(joint).solref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    /** Impedance of the joint's limit rows (MJCF solimplimit). */
    public ModelBuilder jointSolimp(int joint, double... solimp) {
        joint(joint).solimp = solimp(solimp);
        return this;
    }

    /** Softness of the joint's frictionloss rows (MJCF solreffriction). */
    public ModelBuilder jointFrictionSolref(
            int joint, double timeConstantSeconds, double dampingRatio) {
        joint(joint).solrefFriction = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    /** Impedance of the joint's frictionloss rows (MJCF solimpfriction). */
    public ModelBuilder jointFrictionSolimp(int joint, double... solimp) {
        joint(joint).solimpFriction = solimp(solimp);
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
        if (type == GeomType.ELLIPSOID) {
            throw new IllegalArgumentException(
                    "geom '"
                            + geomName
                            + "': ellipsoid geoms are not simulated; allowed: plane, sphere,"
                            + " capsule, cylinder, box, mesh");
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
        geoms.add(g);
        return geoms.size() - 1;
    }

    /**
     * Registers a convex hull as built by the mesh's loader: its vertices and its triangles. The
     * engine model does not hull again; it only merges coplanar triangles into faces.
     *
     * @param verticesM hull vertices, x, y, z triples in metres, at least 4
     * @param triangles vertex index triples, counter-clockwise seen from outside, forming a closed
     *     surface (at least 4 triangles)
     * @return the mesh index
     * @throws IllegalArgumentException on a non-finite vertex, an index out of range or an open or
     *     inconsistently oriented surface
     */
    public int addMesh(String meshName, double[] verticesM, int[] triangles) {
        requireName("mesh name", meshName);
        if (verticesM == null || verticesM.length < 12 || verticesM.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "mesh '" + meshName + "': need at least 4 vertices as xyz triples");
        }
        for (double v : verticesM) {
            Check.finite("mesh vertex", v);
        }
        if (triangles == null || triangles.length < 12 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "mesh '"
                            + meshName
                            + "': need at least 4 triangles as vertex index triples, got "
                            + (triangles == null ? "none" : triangles.length + " indices"));
        }
        int n = verticesM.length / 3;
        for (int i : triangles) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException(
                        "mesh '"
                                + meshName
                                + "': triangle vertex index "
                                + i
                                + " out of range, allowed 0.."
                                + (n - 1));
            }
        }
        meshes.add(verticesM.clone());
        meshTriangles.add(triangles.clone());
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

    /** Density used by {@link #inertialFromGeoms} (MJCF {@code density}, default 1000 kg/m^3). */
    public ModelBuilder geomDensity(int geom, double kgPerM3) {
        geom(geom).density = Check.range("density", kgPerM3, 0, 1e6);
        return this;
    }

    /**
     * Mass used by {@link #inertialFromGeoms} instead of density times volume (MJCF {@code mass}).
     */
    public ModelBuilder geomMass(int geom, double massKg) {
        geom(geom).mass = Check.range("geom mass", massKg, 0, 1e9);
        return this;
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

    public ModelBuilder geomSolimp(int geom, double... solimp) {
        geom(geom).solimp = solimp(solimp);
        return this;
    }

    /**
     * Weight of this geom's solref/solimp when mixed with another geom's (MJCF solmix, &gt;= 0).
     */
    public ModelBuilder geomSolmix(int geom, double solmix) {
        geom(geom).solmix = Check.range("geom solmix", solmix, 0, 1e12);
        return this;
    }

    /**
     * Contacts closer than margin but farther than margin - gap are detected and not constrained
     * (MJCF gap, metres, &gt;= 0).
     */
    public ModelBuilder geomGap(int geom, double gapM) {
        geom(geom).gap = Check.range("geom gap", gapM, 0, 10);
        return this;
    }

    /** The geom of higher priority gives a contact its parameters (MJCF priority). */
    public ModelBuilder geomPriority(int geom, int priority) {
        geom(geom).priority = priority;
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

    /** Softness of the tendon's limit rows (MJCF solreflimit). */
    public ModelBuilder tendonSolref(int tendon, double timeConstantSeconds, double dampingRatio) {
        tendon(tendon).solref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    /** Impedance of the tendon's limit rows (MJCF solimplimit). */
    public ModelBuilder tendonSolimp(int tendon, double... solimp) {
        tendon(tendon).solimp = solimp(solimp);
        return this;
    }

    /** Limit activation distance of the tendon (MJCF margin, &gt;= 0). */
    public ModelBuilder tendonMargin(int tendon, double margin) {
        tendon(tendon).margin = Check.range("tendon margin", margin, 0, 1e3);
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

    public ModelBuilder pairSolref(int pair, double timeConstantSeconds, double dampingRatio) {
        pair(pair).solref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    public ModelBuilder pairSolimp(int pair, double... solimp) {
        pair(pair).solimp = solimp(solimp);
        return this;
    }

    public ModelBuilder pairGap(int pair, double gapM) {
        pair(pair).gap = Check.range("pair gap", gapM, 0, 10);
        return this;
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

    // ------------------------------------------------------------------ mocap and equalities

    /**
     * Makes a body a mocap body (MJCF {@code mocap="true"}): its pose comes from each world's mocap
     * arrays (initially the body's pose in the model) instead of the tree. It must be a child of
     * the world without joints, as in MuJoCo.
     */
    public ModelBuilder bodyMocap(int body) {
        Check.index("body", body, bodies.size());
        if (body == 0) {
            throw new IllegalArgumentException("body 0 is the world and cannot be a mocap body");
        }
        body(body).mocap = true;
        return this;
    }

    /**
     * Connects two bodies at a point (MJCF {@code equality/connect}): {@code anchorM} is the point
     * in body1's frame; its place in body2's frame is taken at qpos0. {@code body2} 0 is the world.
     *
     * @return the equality index
     */
    public int addConnect(int body1, int body2, double[] anchorM) {
        Equality e = equality(EqualityType.CONNECT, body1, body2, "body", bodies.size());
        System.arraycopy(Check.vec("connect anchor", anchorM, 3), 0, e.data, 0, 3);
        return equalities.size() - 1;
    }

    /**
     * Welds two bodies (MJCF {@code equality/weld}). {@code anchorM} is the weld point in body2's
     * frame; {@code relpose} (7: position of that point in body1's frame, then body2's orientation
     * relative to body1, w x y z) or null to take both from the bodies' poses at qpos0, as MuJoCo
     * does when relpose's quaternion is zero. {@code torquescale} scales the rotation rows.
     *
     * @return the equality index
     */
    public int addWeld(
            int body1, int body2, double[] anchorM, double[] relpose, double torquescale) {
        Equality e = equality(EqualityType.WELD, body1, body2, "body", bodies.size());
        System.arraycopy(Check.vec("weld anchor", anchorM, 3), 0, e.data, 0, 3);
        if (relpose == null) {
            e.relposeFromQpos0 = true;
        } else {
            if (relpose.length != 7) {
                throw new IllegalArgumentException(
                        "weld relpose has " + relpose.length + " values, expected 7");
            }
            double[] p = java.util.Arrays.copyOfRange(relpose, 0, 3);
            System.arraycopy(Check.vec("weld relpose position", p, 3), 0, e.data, 3, 3);
            double[] q =
                    Check.quat(
                            "weld relpose quaternion", java.util.Arrays.copyOfRange(relpose, 3, 7));
            System.arraycopy(q, 0, e.data, 6, 4);
        }
        e.data[10] = Check.finite("weld torquescale", torquescale);
        return equalities.size() - 1;
    }

    /**
     * Couples two hinge/slide joints (MJCF {@code equality/joint}): {@code q1 - q1_0 = c0 + c1 d +
     * c2 d^2 + c3 d^3 + c4 d^4} with {@code d = q2 - q2_0} (qpos0 values); {@code joint2} -1 fixes
     * joint1 at {@code q1_0 + c0}. Up to 5 coefficients, the rest zero.
     *
     * @return the equality index
     */
    public int addJointCoupling(int joint1, int joint2, double... polycoef) {
        Equality e = equality(EqualityType.JOINT, joint1, joint2, "joint", joints.size());
        polycoef(e, polycoef);
        return equalities.size() - 1;
    }

    /**
     * Couples two fixed tendons' lengths like {@link #addJointCoupling} (MJCF {@code
     * equality/tendon}), relative to their lengths at qpos0; {@code tendon2} -1 for none.
     *
     * @return the equality index
     */
    public int addTendonCoupling(int tendon1, int tendon2, double... polycoef) {
        Equality e = equality(EqualityType.TENDON, tendon1, tendon2, "tendon", tendons.size());
        polycoef(e, polycoef);
        return equalities.size() - 1;
    }

    /** Softness of an equality's rows (MJCF solref; MuJoCo's default 0.02 1). */
    public ModelBuilder equalitySolref(int eq, double timeConstantSeconds, double dampingRatio) {
        equality(eq).solref = solref(timeConstantSeconds, dampingRatio);
        return this;
    }

    /** Impedance of an equality's rows (MJCF solimp; MuJoCo's default 0.9 0.95 0.001 0.5 2). */
    public ModelBuilder equalitySolimp(int eq, double... solimp) {
        equality(eq).solimp = solimp(solimp);
        return this;
    }

    /** Whether the equality is active initially (MJCF active, default true). */
    public ModelBuilder equalityActive(int eq, boolean active) {
        equality(eq).active = active;
        return this;
    }

    private Equality equality(EqualityType type, int obj1, int obj2, String what, int count) {
        Check.index(what + "1", obj1, count);
        boolean bodies = type == EqualityType.CONNECT || type == EqualityType.WELD;
        if (bodies) {
            Check.index(what + "2", obj2, count);
        } else if (obj2 != -1) {
            Check.index(what + "2 (or -1 for none)", obj2, count);
        }
        if (obj1 == obj2) {
            throw new IllegalArgumentException(
                    type.name().toLowerCase(java.util.Locale.ROOT)
                            + " equality: "
                            + what
                            + "1 and "
                            + what
                            + "2 are both "
                            + obj1);
        }
        Equality e = new Equality();
        e.type = type;
        e.obj1 = obj1;
        e.obj2 = obj2;
        equalities.add(e);
        return e;
    }

    private static void polycoef(Equality e, double[] coef) {
        if (coef == null || coef.length > 5) {
            throw new IllegalArgumentException(
                    "polycoef needs 0 to 5 values, got " + (coef == null ? "null" : coef.length));
        }
        for (int i = 0; i < coef.length; i++) {
            e.data[i] = Check.finite("polycoef[" + i + "]", coef[i]);
        }
    }

    private Equality equality(int i) {
        Check.index("equality", i, equalities.size());
        return equalities.get(i);
    }

    // ------------------------------------------------------------------ build

    /** Validates cross references and compiles the flat model. */
    public MultibodyModel build() {
        return new MultibodyModel(new CompiledArrays(this));
    }

    // ------------------------------------------------------------------ internals

    /**
     * MuJoCo's two solref forms: (time constant, damping ratio), both &gt; 0, or (-stiffness,
     * -damping), both &lt;= 0. A mixed pair is refused here (MuJoCo warns and uses the default).
     */
    private static double[] solref(double a, double b) {
        Check.finite("solref[0]", a);
        Check.finite("solref[1]", b);
        if ((a > 0) != (b > 0)) {
            throw new IllegalArgumentException(
                    "solref ("
                            + a
                            + ", "
                            + b
                            + ") mixes the two forms; allowed: (timeconst > 0, dampratio > 0)"
                            + " or (-stiffness <= 0, -damping <= 0)");
        }
        return new double[] {a, b};
    }

    /**
     * solimp (dmin, dmax, width, midpoint, power); fewer than five values take MuJoCo's defaults
     * for the rest. Values outside MuJoCo's ranges are clamped when used, as MuJoCo does.
     */
    private static double[] solimp(double[] values) {
        if (values == null || values.length == 0 || values.length > 5) {
            throw new IllegalArgumentException(
                    "solimp needs 1 to 5 values (dmin dmax width midpoint power), got "
                            + (values == null ? "none" : values.length));
        }
        double[] out = {0.9, 0.95, 0.001, 0.5, 2};
        for (int i = 0; i < values.length; i++) {
            out[i] = Check.finite("solimp[" + i + "]", values[i]);
        }
        return out;
    }

    private Pair pair(int i) {
        Check.index("pair", i, pairs.size());
        return pairs.get(i);
    }

    private static int checkCondim(int condim) {
        if (condim != 1 && condim != 3 && condim != 4 && condim != 6) {
            throw new IllegalArgumentException(
                    "condim " + condim + " not supported, allowed: 1, 3, 4, 6");
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
}
