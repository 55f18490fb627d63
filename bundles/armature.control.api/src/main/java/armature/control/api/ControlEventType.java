package armature.control.api;

/**
 * Every {@code type} a document on {@link LoopTopics#events()} can have: the safety supervisor's
 * events and the loop's own. A test keeps this list equal to the supervisor's event types plus the
 * loop's, and {@code docs/asyncapi.yaml} lists the same enum.
 */
public enum ControlEventType {
    // The supervisor's (armature.safety.SafetyEvent.Type)
    COMMAND_REJECTED,
    COMMAND_WRONG_EPOCH,
    COMMAND_DUPLICATE,
    COMMAND_EXPIRED,
    COMMAND_REFUSED_ESTOP,
    COMMAND_REFUSED_AWAITING_RESYNC,
    COMMAND_SEQUENCE_JUMP,
    COMMAND_REFUSED_SENDER_LIMIT,
    ENTERED_ACTIVE,
    ENTERED_HOLDING,
    ENTERED_SAFE_STATE,
    RESYNCED,
    EPOCH_BEGUN,
    MEASURED_STATE_INVALID,
    MEASURED_STATE_VALID,
    ESTOP_LATCHED,
    ESTOP_SOURCE_ASSERTED,
    ESTOP_SOURCE_RELEASED,
    ESTOP_ACKNOWLEDGED,
    ESTOP_ACKNOWLEDGE_REFUSED,
    ESTOP_RESET,
    ESTOP_RESET_REFUSED,
    ESTOP_RESTORED,
    THERMAL_WARNING,
    THERMAL_LIMIT,
    THERMAL_NORMAL,
    CLOCK_NOT_MONOTONIC,
    VELOCITY_SCALE_BAND,
    UNCERTAINTY_MISSING,
    COMMAND_REFUSED_SENSOR_HOLD,
    SENSOR_LIMIT_EXCEEDED,
    SENSOR_LIMIT_CLEARED,
    SENSOR_STALE,
    // The loop's
    DRIVER_ATTACHED,
    DRIVER_DETACHED,
    DRIVER_REFUSED,
    DRIVER_PROBLEM,
    DRIVER_HEALTH,
    COMMAND_FRAME_MALFORMED,
    ESTOP_REQUEST_MALFORMED,
    STATE_FILE_UNREADABLE,
    STATE_FILE_NOT_SAVED
}
