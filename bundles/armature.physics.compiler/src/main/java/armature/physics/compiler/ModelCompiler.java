package armature.physics.compiler;

import armature.physics.reference.model.GeomType;
import armature.physics.reference.model.Integrator;
import armature.physics.reference.model.ModelBuilder;
import armature.physics.reference.model.MultibodyModel;
import armature.robot.model.Actuator;
import armature.robot.model.ActuatorType;
import armature.robot.model.Body;
import armature.robot.model.ContactExclude;
import armature.robot.model.ContactPair;
import armature.robot.model.Geom;
import armature.robot.model.Joint;
import armature.robot.model.Keyframe;
import armature.robot.model.Mesh;
import armature.robot.model.Model;
import armature.robot.model.Options;
import armature.robot.model.Site;
import armature.robot.model.Tendon;
import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Vec3;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Maps a {@link Model} onto {@link ModelBuilder}. Indices are kept one to one (body i of the
 * description is body i of the engine, likewise joints, geoms, sites, tendons), so qpos layouts,
 * keyframes and names agree with MuJoCo's for the same file. Stateless; each call builds afresh.
 */
public final class ModelCompiler {
    private static final System.Logger LOG = System.getLogger(ModelCompiler.class.getName());

    private ModelCompiler() {}

    /**
     * Compiles and logs the single warning (if any) through {@link System.Logger} at WARNING.
     *
     * @param description a loaded description
     * @return the engine model
     */
    public static MultibodyModel compile(Model description) {
        return compile(description, w -> LOG.log(System.Logger.Level.WARNING, w));
    }

    /**
     * Compiles and hands the single warning (if any) to {@code warnings}.
     *
     * @param description a loaded description
     * @param warnings receives at most one message listing everything not represented
     * @return the engine model
     */
    public static MultibodyModel compile(Model description, Consumer<String> warnings) {
        Compilation c = compileWithReport(description);
        c.warning().ifPresent(warnings);
        return c.model();
    }

    /**
     * Compiles and returns the model together with what could not be represented.
     *
     * @param description a loaded description
     * @return model and unsupported-feature list
     * @throws IllegalArgumentException when the description is inconsistent in a way the engine
     *     rejects (message names the element)
     */
    public static Compilation compileWithReport(Model description) {
        return new Run(description).compile();
    }

    /** One compilation: the builder plus the list of unsupported features, grouped by kind. */
    private static final class Run {
        private final Model src;
        private final ModelBuilder b;
        private final Map<String, List<String>> unsupported = new LinkedHashMap<>();
        private final Map<String, Integer> meshIndex = new HashMap<>();

        Run(Model src) {
            this.src = src;
            String name = src.name().isBlank() ? fileStem() : src.name();
            this.b = new ModelBuilder(name);
        }

        private String fileStem() {
            String f = String.valueOf(src.sourceFile().getFileName());
            int dot = f.lastIndexOf('.');
            return dot > 0 ? f.substring(0, dot) : f;
        }

        Compilation compile() {
            options(src.options());
            bodies();
            joints();
            geoms();
            sites();
            tendons();
            actuators();
            contacts();
            keyframes();
            if (!src.equalities().isEmpty()) {
                for (var e : src.equalities()) {
                    note(
                            "equality constraints",
                            e.type().name().toLowerCase(Locale.ROOT)
                                    + " '"
                                    + label(e.name(), e.object1() + "-" + e.object2())
                                    + "'");
                }
            }
            List<String> out = new ArrayList<>();
            unsupported.forEach(
                    (kind, items) ->
                            out.add(
                                    items.size()
                                            + " "
                                            + kind
                                            + " ("
                                            + String.join(", ", abbreviate(items))
                                            + ")"));
            return new Compilation(b.build(), out);
        }

        private static List<String> abbreviate(List<String> items) {
            if (items.size() <= 6) {
                return items;
            }
            List<String> head = new ArrayList<>(items.subList(0, 6));
            head.add("... " + (items.size() - 6) + " more");
            return head;
        }

        private void note(String kind, String item) {
            unsupported.computeIfAbsent(kind, k -> new ArrayList<>()).add(item);
        }

        private static String label(String name, String fallback) {
            return name == null || name.isBlank() ? fallback : name;
        }

        private void options(Options o) {
            b.timestep(o.timestepSeconds());
            Vec3 g = o.gravityMPerSec2();
            b.gravity(g.x(), g.y(), g.z());
            b.solverIterations(Math.min(o.iterations(), 10000));
            String integrator = o.integrator() == null ? "" : o.integrator();
            if (integrator.equalsIgnoreCase("RK4")) {
                b.integrator(Integrator.RK4);
            } else {
                b.integrator(Integrator.SEMI_IMPLICIT_EULER);
                if (!integrator.isEmpty() && !integrator.equalsIgnoreCase("Euler")) {
                    note(
                            "integrator settings",
                            integrator + " (semi-implicit Euler with implicit damping used)");
                }
            }
        }

        private void bodies() {
            List<Body> bodies = src.bodies();
            for (int i = 1; i < bodies.size(); i++) {
                Body body = bodies.get(i);
                int index =
                        b.addBody(
                                src.parentIndex(i),
                                label(body.name(), "body" + i),
                                body.posM().toArray(),
                                body.quat().toArray());
                if (index != i) {
                    throw new IllegalStateException("body index drift at " + body.name());
                }
                var in = body.inertial();
                Inertia t = in.inertiaAboutComKgM2();
                b.inertial(
                        i,
                        in.massKg(),
                        in.comPosM().toArray(),
                        new double[] {
                            t.ixxKgM2(),
                            t.iyyKgM2(),
                            t.izzKgM2(),
                            t.ixyKgM2(),
                            t.ixzKgM2(),
                            t.iyzKgM2()
                        });
                if (body.mocap()) {
                    note("mocap bodies (kept fixed)", label(body.name(), "body" + i));
                }
            }
        }

        private void joints() {
            List<Joint> joints = src.joints();
            for (int i = 0; i < joints.size(); i++) {
                Joint j = joints.get(i);
                int body = src.jointBodyIndex(i);
                String name = label(j.name(), "joint" + i);
                double[] pos = j.posM().toArray();
                int index =
                        switch (j.type()) {
                            case HINGE -> b.addHinge(body, name, pos, j.axis().toArray());
                            case SLIDE -> b.addSlide(body, name, pos, j.axis().toArray());
                            case BALL -> b.addBall(body, name, pos);
                            case FREE -> b.addFree(body, name);
                        };
                boolean scalar =
                        j.type() == armature.robot.model.JointType.HINGE
                                || j.type() == armature.robot.model.JointType.SLIDE;
                if (j.limited()) {
                    if (scalar) {
                        b.jointRange(index, j.rangeLowerRadOrM(), j.rangeUpperRadOrM());
                    } else {
                        note("limits on ball joints", name);
                    }
                }
                b.jointDamping(index, j.dampingNmsPerRadOrNsPerM());
                b.jointArmature(index, j.armatureKgM2OrKg());
                b.jointFrictionLoss(index, j.frictionLossNmOrN());
                b.jointMargin(index, j.marginRadOrM());
                if (scalar) {
                    if (j.stiffnessNmPerRadOrNPerM() > 0) {
                        // MJCF springref defaults to 0 and the description does not carry it.
                        b.jointStiffness(index, j.stiffnessNmPerRadOrNPerM(), 0);
                    }
                    if (j.refRadOrM() != 0) {
                        b.jointRef(index, j.refRadOrM());
                    }
                } else if (j.stiffnessNmPerRadOrNPerM() > 0) {
                    note("stiffness on ball/free joints", name);
                }
                // URDF mimic joints arrive as joint equality constraints, reported with those.
            }
        }

        private void geoms() {
            List<Geom> geoms = src.geoms();
            for (int i = 0; i < geoms.size(); i++) {
                Geom g = geoms.get(i);
                int body = src.geomBodyIndex(i);
                String name = label(g.name(), "geom" + i);
                double[] pos = g.posM().toArray();
                double[] quat = g.quat().toArray();
                double[] size = g.sizeM().stream().mapToDouble(Double::doubleValue).toArray();
                int index =
                        switch (g.type()) {
                            case PLANE -> b.addGeom(body, name, GeomType.PLANE, size, pos, quat);
                            case SPHERE -> b.addGeom(body, name, GeomType.SPHERE, size, pos, quat);
                            case CAPSULE ->
                                    b.addGeom(body, name, GeomType.CAPSULE, size, pos, quat);
                            case CYLINDER ->
                                    b.addGeom(body, name, GeomType.CYLINDER, size, pos, quat);
                            case BOX -> b.addGeom(body, name, GeomType.BOX, size, pos, quat);
                            case ELLIPSOID -> {
                                note("ellipsoid geoms (collide as a 26-point hull)", name);
                                int mesh = b.addMesh("ellipsoid:" + name, ellipsoidHull(size));
                                yield b.addMeshGeom(body, name, mesh, pos, quat);
                            }
                            case MESH -> b.addMeshGeom(body, name, mesh(g), pos, quat);
                        };
                var f = g.friction();
                b.geomFriction(index, f.slidingCoefficient(), f.torsionalM(), f.rollingM());
                int condim = g.condim();
                if (condim == 6) {
                    note("condim 6 (rolling friction; condim 4 used)", name);
                    condim = 4;
                }
                b.geomCondim(index, condim);
                b.geomContactBits(index, g.contype(), g.conaffinity());
                b.geomMargin(index, g.marginM());
            }
        }

        private int mesh(Geom g) {
            Integer known = meshIndex.get(g.meshName());
            if (known != null) {
                return known;
            }
            Mesh mesh =
                    src.mesh(g.meshName())
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "geom '"
                                                            + g.name()
                                                            + "' names unknown mesh '"
                                                            + g.meshName()
                                                            + "'"));
            List<Vec3> hull = mesh.hull() != null ? mesh.hull().vertices() : mesh.verticesM();
            double[] xyz = new double[3 * hull.size()];
            for (int k = 0; k < hull.size(); k++) {
                xyz[3 * k] = hull.get(k).x();
                xyz[3 * k + 1] = hull.get(k).y();
                xyz[3 * k + 2] = hull.get(k).z();
            }
            int index = b.addMesh(mesh.name(), xyz);
            meshIndex.put(g.meshName(), index);
            return index;
        }

        /** Corners, edge midpoints and face centres of the unit cube, projected on the surface. */
        private static double[] ellipsoidHull(double[] radii) {
            double[] out = new double[26 * 3];
            int n = 0;
            for (int x = -1; x <= 1; x++) {
                for (int y = -1; y <= 1; y++) {
                    for (int z = -1; z <= 1; z++) {
                        if (x == 0 && y == 0 && z == 0) {
                            continue;
                        }
                        double len = Math.sqrt(x * x + y * y + z * z);
                        out[n++] = radii[0] * x / len;
                        out[n++] = radii[1] * y / len;
                        out[n++] = radii[2] * z / len;
                    }
                }
            }
            return out;
        }

        private void sites() {
            List<Site> sites = src.sites();
            for (int i = 0; i < sites.size(); i++) {
                Site s = sites.get(i);
                b.addSite(src.siteBodyIndex(i), label(s.name(), "site" + i), s.posM().toArray());
            }
        }

        private void tendons() {
            for (int t = 0; t < src.tendons().size(); t++) {
                Tendon tendon = src.tendons().get(t);
                String name = label(tendon.name(), "tendon" + t);
                int index = b.addFixedTendon(name);
                for (Tendon.TendonJoint tj : tendon.joints()) {
                    b.tendonJoint(
                            index, jointIndex(tj.joint(), "tendon '" + name + "'"), tj.coef());
                }
                if (tendon.limited()) {
                    b.tendonRange(index, tendon.rangeLower(), tendon.rangeUpper());
                }
                if (tendon.stiffness() > 0 || tendon.damping() > 0) {
                    note("tendon stiffness/damping", name);
                }
            }
        }

        private int jointIndex(String jointName, String who) {
            List<Joint> joints = src.joints();
            for (int i = 0; i < joints.size(); i++) {
                if (joints.get(i).name().equals(jointName)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(who + " names unknown joint '" + jointName + "'");
        }

        private int tendonIndex(String tendonName, String who) {
            for (int i = 0; i < src.tendons().size(); i++) {
                if (src.tendons().get(i).name().equals(tendonName)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(who + " names unknown tendon '" + tendonName + "'");
        }

        private void actuators() {
            for (int u = 0; u < src.actuators().size(); u++) {
                Actuator a = src.actuators().get(u);
                String name = label(a.name(), "actuator" + u);
                String who = "actuator '" + name + "'";
                boolean onTendon = a.transmission() == Actuator.Transmission.TENDON;
                int target = onTendon ? tendonIndex(a.target(), who) : jointIndex(a.target(), who);
                double gain = a.gainPrm().get(0);
                double b0 = a.biasPrm().get(0);
                double b1 = a.biasPrm().get(1);
                double b2 = a.biasPrm().get(2);
                int index;
                // MuJoCo's uniform form: force = gain * ctrl + b0 + b1 * length + b2 * velocity.
                if (b0 == 0 && b1 == -gain && b2 <= 0 && a.type() != ActuatorType.VELOCITY) {
                    index = b.addPositionActuator(name, onTendon, target, gain);
                    if (b2 < 0) {
                        b.actuatorKv(index, -b2);
                    }
                } else if (b0 == 0 && b1 == 0 && b2 == 0 && gain == 1) {
                    index = b.addMotor(name, onTendon, target);
                } else {
                    // Keeping the actuator (as a motor) keeps nu and the control layout intact.
                    note(
                            "actuator dynamics other than motor/position (mapped to a unit-gain"
                                    + " motor)",
                            name);
                    index = b.addMotor(name, onTendon, target);
                }
                List<Double> gear = a.gear();
                b.actuatorGear(index, gear.isEmpty() ? 1 : gear.get(0));
                for (int k = 1; k < gear.size(); k++) {
                    if (gear.get(k) != 0) {
                        note("multi-component actuator gear", name);
                        break;
                    }
                }
                if (a.ctrlLimited()) {
                    b.actuatorCtrlRange(index, a.ctrlLower(), a.ctrlUpper());
                }
                if (a.forceLimited()) {
                    b.actuatorForceRange(index, a.forceLowerNmOrN(), a.forceUpperNmOrN());
                }
            }
        }

        private void contacts() {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (ContactPair p : src.contactPairs()) {
                String who = "contact pair '" + label(p.name(), p.geom1() + "-" + p.geom2()) + "'";
                int condim = p.condim() == 6 ? 4 : p.condim();
                if (p.condim() == 6) {
                    note("condim 6 (rolling friction; condim 4 used)", who);
                }
                int g1 = geomIndex(p.geom1(), who);
                int g2 = geomIndex(p.geom2(), who);
                if (!seen.add(((long) Math.min(g1, g2) << 32) | Math.max(g1, g2))) {
                    // MuJoCo would evaluate the pair twice; one evaluation is kept here.
                    note("repeated contact pairs (first kept)", p.geom1() + "-" + p.geom2());
                    continue;
                }
                List<Double> f = p.friction();
                b.addContactPair(
                        g1, g2, condim, new double[] {f.get(0), f.get(2), f.get(3)}, p.marginM());
            }
            for (ContactExclude e : src.contactExcludes()) {
                String who =
                        "contact exclude '" + label(e.name(), e.body1() + "-" + e.body2()) + "'";
                b.excludeContact(bodyIndex(e.body1(), who), bodyIndex(e.body2(), who));
            }
        }

        private int geomIndex(String geomName, String who) {
            for (int i = 0; i < src.geoms().size(); i++) {
                if (src.geoms().get(i).name().equals(geomName)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(who + " names unknown geom '" + geomName + "'");
        }

        private int bodyIndex(String bodyName, String who) {
            for (int i = 0; i < src.bodies().size(); i++) {
                if (src.bodies().get(i).name().equals(bodyName)) {
                    return i;
                }
            }
            throw new IllegalArgumentException(who + " names unknown body '" + bodyName + "'");
        }

        private void keyframes() {
            int nq = src.nq();
            int nv = src.nv();
            for (int k = 0; k < src.keyframes().size(); k++) {
                Keyframe key = src.keyframes().get(k);
                String name = label(key.name(), "key" + k);
                double[] qpos = new double[nq];
                if (key.qpos().isEmpty()) {
                    qpos = initialQpos();
                } else if (key.qpos().size() == nq) {
                    qpos = key.qpos().stream().mapToDouble(Double::doubleValue).toArray();
                } else {
                    throw new IllegalArgumentException(
                            "keyframe '"
                                    + name
                                    + "': qpos has "
                                    + key.qpos().size()
                                    + " values, model nq is "
                                    + nq);
                }
                double[] qvel = null;
                if (!key.qvel().isEmpty()) {
                    if (key.qvel().size() != nv) {
                        throw new IllegalArgumentException(
                                "keyframe '"
                                        + name
                                        + "': qvel has "
                                        + key.qvel().size()
                                        + " values, model nv is "
                                        + nv);
                    }
                    qvel = key.qvel().stream().mapToDouble(Double::doubleValue).toArray();
                }
                b.addKeyframe(name, qpos, qvel);
                if (!key.ctrl().isEmpty()
                        || !key.act().isEmpty()
                        || !key.mocapPos().isEmpty()
                        || !key.mocapQuat().isEmpty()) {
                    note("keyframe ctrl/act/mocap values", name);
                }
            }
        }

        /** MuJoCo's qpos0: hinge/slide at ref, ball identity, free at the body's pose. */
        private double[] initialQpos() {
            double[] q = new double[src.nq()];
            for (int i = 0; i < src.jointCount(); i++) {
                Joint j = src.joints().get(i);
                int a = src.qposAddress(i);
                switch (j.type()) {
                    case HINGE, SLIDE -> q[a] = j.refRadOrM();
                    case BALL -> q[a] = 1;
                    case FREE -> {
                        Body body = src.bodies().get(src.jointBodyIndex(i));
                        System.arraycopy(body.posM().toArray(), 0, q, a, 3);
                        System.arraycopy(body.quat().toArray(), 0, q, a + 3, 4);
                    }
                }
            }
            return q;
        }
    }
}
