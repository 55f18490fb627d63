package armature.physics.model;

/** Actuator dynamics. */
public enum ActuatorType {
    /** Force = gain * ctrl (MJCF {@code motor}). */
    MOTOR,
    /** Force = kp * (ctrl - length) - kv * lengthRate (MJCF {@code position}). */
    POSITION
}
