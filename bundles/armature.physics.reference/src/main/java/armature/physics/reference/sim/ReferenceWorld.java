package armature.physics.reference.sim;

import armature.physics.api.ContactPoint;
import armature.physics.api.PhysicsModel;
import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.JointType;
import java.util.ArrayList;
import java.util.List;

/** {@link World} over a {@link Simulator}; validates every argument at this boundary. */
public final class ReferenceWorld implements World {
    private final Simulator sim;
    private final MultibodyModel m;
    private final MultibodyData d;
    private final Overrides overrides = new Overrides();

    public ReferenceWorld(MultibodyModel model) {
        sim = new Simulator(model);
        m = model;
        d = sim.data;
    }

    /** The underlying simulator (for tests and tools in this bundle). */
    public Simulator simulator() {
        return sim;
    }

    @Override
    public PhysicsModel model() {
        return m;
    }

    @Override
    public void setControls(double[] controls) {
        checkArray("controls", controls, m.nu);
        System.arraycopy(controls, 0, d.ctrl, 0, m.nu);
    }

    @Override
    public void step(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + " must be >= 0");
        }
        for (int i = 0; i < steps; i++) {
            sim.step();
        }
    }

    @Override
    public double timeSeconds() {
        return d.time;
    }

    @Override
    public void readState(double[] qpos, double[] qvel) {
        checkLength("qpos", qpos, m.nq);
        checkLength("qvel", qvel, m.nv);
        System.arraycopy(d.qpos, 0, qpos, 0, m.nq);
        System.arraycopy(d.qvel, 0, qvel, 0, m.nv);
    }

    @Override
    public void writeState(double[] qpos, double[] qvel, double timeSeconds) {
        checkArray("qpos", qpos, m.nq);
        checkArray("qvel", qvel, m.nv);
        if (!Double.isFinite(timeSeconds)) {
            throw new IllegalArgumentException("timeSeconds = " + timeSeconds + " must be finite");
        }
        for (int j = 0; j < m.njnt; j++) {
            int qa = m.jntQposAdr[j] + (m.jntType[j] == JointType.FREE ? 3 : 0);
            if (m.jntType[j] == JointType.FREE || m.jntType[j] == JointType.BALL) {
                double n =
                        Math.sqrt(
                                qpos[qa] * qpos[qa]
                                        + qpos[qa + 1] * qpos[qa + 1]
                                        + qpos[qa + 2] * qpos[qa + 2]
                                        + qpos[qa + 3] * qpos[qa + 3]);
                if (n < 1e-9) {
                    throw new IllegalArgumentException(
                            "qpos["
                                    + qa
                                    + ".."
                                    + (qa + 3)
                                    + "]: quaternion of joint '"
                                    + m.jointNames().get(j)
                                    + "' has zero norm");
                }
            }
        }
        System.arraycopy(qpos, 0, d.qpos, 0, m.nq);
        for (int j = 0; j < m.njnt; j++) {
            if (m.jntType[j] == JointType.FREE || m.jntType[j] == JointType.BALL) {
                armature.physics.math.Quat.normalize(
                        d.qpos, m.jntQposAdr[j] + (m.jntType[j] == JointType.FREE ? 3 : 0));
            }
        }
        System.arraycopy(qvel, 0, d.qvel, 0, m.nv);
        d.time = timeSeconds;
        sim.invalidate();
    }

    @Override
    public void reset() {
        System.arraycopy(m.qpos0, 0, d.qpos, 0, m.nq);
        java.util.Arrays.fill(d.qvel, 0);
        java.util.Arrays.fill(d.ctrl, 0);
        d.time = 0;
        d.resetMocap();
        sim.contacts.clear();
        sim.invalidate();
    }

    @Override
    public void resetToKeyframe(int keyframe) {
        if (keyframe < 0 || keyframe >= m.nkey) {
            throw new IllegalArgumentException(
                    "keyframe " + keyframe + " outside [0, " + (m.nkey - 1) + "]");
        }
        reset();
        System.arraycopy(m.keyQpos, keyframe * m.nq, d.qpos, 0, m.nq);
        System.arraycopy(m.keyQvel, keyframe * m.nv, d.qvel, 0, m.nv);
    }

    @Override
    public void readBodyPoses(double[] poses) {
        checkLength("poses", poses, 7 * m.nbody);
        sim.ensureKinematics();
        for (int b = 0; b < m.nbody; b++) {
            System.arraycopy(d.xpos, 3 * b, poses, 7 * b, 3);
            System.arraycopy(d.xquat, 4 * b, poses, 7 * b + 3, 4);
        }
    }

    @Override
    public void setMocapPose(int body, double[] posM, double[] quat) {
        checkIndex("body", body, m.nbody);
        int k = m.bodyMocapId[body];
        if (k < 0) {
            throw new IllegalArgumentException(
                    "body "
                            + body
                            + " ('"
                            + m.bodyNames().get(body)
                            + "') is not a mocap body; mocap bodies: "
                            + mocapBodies());
        }
        checkArray("posM", posM, 3);
        checkArray("quat", quat, 4);
        double n =
                Math.sqrt(
                        quat[0] * quat[0]
                                + quat[1] * quat[1]
                                + quat[2] * quat[2]
                                + quat[3] * quat[3]);
        if (n < 1e-9) {
            throw new IllegalArgumentException("quat of mocap body " + body + " has zero norm");
        }
        System.arraycopy(posM, 0, d.mocapPos, 3 * k, 3);
        for (int i = 0; i < 4; i++) {
            d.mocapQuat[4 * k + i] = quat[i] / n;
        }
        sim.mocapMoved();
    }

    private List<String> mocapBodies() {
        List<String> out = new ArrayList<>();
        for (int b = 0; b < m.nbody; b++) {
            if (m.bodyMocapId[b] >= 0) {
                out.add(m.bodyNames().get(b));
            }
        }
        return out;
    }

    @Override
    public void readSitePositions(double[] positionsM) {
        checkLength("positionsM", positionsM, 3 * m.nsite);
        sim.ensureKinematics();
        System.arraycopy(d.siteXpos, 0, positionsM, 0, 3 * m.nsite);
    }

    @Override
    public void readActuatorForces(double[] forces) {
        checkLength("forces", forces, m.nu);
        System.arraycopy(d.actuatorForce, 0, forces, 0, m.nu);
    }

    @Override
    public int contactCount() {
        return sim.contacts.count;
    }

    @Override
    public int droppedContacts() {
        return sim.contacts.dropped;
    }

    @Override
    public int solverIterations() {
        return sim.constraintIterations();
    }

    @Override
    public List<ContactPoint> contacts() {
        var cs = sim.contacts;
        List<ContactPoint> list = new ArrayList<>(cs.count);
        for (int c = 0; c < cs.count; c++) {
            list.add(
                    new ContactPoint(
                            cs.geom1[c],
                            cs.geom2[c],
                            new double[] {cs.pos[3 * c], cs.pos[3 * c + 1], cs.pos[3 * c + 2]},
                            new double[] {
                                cs.frame[9 * c], cs.frame[9 * c + 1], cs.frame[9 * c + 2]
                            },
                            cs.dist[c],
                            sim.contactNormalForce(c)));
        }
        return List.copyOf(list);
    }

    @Override
    public Randomization randomization() {
        return overrides;
    }

    private static void checkLength(String name, double[] a, int n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(
                    name + " has length " + (a == null ? "null" : a.length) + ", expected " + n);
        }
    }

    private static void checkArray(String name, double[] a, int n) {
        checkLength(name, a, n);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] = " + a[i] + " must be finite");
            }
        }
    }

    private static void checkIndex(String name, int i, int n) {
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException(name + " " + i + " outside [0, " + (n - 1) + "]");
        }
    }

    private static double checkNonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " = " + v + " must be finite and >= 0");
        }
        return v;
    }

    private final class Overrides implements Randomization {
        @Override
        public void setBodyMassKg(int body, double massKg) {
            checkIndex("body", body, m.nbody);
            if (body == 0) {
                throw new IllegalArgumentException("body 0 is the static world and has no mass");
            }
            if (!(massKg > 0) || !Double.isFinite(massKg)) {
                throw new IllegalArgumentException(
                        "massKg = " + massKg + " must be finite and > 0");
            }
            double base = m.bodyMassKg[body];
            if (!(base > 0)) {
                throw new IllegalArgumentException(
                        "body " + body + " is massless in the model; its mass cannot be scaled");
            }
            double scale = massKg / base;
            d.bodyMassKg[body] = massKg;
            for (int k = 0; k < 6; k++) {
                d.bodyInertia[6 * body + k] = scale * m.bodyInertia[6 * body + k];
            }
        }

        @Override
        public void setGeomFriction(int geom, double sliding, double torsional, double rolling) {
            checkIndex("geom", geom, m.ngeom);
            d.geomFriction[3 * geom] = checkNonNegative("sliding", sliding);
            d.geomFriction[3 * geom + 1] = checkNonNegative("torsional", torsional);
            d.geomFriction[3 * geom + 2] = checkNonNegative("rolling", rolling);
        }

        @Override
        public void setJointDamping(int joint, double damping) {
            checkIndex("joint", joint, m.njnt);
            checkNonNegative("damping", damping);
            for (int k = 0; k < m.jntType[joint].nv(); k++) {
                d.dofDamping[m.jntDofAdr[joint] + k] = damping;
            }
        }

        @Override
        public void setActuatorGain(int actuator, double gain) {
            checkIndex("actuator", actuator, m.nu);
            d.actGain[actuator] = checkNonNegative("gain", gain);
        }

        @Override
        public void setGravity(double x, double y, double z) {
            if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
                throw new IllegalArgumentException(
                        "gravity (" + x + ", " + y + ", " + z + ") must be finite");
            }
            d.gravity[0] = x;
            d.gravity[1] = y;
            d.gravity[2] = z;
        }

        @Override
        public void clear() {
            d.clearOverrides();
        }
    }
}
