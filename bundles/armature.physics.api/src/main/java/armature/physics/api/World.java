package armature.physics.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One simulated world. Not thread-safe: a world is stepped and read by one thread at a time.
 * Methods that fill caller arrays do not allocate, so a control loop can run without garbage. Every
 * array argument is validated: wrong lengths, NaN and infinities are rejected with an {@link
 * IllegalArgumentException} that names the argument.
 */
@ProviderType
public interface World {

    /** The model this world simulates. */
    PhysicsModel model();

    /**
     * Sets the control vector used by the following steps (position targets for position actuators,
     * forces for motors, in actuator order). Values are clamped to each actuator's control range by
     * the engine.
     */
    void setControls(double[] controls);

    /**
     * Advances the simulation by {@code steps} timesteps ({@code steps >= 0}).
     *
     * @throws IllegalStateException if the state became non-finite (the simulation diverged); the
     *     message names the joint. The world keeps the diverged state until reset.
     */
    void step(int steps);

    /** Simulated time in seconds since the last reset. */
    double timeSeconds();

    /** Copies generalised positions and velocities into the caller's arrays. */
    void readState(double[] qpos, double[] qvel);

    /**
     * Replaces the full state. Quaternions in {@code qpos} are normalised; a zero quaternion is
     * rejected.
     */
    void writeState(double[] qpos, double[] qvel, double timeSeconds);

    /** Resets to qpos0, zero velocity, zero controls and time zero. Overrides are kept. */
    void reset();

    /** Resets to the keyframe's state (time zero, zero controls). Overrides are kept. */
    void resetToKeyframe(int keyframe);

    /**
     * Writes every body's world pose into {@code poses}, 7 entries per body (x, y, z in metres,
     * then quaternion w, x, y, z), body 0 first.
     */
    void readBodyPoses(double[] poses);

    /**
     * Moves a mocap body (MJCF {@code mocap="true"}): a body without joints whose pose is set from
     * outside, as MuJoCo's {@code mocap_pos}/{@code mocap_quat}; equality constraints welding or
     * connecting other bodies to it pull them along from the next step. {@link #reset()} puts it
     * back at its pose in the model.
     *
     * @param body index of a mocap body in {@link PhysicsModel#bodyNames()}
     * @param posM world position, 3 entries, metres
     * @param quat world orientation, 4 entries (w, x, y, z), normalised here; zero is rejected
     * @throws IllegalArgumentException when the body is not a mocap body or an array is invalid
     */
    void setMocapPose(int body, double[] posM, double[] quat);

    /**
     * {@link #setMocapPose(int, double[], double[])} by body name.
     *
     * @throws IllegalArgumentException when no body has that name
     */
    default void setMocapPose(String body, double[] posM, double[] quat) {
        int index = model().bodyNames().indexOf(body);
        if (index < 0) {
            throw new IllegalArgumentException("no body named '" + body + "'");
        }
        setMocapPose(index, posM, quat);
    }

    /** Writes every site's world position into {@code positionsM}, 3 entries per site. */
    void readSitePositions(double[] positionsM);

    /** Writes the scalar force (or torque) each actuator produced in the last step. */
    void readActuatorForces(double[] forces);

    /** Number of contacts found in the last step. */
    int contactCount();

    /** The contacts of the last step. Allocates; meant for inspection, not for the hot loop. */
    List<ContactPoint> contacts();

    /** Per-world parameter overrides for domain randomization. */
    Randomization randomization();

    /**
     * Domain-randomization overrides. They start at the model's values, survive {@link #reset()},
     * and apply from the next step.
     */
    @ProviderType
    interface Randomization {

        /**
         * Sets a body's mass. The rotational inertia is scaled by the same factor so the body's
         * density distribution is kept.
         *
         * @param massKg positive, finite
         */
        void setBodyMassKg(int body, double massKg);

        /** Sets a geom's sliding, torsional and rolling friction coefficients (all >= 0). */
        void setGeomFriction(int geom, double sliding, double torsional, double rolling);

        /** Sets the viscous damping of every degree of freedom of a joint (>= 0). */
        void setJointDamping(int joint, double damping);

        /** Sets an actuator's gain: kp for position actuators, force scale for motors (>= 0). */
        void setActuatorGain(int actuator, double gain);

        /** Sets the gravity vector in m/s^2. */
        void setGravity(double xMPerS2, double yMPerS2, double zMPerS2);

        /** Restores every override to the model's value. */
        void clear();
    }
}
