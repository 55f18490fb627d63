package armature.physics.reference.sim;

import armature.physics.math.Quat;
import armature.physics.model.DisableFlags;
import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.CollisionDetector;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.constraint.ConstraintSolver;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Forces;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.JointType;

/**
 * One world's time stepping: kinematics, collision, smooth dynamics, constraints, integration.
 * Everything it touches is allocated in the constructor, so {@link #step()} does not allocate.
 * Deterministic: fixed loop orders, no hashing, no threads.
 */
public final class Simulator {
    public final MultibodyModel model;
    public final MultibodyData data;
    public final ContactSet contacts;
    private final CollisionDetector detector;
    private final ConstraintSolver solver;
    private final double[] zeros, q0, v0, acc, vsum, vnext, qaccSmooth, mqacc;
    private final boolean contactsOn, passiveOn, actuationOn, implicitDamping;
    private boolean kinematicsCurrent;

    public Simulator(MultibodyModel m) {
        model = m;
        data = new MultibodyData(m);
        int flags = m.disableFlags;
        contactsOn =
                !DisableFlags.disabled(flags, DisableFlags.CONTACT)
                        && !DisableFlags.disabled(flags, DisableFlags.CONSTRAINT);
        passiveOn = !DisableFlags.disabled(flags, DisableFlags.PASSIVE);
        actuationOn = !DisableFlags.disabled(flags, DisableFlags.ACTUATION);
        implicitDamping = !DisableFlags.disabled(flags, DisableFlags.EULERDAMP);
        if (DisableFlags.disabled(flags, DisableFlags.GRAVITY)) {
            java.util.Arrays.fill(data.gravity, 0);
        }
        contacts = new ContactSet(m.maxContacts);
        detector = new CollisionDetector(m);
        solver = new ConstraintSolver(data);
        qaccSmooth = new double[m.nv];
        mqacc = new double[m.nv];
        zeros = new double[m.nv];
        q0 = new double[m.nq];
        v0 = new double[m.nv];
        acc = new double[m.nv];
        vsum = new double[m.nv];
        vnext = new double[m.nv];
    }

    /** Advances one timestep with the model's integrator. */
    public void step() {
        double h = model.timestepSeconds;
        MultibodyData d = data;
        if (model.integrator == Integrator.SEMI_IMPLICIT_EULER) {
            acceleration();
            eulerVelocity(h);
            System.arraycopy(vnext, 0, d.qvel, 0, model.nv);
            integratePositions(model, d.qpos, d.qvel, h, d.qpos, d.tmpq);
        } else {
            rk4(h);
        }
        d.time += h;
        kinematicsCurrent = false;
        checkFinite();
    }

    /**
     * Stops a diverged simulation with a message naming the joint, instead of letting NaN spread
     * into poses and controllers. The state is left as it was after the step for inspection.
     */
    private void checkFinite() {
        MultibodyData d = data;
        for (int i = 0; i < model.nv; i++) {
            if (!Double.isFinite(d.qvel[i])) {
                throw new IllegalStateException(
                        String.format(
                                java.util.Locale.ROOT,
                                "simulation diverged at t = %.6f s: velocity of dof %d (joint '%s') is %s;"
                                        + " check masses, inertias, gains and the timestep",
                                d.time,
                                i,
                                model.jointNames().get(model.dofJnt[i]),
                                d.qvel[i]));
            }
        }
        for (int i = 0; i < model.nq; i++) {
            if (!Double.isFinite(d.qpos[i])) {
                throw new IllegalStateException(
                        "simulation diverged at t = "
                                + d.time
                                + " s: qpos["
                                + i
                                + "] = "
                                + d.qpos[i]);
            }
        }
    }

    private void rk4(double h) {
        MultibodyData d = data;
        int nv = model.nv;
        System.arraycopy(d.qpos, 0, q0, 0, model.nq);
        System.arraycopy(d.qvel, 0, v0, 0, nv);
        java.util.Arrays.fill(acc, 0);
        java.util.Arrays.fill(vsum, 0);
        for (int s = 0; s < 4; s++) {
            if (s > 0) {
                // stage state: q = q0 (+) dt * v_prev, v = v0 + dt * a_prev (a_prev in d.qacc)
                double dt = s == 3 ? h : 0.5 * h;
                for (int i = 0; i < nv; i++) {
                    d.qvel[i] = v0[i] + dt * d.qacc[i];
                }
                integratePositions(model, q0, vnext, dt, d.qpos, d.tmpq);
            }
            acceleration();
            // vnext now holds this stage's velocity, used by the next stage's position
            System.arraycopy(d.qvel, 0, vnext, 0, nv);
            double wgt = s == 0 || s == 3 ? 1 : 2;
            for (int i = 0; i < nv; i++) {
                acc[i] += wgt * d.qacc[i];
                vsum[i] += wgt * d.qvel[i];
            }
        }
        for (int i = 0; i < nv; i++) {
            d.qvel[i] = v0[i] + h / 6 * acc[i];
            vsum[i] /= 6;
        }
        integratePositions(model, q0, vsum, h, d.qpos, d.tmpq);
    }

    /**
     * Computes {@code d.qacc} for the current state as MuJoCo does (ADR 0082): smooth forces (joint
     * damping explicit, as a passive force), the mass matrix without damping, then the constraint
     * solve on that matrix.
     */
    private void acceleration() {
        MultibodyData d = data;
        int nv = model.nv;
        Kinematics.forward(d);
        if (contactsOn) {
            detector.detect(d, contacts);
        } else {
            contacts.clear();
        }
        Dynamics.rnea(d, zeros, false, d.qfrcBias);
        Forces.compute(d);
        for (int i = 0; i < nv; i++) {
            double passive = passiveOn ? d.qfrcPassive[i] : 0;
            double actuation = actuationOn ? d.qfrcActuator[i] : 0;
            d.qfrcSmooth[i] = actuation + passive - d.qfrcBias[i];
            qaccSmooth[i] = d.qfrcSmooth[i];
        }
        Dynamics.crba(d);
        Dynamics.factor(d, 0);
        Dynamics.solve(d, qaccSmooth, 0);
        solver.solve(d, contacts, d.qfrcSmooth, qaccSmooth);
        System.arraycopy(d.qvel, 0, vnext, 0, nv);
    }

    /**
     * vnext = qvel + h a, where a is d.qacc with joint damping made implicit as MuJoCo's Euler
     * does: {@code a = (M + h D)^-1 M qacc}. The constraint forces stay those of the undamped
     * solve.
     */
    private void eulerVelocity(double h) {
        MultibodyData d = data;
        int nv = model.nv;
        boolean damped = false;
        for (int i = 0; i < nv && implicitDamping && passiveOn; i++) {
            damped |= d.dofDamping[i] > 0;
        }
        if (damped) {
            Dynamics.mulM(d, d.qacc, mqacc);
            Dynamics.factor(d, h);
            Dynamics.solve(d, mqacc, 0);
        } else {
            System.arraycopy(d.qacc, 0, mqacc, 0, nv);
        }
        for (int i = 0; i < nv; i++) {
            vnext[i] = d.qvel[i] + h * mqacc[i];
        }
    }

    /** Makes kinematic quantities (poses, sites) reflect the current qpos. */
    public void ensureKinematics() {
        if (!kinematicsCurrent) {
            Kinematics.forward(data);
            kinematicsCurrent = true;
        }
    }

    /**
     * Marks kinematics stale after a mocap body moved; the warm start is kept, as MuJoCo keeps it.
     */
    public void mocapMoved() {
        kinematicsCurrent = false;
    }

    /** Marks kinematics stale after an external state change (and drops the warm start). */
    public void invalidate() {
        kinematicsCurrent = false;
        solver.resetWarmstart();
    }

    /** Normal force of contact c in the last constraint solve (N). */
    public double contactNormalForce(int c) {
        return solver.contactNormalForce(c);
    }

    /** Newton iterations of the last constraint solve. */
    public int constraintIterations() {
        return solver.iterations();
    }

    /** The rows of the last constraint solve (read-only view for tests and tools). */
    public armature.physics.reference.constraint.Efc constraints() {
        return solver.rows();
    }

    /** Rows in the last constraint solve. */
    public int constraintRows() {
        return solver.rows().rows();
    }

    /** Approximate heap bytes of this world's buffers. */
    public long arrayBytes() {
        return data.arrayBytes()
                + contacts.arrayBytes()
                + solver.arrayBytes()
                + 8L * (3L * model.nv + model.nq + 2L * model.nv);
    }

    /**
     * qOut = qIn (+) dt * v: hinge and slide add, ball and free rotations use the exponential map
     * of the body-frame angular velocity. qOut may be qIn.
     */
    public static void integratePositions(
            MultibodyModel m, double[] qIn, double[] v, double dt, double[] qOut, double[] tmp) {
        if (qOut != qIn) {
            System.arraycopy(qIn, 0, qOut, 0, m.nq);
        }
        for (int j = 0; j < m.njnt; j++) {
            int qa = m.jntQposAdr[j], da = m.jntDofAdr[j];
            JointType t = m.jntType[j];
            switch (t) {
                case HINGE, SLIDE -> qOut[qa] += dt * v[da];
                case BALL -> Quat.integrateBodyRate(qOut, qa, v[da], v[da + 1], v[da + 2], dt, tmp);
                case FREE -> {
                    qOut[qa] += dt * v[da];
                    qOut[qa + 1] += dt * v[da + 1];
                    qOut[qa + 2] += dt * v[da + 2];
                    Quat.integrateBodyRate(qOut, qa + 3, v[da + 3], v[da + 4], v[da + 5], dt, tmp);
                }
            }
        }
    }
}
