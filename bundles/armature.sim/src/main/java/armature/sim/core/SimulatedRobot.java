package armature.sim.core;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.robot.model.ActuatorType;
import armature.robot.model.JointType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A simulated robot: one {@link World} whose position actuators are offered as driver joints (one
 * joint per position actuator, named after the actuator). Joint positions are the actuators'
 * lengths (gear times joint position, or the tendon's length for coupled finger joints), so a
 * command and its reading share one coordinate.
 *
 * <p>Every method locks the instance: the world is not thread-safe, and the stepping thread, the
 * control loop and bus requests all touch it. Steps are short (one timestep each), so the lock is
 * held only briefly.
 */
public final class SimulatedRobot implements JointDriver {
    private final MultibodyModel model;
    private final World world;
    private final LongSupplier nanoClock;
    private final double ambientTemperatureDegC;
    private final List<JointDescription> joints;
    private final int[] actuators;
    private final double[] qpos, qvel, forces, ctrl, poses;
    private final int[] freeBodies;
    private boolean limp;
    private volatile String fault; // read without the lock by health()
    private volatile boolean frozen;
    private boolean teleported; // guarded by this

    /**
     * Callers waiting for the lock (the control loop's reads and writes, pose readers, resets); the
     * stepping thread lets them in between timesteps ({@link #letWaitingLoopIn}), so a loop tick
     * waits for at most one timestep, not a catch-up batch. Only {@link #advance} (the stepper's)
     * does not count itself.
     */
    private final AtomicInteger callsWaiting = new AtomicInteger();

    private long steps;

    /**
     * @param model the compiled model {@code world} was created from
     * @param world a world at its initial state; this object becomes its only user
     * @param nanoClock monotonic clock for the timestamps of {@link #readState}
     * @param ambientTemperatureDegC temperature reported for every joint
     */
    public SimulatedRobot(
            MultibodyModel model,
            World world,
            LongSupplier nanoClock,
            double ambientTemperatureDegC) {
        if (world.model() != model) {
            throw new IllegalArgumentException(
                    "world simulates '" + world.model().name() + "', not '" + model.name() + "'");
        }
        if (!Double.isFinite(ambientTemperatureDegC)) {
            throw new IllegalArgumentException(
                    "ambientTemperatureDegC = " + ambientTemperatureDegC + "; allowed: finite");
        }
        this.model = model;
        this.world = world;
        this.nanoClock = nanoClock;
        this.ambientTemperatureDegC = ambientTemperatureDegC;
        List<Integer> act = new ArrayList<>();
        List<JointDescription> desc = new ArrayList<>();
        for (int u = 0; u < model.nu; u++) {
            if (model.actType[u] == ActuatorType.POSITION) {
                act.add(u);
                desc.add(describe(u));
            }
        }
        if (act.isEmpty()) {
            throw new IllegalArgumentException(
                    "model '" + model.name() + "' has no position actuators to drive");
        }
        this.actuators = act.stream().mapToInt(Integer::intValue).toArray();
        this.joints = List.copyOf(desc);
        List<Integer> free = new ArrayList<>();
        for (int j = 0; j < model.njnt; j++) {
            if (model.jntType[j] == JointType.FREE && collides(model.jntBody[j])) {
                free.add(model.jntBody[j]);
            }
        }
        this.freeBodies = free.stream().mapToInt(Integer::intValue).toArray();
        this.qpos = new double[model.nq];
        this.qvel = new double[model.nv];
        this.forces = new double[model.nu];
        this.ctrl = new double[model.nu];
        this.poses = new double[7 * model.nbody];
        holdHere();
    }

    /**
     * Whether any geom of the body can touch something. Free bodies without one are goal markers
     * (the block's target pose), not objects: they fall through everything and are not reported.
     */
    private boolean collides(int body) {
        for (int g = 0; g < model.ngeom; g++) {
            if (model.geomBody[g] == body
                    && (model.geomContype[g] != 0 || model.geomConaffinity[g] != 0)) {
                return true;
            }
        }
        return false;
    }

    private JointDescription describe(int u) {
        String name = model.actuatorNames().get(u);
        if (name == null || name.isBlank()) {
            name = "actuator" + u;
        }
        double lo, hi;
        if (model.actCtrlLimited[u]) {
            lo = model.actCtrlRange[2 * u];
            hi = model.actCtrlRange[2 * u + 1];
        } else if (!model.actOnTendon[u] && model.jntLimited[model.actTarget[u]]) {
            lo = model.actGear[u] * model.jntRange[2 * model.actTarget[u]];
            hi = model.actGear[u] * model.jntRange[2 * model.actTarget[u] + 1];
        } else {
            // An unbounded actuator would make the JointDescription invalid; one turn is generous.
            lo = -Math.PI;
            hi = Math.PI;
        }
        double maxEffort =
                model.actForceLimited[u]
                        ? Math.max(
                                Math.abs(model.actForceRange[2 * u]),
                                Math.abs(model.actForceRange[2 * u + 1]))
                        : Double.POSITIVE_INFINITY;
        if (!(maxEffort > 0)) {
            maxEffort = Double.POSITIVE_INFINITY;
        }
        return new JointDescription(
                name,
                Math.min(lo, hi),
                Math.max(lo, hi),
                Double.POSITIVE_INFINITY,
                maxEffort,
                "Nm",
                EnumSet.of(DriverCommandMode.POSITION));
    }

    /** Simulation timestep in seconds. */
    public double timestepSeconds() {
        return model.timestepSeconds;
    }

    /** Advances {@code count} timesteps unless the world has diverged; returns false if it has. */
    public synchronized boolean advance(int count) {
        if (fault != null) {
            return false;
        }
        try {
            world.step(count);
            steps += count;
            return true;
        } catch (IllegalStateException e) {
            fault = "simulation diverged at t = " + world.timeSeconds() + " s: " + e.getMessage();
            return false;
        }
    }

    /**
     * For the stepping thread, between timesteps and not holding the lock: while a caller waits for
     * the lock, give up the processor (at most {@code maxNanos} in all) until it has it. Java's
     * monitors let the releasing thread take the lock straight back; without this a stepper
     * catching up would hold the loop for the whole batch. Yielding rather than spinning leaves the
     * core to the caller on a machine with fewer cores than busy threads.
     */
    void letWaitingLoopIn(long maxNanos) {
        if (callsWaiting.get() == 0) {
            return;
        }
        long end = System.nanoTime() + maxNanos;
        while (callsWaiting.get() > 0 && System.nanoTime() - end < 0) {
            Thread.yield();
        }
    }

    /** Simulated seconds since the last reset. */
    public double timeSeconds() {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            return world.timeSeconds();
        }
    }

    /** Timesteps taken since construction (resets do not clear it). */
    public long stepCount() {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            return steps;
        }
    }

    /**
     * Places a mocap body (MJCF {@code mocap="true"}) at a world pose; it moves the bodies welded
     * or connected to it through their equality constraints from the next step on.
     *
     * @throws IllegalArgumentException naming the body when it is unknown or not a mocap body, or
     *     the field when the pose is malformed
     */
    public void setMocapPose(String body, double[] posM, double[] quat) {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            world.setMocapPose(body, posM, quat);
        }
    }

    /** Back to the model's initial state, holding the initial joint positions, torque on. */
    public void reset() {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            world.reset();
            fault = null;
            enableTorque();
            holdHere();
            // The joints were moved without motion: the next reading is no reading, so the
            // control loop restarts its targets from the reset pose instead of driving the hand
            // back to where it was.
            teleported = true;
        }
    }

    /**
     * While frozen (real-time stepping paused) the joints are not measured: readings are NaN with
     * {@link #ERROR_NO_REPLY}, so the control loop holds and, on resume, restarts its targets from
     * where the joints are instead of from where its commands went meanwhile.
     */
    public void freeze(boolean on) {
        frozen = on;
    }

    /** Copies the full generalised state, for inspection and tests. */
    public void readFullState(double[] qposOut, double[] qvelOut) {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            world.readState(qposOut, qvelOut);
        }
    }

    @Override
    public List<JointDescription> joints() {
        return joints;
    }

    @Override
    public long readState(
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags) {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            return readStateLocked(
                    positionRad, velocityRadPerSec, effort, temperatureDegC, errorFlags);
        }
    }

    private long readStateLocked(
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags) {
        int n = actuators.length;
        requireLength("positionRad", positionRad.length, n);
        requireLength("velocityRadPerSec", velocityRadPerSec.length, n);
        requireLength("effort", effort.length, n);
        requireLength("temperatureDegC", temperatureDegC.length, n);
        requireLength("errorFlags", errorFlags.length, n);
        if (frozen || teleported) {
            teleported = false;
            java.util.Arrays.fill(positionRad, Double.NaN);
            java.util.Arrays.fill(velocityRadPerSec, Double.NaN);
            java.util.Arrays.fill(effort, Double.NaN);
            java.util.Arrays.fill(temperatureDegC, Double.NaN);
            java.util.Arrays.fill(errorFlags, ERROR_NO_REPLY);
            return nanoClock.getAsLong();
        }
        world.readState(qpos, qvel);
        world.readActuatorForces(forces);
        for (int i = 0; i < n; i++) {
            int u = actuators[i];
            positionRad[i] = length(u, qpos, true);
            velocityRadPerSec[i] = length(u, qvel, false);
            effort[i] = forces[u];
            temperatureDegC[i] = ambientTemperatureDegC;
            errorFlags[i] = limp ? ERROR_TORQUE_LOST : 0;
        }
        return nanoClock.getAsLong();
    }

    /**
     * Actuator length (or its rate) from qpos (or qvel): fixed tendons are linear in the joints.
     */
    private double length(int u, double[] q, boolean positions) {
        int target = model.actTarget[u];
        double sum;
        if (model.actOnTendon[u]) {
            sum = 0;
            for (int a = model.tendonAdr[target];
                    a < model.tendonAdr[target] + model.tendonNum[target];
                    a++) {
                int j = model.tendonJoint[a];
                sum +=
                        model.tendonCoef[a]
                                * q[positions ? model.jntQposAdr[j] : model.jntDofAdr[j]];
            }
        } else {
            sum = q[positions ? model.jntQposAdr[target] : model.jntDofAdr[target]];
        }
        return model.actGear[u] * sum;
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            writeLocked(mode, values, effortLimit);
        }
    }

    private void writeLocked(DriverCommandMode mode, double[] values, double[] effortLimit) {
        if (mode != DriverCommandMode.POSITION) {
            throw new IllegalArgumentException(
                    "mode = "
                            + mode
                            + "; allowed: POSITION (the simulator has position actuators)");
        }
        requireLength("values", values.length, actuators.length);
        requireLength("effortLimit", effortLimit.length, actuators.length);
        for (int i = 0; i < values.length; i++) {
            JointDescription j = joints.get(i);
            double v = values[i];
            if (!(v >= j.minPositionRad() && v <= j.maxPositionRad())) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "values[%d] (joint '%s') = %s rad; allowed: [%s, %s]",
                                i,
                                j.name(),
                                v,
                                j.minPositionRad(),
                                j.maxPositionRad()));
            }
        }
        for (int i = 0; i < values.length; i++) {
            ctrl[actuators[i]] = values[i];
        }
        enableTorque();
        world.setControls(ctrl);
    }

    @Override
    public void hold() {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            holdLocked();
        }
    }

    private void holdLocked() {
        enableTorque();
        holdHere();
    }

    @Override
    public void torqueOff() {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            torqueOffLocked();
        }
    }

    private void torqueOffLocked() {
        if (!limp) {
            // Zero stiffness leaves the actuator's damping: the joint goes limp, as a servo does.
            for (int u : actuators) {
                world.randomization().setActuatorGain(u, 0);
            }
            limp = true;
        }
    }

    private void enableTorque() {
        if (limp) {
            for (int u : actuators) {
                world.randomization().setActuatorGain(u, model.actGain[u]);
            }
            limp = false;
        }
    }

    private void holdHere() {
        world.readState(qpos, qvel);
        for (int u : actuators) {
            double v = length(u, qpos, true);
            if (model.actCtrlLimited[u]) {
                v = Math.min(Math.max(v, model.actCtrlRange[2 * u]), model.actCtrlRange[2 * u + 1]);
            }
            ctrl[u] = v;
        }
        world.setControls(ctrl);
    }

    @Override
    public DriverHealth health() {
        String f = fault; // not synchronized: a health check never waits for a step
        if (f != null) {
            return new DriverHealth(HealthState.FAULT, f);
        }
        return frozen
                ? new DriverHealth(
                        HealthState.DEGRADED, "simulation paused: no measurements until it resumes")
                : DriverHealth.ok();
    }

    /**
     * Every body's world pose now (7 entries per body, as {@link World#readBodyPoses}), read under
     * the lock so that the stepping thread never changes them half-way.
     *
     * @return the simulated time of the poses
     */
    public double readBodyPoses(double[] out) {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            world.readBodyPoses(out);
            return world.timeSeconds();
        }
    }

    /** Ground truth of every colliding free body (the manipulated objects) now. */
    public ObjectPoses objectPoses() {
        callsWaiting.incrementAndGet();
        synchronized (this) {
            callsWaiting.decrementAndGet();
            world.readBodyPoses(poses);
            List<ObjectPoses.Pose> objects = new ArrayList<>(freeBodies.length);
            for (int b : freeBodies) {
                objects.add(
                        new ObjectPoses.Pose(
                                model.bodyNames().get(b),
                                Arrays.copyOfRange(poses, 7 * b, 7 * b + 3),
                                Arrays.copyOfRange(poses, 7 * b + 3, 7 * b + 7)));
            }
            return new ObjectPoses(world.timeSeconds(), objects);
        }
    }

    private static void requireLength(String field, int actual, int expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(
                    field + ".length = " + actual + "; allowed: " + expected + " (joint count)");
        }
    }
}
