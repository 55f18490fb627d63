package armature.policy.api;

/**
 * What a policy's action values are; the runtime sends them with the matching command mode of the
 * control loop.
 */
public enum ActionMode {
    /** Target positions [rad]. */
    POSITION,
    /** Target velocities [rad/s]. */
    VELOCITY,
    /** Target efforts, in the loop's effort unit. */
    EFFORT
}
