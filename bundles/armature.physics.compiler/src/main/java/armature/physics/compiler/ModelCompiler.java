package armature.physics.compiler;

import armature.physics.model.Integrator;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.robot.model.Body;
import armature.robot.model.Joint;
import armature.robot.model.Keyframe;
import armature.robot.model.Model;
import armature.robot.model.Options;
import armature.robot.model.StaticBodyFusion;
import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Vec3;
import java.util.List;
import java.util.function.Consumer;

/**
 * Maps a {@link Model} onto {@link ModelBuilder}. Bodies without joints are first fused into their
 * parents when the description asks for it ({@link Model#fuseStatic()}: URDF files, MJCF with
 * {@code <compiler fusestatic="true">}), as MuJoCo's compiler does; after that indices are kept one
 * to one (body i of the fused description is body i of the engine, likewise joints, geoms, sites,
 * tendons), so body, geom and site indices, qpos layouts, keyframes and names agree with MuJoCo's
 * for the same file. Stateless; each call builds afresh.
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
        StaticBodyFusion.Result fusion = StaticBodyFusion.fuse(description);
        Compilation c = new Run(fusion.model()).compile();
        return new Compilation(c.model(), c.unsupported(), fusion.fused());
    }

    /** One compilation: the builder plus the list of unsupported features, grouped by kind. */
    private static final class Run {
        private final Model src;
        private final ModelBuilder b;
        private final Notes notes = new Notes();

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
            new GeomMapping(src, b, notes).map();
            new TransmissionMapping(src, b, notes).map();
            keyframes();
            new EqualityMapping(src, b, notes).map();
            return new Compilation(b.build(), notes.summary());
        }

        /** MJCF {@code <option><flag contact="disable"/></option>}, honoured by the compiler. */
        private void options(Options o) {
            double dt = o.timestepSeconds();
            if (!(dt >= 1e-6 && dt <= 0.1)) {
                // Named as the description names it, not as the builder's field.
                throw new IllegalArgumentException(
                        "<option timestep=\""
                                + dt
                                + "\"> is outside what the engine steps stably here: 1e-06 to 0.1 s"
                                + " (MuJoCo's default is 0.002)");
            }
            b.timestep(dt);
            Vec3 g = o.gravityMPerSec2();
            b.gravity(g.x(), g.y(), g.z());
            b.solverIterations(Math.min(o.iterations(), 10000));
            new OptionMapping(o, b, notes).map();
            String integrator = o.integrator() == null ? "" : o.integrator();
            if (integrator.equalsIgnoreCase("RK4")) {
                b.integrator(Integrator.RK4);
            } else {
                b.integrator(Integrator.SEMI_IMPLICIT_EULER);
                if (!integrator.isEmpty() && !integrator.equalsIgnoreCase("Euler")) {
                    notes.add(
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
                                Notes.label(body.name(), "body" + i),
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
                    b.bodyMocap(i);
                }
            }
        }

        private void joints() {
            List<Joint> joints = src.joints();
            for (int i = 0; i < joints.size(); i++) {
                Joint j = joints.get(i);
                int body = src.jointBodyIndex(i);
                String name = Notes.label(j.name(), "joint" + i);
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
                    if (j.type() == armature.robot.model.JointType.FREE) {
                        notes.add("limits on free joints", name);
                    } else {
                        // Ball: MJCF's range[1] is the largest rotation angle (range[0] unused).
                        b.jointRange(index, j.rangeLowerRadOrM(), j.rangeUpperRadOrM());
                    }
                }
                b.jointDamping(index, j.dampingNmsPerRadOrNsPerM());
                b.jointArmature(index, j.armatureKgM2OrKg());
                b.jointFrictionLoss(index, j.frictionLossNmOrN());
                b.jointMargin(index, j.marginRadOrM());
                double[] limitRef = j.limitSoftness().solrefArray();
                b.jointSolref(index, limitRef[0], limitRef[1]);
                b.jointSolimp(index, j.limitSoftness().solimpArray());
                double[] frictionRef = j.frictionSoftness().solrefArray();
                b.jointFrictionSolref(index, frictionRef[0], frictionRef[1]);
                b.jointFrictionSolimp(index, j.frictionSoftness().solimpArray());
                if (scalar) {
                    if (j.stiffnessNmPerRadOrNPerM() > 0) {
                        // MJCF springref defaults to 0 and the description does not carry it.
                        b.jointStiffness(index, j.stiffnessNmPerRadOrNPerM(), 0);
                    }
                    if (j.refRadOrM() != 0) {
                        b.jointRef(index, j.refRadOrM());
                    }
                } else if (j.stiffnessNmPerRadOrNPerM() > 0) {
                    notes.add("stiffness on ball/free joints", name);
                }
                // URDF mimic joints arrive as joint equality constraints (EqualityMapping).
                if (j.effortLimitNmOrN().isPresent() || j.velocityLimitRadOrMPerSec().isPresent()) {
                    // Without actuators in the description there is nothing to limit; a
                    // controller on top of the engine has to apply them.
                    notes.add("URDF effort/velocity limits (not enforced)", name);
                }
            }
        }

        private void keyframes() {
            int nq = src.nq();
            int nv = src.nv();
            for (int k = 0; k < src.keyframes().size(); k++) {
                Keyframe key = src.keyframes().get(k);
                String name = Notes.label(key.name(), "key" + k);
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
                    notes.add("keyframe ctrl/act/mocap values", name);
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
