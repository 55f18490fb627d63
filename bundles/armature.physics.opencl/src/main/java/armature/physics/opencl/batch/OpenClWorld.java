package armature.physics.opencl.batch;

import armature.physics.api.ContactPoint;
import armature.physics.api.PhysicsModel;
import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.robot.model.JointType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One world on the OpenCL device behind the engine-neutral {@link World} API, so the simulator and
 * {@code sim run} use the OpenCL engine unchanged. A batch of one: batched work goes through {@link
 * OpenClBatch} directly. Not thread-safe, as every World.
 */
public final class OpenClWorld implements World, AutoCloseable {
    private final MultibodyModel m;
    private final OpenClBatch batch;
    private final double[] obs;
    private final List<Runnable> overrides = new ArrayList<>();
    private final Randomization randomization = new Overrides();
    private int lastDropped, lastDroppedTotal;

    /**
     * A world of {@code model} on {@code device} at the model's initial state.
     *
     * @throws IllegalArgumentException when the model uses what the kernels do not compute yet
     */
    public static OpenClWorld open(MultibodyModel model, OpenClDevice device, boolean float64) {
        return open(model, device, float64, 0);
    }

    /**
     * As {@link #open(MultibodyModel, OpenClDevice, boolean)} with {@code contactCapacity} contacts
     * per timestep (0: {@link OpenClBatch.Options#contactCapacity(MultibodyModel)}'s default).
     */
    public static OpenClWorld open(
            MultibodyModel model, OpenClDevice device, boolean float64, int contactCapacity) {
        return new OpenClWorld(model, device, float64, contactCapacity);
    }

    private OpenClWorld(
            MultibodyModel model, OpenClDevice device, boolean float64, int contactCapacity) {
        m = model;
        int[] all = new int[m.nbody];
        java.util.Arrays.setAll(all, i -> i);
        batch =
                OpenClBatch.create(
                        m, device, new OpenClBatch.Options(1, float64, 1, 0, all, contactCapacity));
        // one world: its last timestep's contacts stay on the device for contacts()
        batch.recordContacts(true);
        obs = new double[batch.observationSize()];
    }

    /** Contacts this world keeps per timestep; more are counted in {@link #droppedContacts()}. */
    public int contactCapacity() {
        return batch.contactCapacity();
    }

    @Override
    public PhysicsModel model() {
        return m;
    }

    @Override
    public void setControls(double[] controls) {
        if (controls == null || controls.length != m.nu) {
            throw new IllegalArgumentException(
                    "controls has "
                            + (controls == null ? "no" : String.valueOf(controls.length))
                            + " entries; expected "
                            + m.nu);
        }
        batch.setControls(controls);
    }

    @Override
    public void step(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps " + steps + " is not allowed; allowed: >= 0");
        }
        if (steps == 0) {
            return;
        }
        batch.step(steps);
        int total = batch.droppedContacts()[0];
        lastDropped = total - lastDroppedTotal;
        lastDroppedTotal = total;
        if (batch.status()[0] != 0) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "simulation diverged at t = %.6f s: the state stopped being finite or"
                                    + " the mass matrix indefinite; the world keeps its last finite"
                                    + " state until reset; check masses, inertias, gains and the"
                                    + " timestep",
                            timeSeconds()));
        }
    }

    @Override
    public double timeSeconds() {
        return batch.stepCounts()[0] * m.timestepSeconds;
    }

    @Override
    public void readState(double[] qpos, double[] qvel) {
        batch.readQpos(qpos);
        batch.readQvel(qvel);
    }

    @Override
    public void writeState(double[] qpos, double[] qvel, double timeSeconds) {
        if (qpos.length != m.nq || qvel.length != m.nv) {
            throw new IllegalArgumentException(
                    "qpos needs " + m.nq + " and qvel " + m.nv + " entries");
        }
        double[] q = qpos.clone();
        for (int i = 0; i < q.length; i++) {
            if (!Double.isFinite(q[i])) {
                throw new IllegalArgumentException("qpos[" + i + "] is " + q[i]);
            }
        }
        for (int i = 0; i < qvel.length; i++) {
            if (!Double.isFinite(qvel[i])) {
                throw new IllegalArgumentException("qvel[" + i + "] is " + qvel[i]);
            }
        }
        for (int j = 0; j < m.njnt; j++) {
            int a = m.jntQposAdr[j] + (m.jntType[j] == JointType.FREE ? 3 : 0);
            if (m.jntType[j] == JointType.FREE || m.jntType[j] == JointType.BALL) {
                double n =
                        Math.sqrt(
                                q[a] * q[a]
                                        + q[a + 1] * q[a + 1]
                                        + q[a + 2] * q[a + 2]
                                        + q[a + 3] * q[a + 3]);
                if (!(n > 0)) {
                    throw new IllegalArgumentException(
                            "qpos["
                                    + a
                                    + ".."
                                    + (a + 3)
                                    + "] (joint '"
                                    + m.jointNames().get(j)
                                    + "') is a zero quaternion");
                }
                for (int k = 0; k < 4; k++) {
                    q[a + k] /= n;
                }
            }
        }
        double steps = timeSeconds / m.timestepSeconds;
        long whole = Math.round(steps);
        if (!(timeSeconds >= 0) || Math.abs(steps - whole) > 1e-6 * Math.max(1, steps)) {
            throw new IllegalArgumentException(
                    "timeSeconds "
                            + timeSeconds
                            + " is not allowed; allowed: a whole number of timesteps of "
                            + m.timestepSeconds
                            + " s, >= 0 (the OpenCL engine counts time in steps)");
        }
        batch.writeState(0, q, qvel, whole);
        lastDroppedTotal = batch.droppedContacts()[0];
    }

    @Override
    public void reset() {
        batch.resetAll();
        lastDropped = 0;
        lastDroppedTotal = 0;
        overrides.forEach(Runnable::run);
    }

    @Override
    public void resetToKeyframe(int keyframe) {
        if (keyframe < 0 || keyframe >= m.nkey) {
            throw new IllegalArgumentException(
                    "keyframe "
                            + keyframe
                            + " is not allowed; "
                            + (m.nkey == 0
                                    ? "model '" + m.name + "' has no keyframes"
                                    : "allowed: 0.." + (m.nkey - 1)));
        }
        reset();
        batch.writeState(
                0,
                java.util.Arrays.copyOfRange(m.keyQpos, keyframe * m.nq, (keyframe + 1) * m.nq),
                java.util.Arrays.copyOfRange(m.keyQvel, keyframe * m.nv, (keyframe + 1) * m.nv));
    }

    @Override
    public void readBodyPoses(double[] poses) {
        if (poses.length != 7 * m.nbody) {
            throw new IllegalArgumentException("poses needs " + 7 * m.nbody + " entries");
        }
        batch.readObservations(obs);
        System.arraycopy(obs, m.nq + m.nv, poses, 0, 7 * m.nbody);
    }

    @Override
    public void setMocapPose(int body, double[] posM, double[] quat) {
        batch.setMocapPose(0, body, posM, quat);
    }

    @Override
    public void readSitePositions(double[] positionsM) {
        if (positionsM.length != 3 * m.nsite) {
            throw new IllegalArgumentException("positions need " + 3 * m.nsite + " entries");
        }
        batch.readObservations(obs);
        System.arraycopy(obs, m.nq + m.nv + 7 * m.nbody, positionsM, 0, 3 * m.nsite);
    }

    @Override
    public void readActuatorForces(double[] forces) {
        batch.readActuatorForces(forces);
    }

    @Override
    public int contactCount() {
        return batch.contactCounts()[0];
    }

    /** Contacts dropped by the last {@link #step} call's timesteps (the buffer was full). */
    @Override
    public int droppedContacts() {
        return lastDropped;
    }

    @Override
    public int solverIterations() {
        return batch.solverIterations()[0];
    }

    /**
     * The last timestep's contacts, read back from the device now (the step kernel keeps them
     * there; nothing moves per step unless asked). Empty before the first step.
     */
    @Override
    public List<ContactPoint> contacts() {
        return batch.contacts(0);
    }

    @Override
    public Randomization randomization() {
        return randomization;
    }

    @Override
    public void close() {
        batch.close();
    }

    /** Per-world overrides written into the device's parameter block, re-applied on reset. */
    private final class Overrides implements Randomization {
        private void apply(Runnable r) {
            r.run();
            overrides.add(r);
        }

        @Override
        public void setBodyMassKg(int body, double massKg) {
            if (body <= 0 || body >= m.nbody || !(massKg > 0) || !Double.isFinite(massKg)) {
                throw new IllegalArgumentException(
                        "body "
                                + body
                                + " mass "
                                + massKg
                                + " is not allowed; allowed: body 1.."
                                + (m.nbody - 1)
                                + ", a positive finite mass");
            }
            double scale = massKg / m.bodyMassKg[body];
            apply(() -> batch.setParameter(0, OpenClBatch.Parameter.MASS_SCALE, body, scale));
        }

        @Override
        public void setGeomFriction(int geom, double sliding, double torsional, double rolling) {
            double[] f = {sliding, torsional, rolling};
            for (int k = 0; k < 3; k++) {
                if (!(f[k] >= 0) || geom < 0 || geom >= m.ngeom) {
                    throw new IllegalArgumentException(
                            "geom "
                                    + geom
                                    + " friction "
                                    + java.util.Arrays.toString(f)
                                    + " is not allowed; allowed: geom 0.."
                                    + (m.ngeom - 1)
                                    + ", coefficients >= 0");
                }
            }
            apply(
                    () -> {
                        for (int k = 0; k < 3; k++) {
                            batch.setParameter(
                                    0, OpenClBatch.Parameter.FRICTION, 3 * geom + k, f[k]);
                        }
                    });
        }

        @Override
        public void setJointDamping(int joint, double damping) {
            if (joint < 0 || joint >= m.njnt || !(damping >= 0) || !Double.isFinite(damping)) {
                throw new IllegalArgumentException(
                        "joint "
                                + joint
                                + " damping "
                                + damping
                                + " is not allowed; allowed: joint 0.."
                                + (m.njnt - 1)
                                + ", >= 0");
            }
            apply(
                    () -> {
                        int da = m.jntDofAdr[joint];
                        for (int k = 0; k < m.jntType[joint].nv(); k++) {
                            batch.setParameter(0, OpenClBatch.Parameter.DAMPING, da + k, damping);
                        }
                    });
        }

        @Override
        public void setActuatorGain(int actuator, double gain) {
            if (actuator < 0 || actuator >= m.nu || !(gain >= 0) || !Double.isFinite(gain)) {
                throw new IllegalArgumentException(
                        "actuator "
                                + actuator
                                + " gain "
                                + gain
                                + " is not allowed; allowed: actuator 0.."
                                + (m.nu - 1)
                                + ", >= 0");
            }
            apply(() -> batch.setParameter(0, OpenClBatch.Parameter.GAIN, actuator, gain));
        }

        @Override
        public void setGravity(double x, double y, double z) {
            double[] g = {x, y, z};
            apply(
                    () -> {
                        for (int k = 0; k < 3; k++) {
                            batch.setParameter(0, OpenClBatch.Parameter.GRAVITY, k, g[k]);
                        }
                    });
        }

        @Override
        public void clear() {
            overrides.clear();
            for (int b = 0; b < m.nbody; b++) {
                batch.setParameter(0, OpenClBatch.Parameter.MASS_SCALE, b, 1);
            }
            for (int i = 0; i < 3 * m.ngeom; i++) {
                batch.setParameter(0, OpenClBatch.Parameter.FRICTION, i, m.geomFriction[i]);
            }
            for (int i = 0; i < m.nv; i++) {
                batch.setParameter(0, OpenClBatch.Parameter.DAMPING, i, m.dofDamping[i]);
            }
            for (int u = 0; u < m.nu; u++) {
                batch.setParameter(0, OpenClBatch.Parameter.GAIN, u, m.actGain[u]);
            }
            boolean noGravity =
                    armature.physics.model.DisableFlags.disabled(
                            m.disableFlags, armature.physics.model.DisableFlags.GRAVITY);
            for (int k = 0; k < 3; k++) {
                batch.setParameter(
                        0, OpenClBatch.Parameter.GRAVITY, k, noGravity ? 0 : m.gravityMPerS2[k]);
            }
        }
    }
}
