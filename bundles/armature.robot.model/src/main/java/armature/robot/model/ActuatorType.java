package armature.robot.model;

/** Actuator shortcuts as written in MJCF; all are also given in the uniform gain/bias form. */
public enum ActuatorType {
    /** Direct force/torque: gain 1, no bias. */
    MOTOR,
    /** Position servo: gain kp, bias {0, -kp, -kv}. */
    POSITION,
    /** Velocity servo: gain kv, bias {0, 0, -kv}. */
    VELOCITY,
    /** General actuator with explicit gain and bias parameters. */
    GENERAL
}
