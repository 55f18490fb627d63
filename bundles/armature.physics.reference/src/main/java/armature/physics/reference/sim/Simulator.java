package armature.physics.reference.sim;

import armature.physics.math.Quat;
import armature.physics.model.Integrator;
import armature.physics.model.JointType;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.CollisionDetector;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.constraint.ConstraintSolver;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Forces;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;

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
    private final double[] zeros, q0, v0, acc, vsum, vnext;
    private boolean kinematicsCurrent;

    public Simulator(MultibodyModel m) {
        model = m;
        data = new MultibodyData(m);
        contacts = new ContactSet(m.maxContacts);
        detector = new CollisionDetector(m);
        solver = new ConstraintSolver(m);
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
            acceleration(h, true);
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
            acceleration(h, false);
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
     * Computes {@code d.qacc} for the current state, including constraint forces, and the
     * constrained velocity after one step into {@code vnext}.
     */
    private void acceleration(double h, boolean implicitDamping) {
        MultibodyData d = data;
        int nv = model.nv;
        Kinematics.forward(d);
        detector.detect(d, contacts);
        Dynamics.rnea(d, zeros, false, d.qfrcBias);
        Forces.compute(d);
        for (int i = 0; i < nv; i++) {
            d.qfrcSmooth[i] = d.qfrcActuator[i] + d.qfrcPassive[i] - d.qfrcBias[i];
            d.qacc[i] = d.qfrcSmooth[i];
        }
        Dynamics.crba(d);
        Dynamics.factor(d, implicitDamping ? h : 0);
        Dynamics.solve(d, d.qacc, 0);
        for (int i = 0; i < nv; i++) {
            vnext[i] = d.qvel[i] + h * d.qacc[i];
        }
        solver.solve(d, contacts, h, vnext);
        for (int i = 0; i < nv; i++) {
            d.qacc[i] = (vnext[i] - d.qvel[i]) / h;
        }
    }

    /** Makes kinematic quantities (poses, sites) reflect the current qpos. */
    public void ensureKinematics() {
        if (!kinematicsCurrent) {
            Kinematics.forward(data);
            kinematicsCurrent = true;
        }
    }

    /** Marks kinematics stale after an external state change. */
    public void invalidate() {
        kinematicsCurrent = false;
    }

    /** Normal impulse of contact c in the last step (N s). */
    public double contactNormalImpulse(int c) {
        return solver.contactNormalImpulse[c];
    }

    /** Gauss-Seidel sweeps in the last constraint solve. */
    public int constraintSweeps() {
        return solver.sweepCount();
    }

    /** Rows in the last constraint solve. */
    public int constraintRows() {
        return solver.rowCount();
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
