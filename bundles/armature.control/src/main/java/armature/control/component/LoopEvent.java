package armature.control.component;

import armature.control.api.ControlEventType;

/**
 * The loop's own event types on the events topic, besides the supervisor's ({@code
 * SafetyEvent.Type}); together they are {@link ControlEventType}, which a test keeps equal.
 */
enum LoopEvent {
    /** A driver was bound; a new epoch begins. */
    DRIVER_ATTACHED,
    /** The driver went away; the loop holds without one. */
    DRIVER_DETACHED,
    /** A driver was not taken (limits, position, or its epoch could not be saved). */
    DRIVER_REFUSED,
    /** A driver call failed or returned unusable values; repeated at most once a second. */
    DRIVER_PROBLEM,
    /** The driver's own health changed. */
    DRIVER_HEALTH,
    /** Bytes on a command topic that are not a command frame, or an invalid sender level. */
    COMMAND_FRAME_MALFORMED,
    /** An e-stop request that is not {"action": ...} with a known action. */
    ESTOP_REQUEST_MALFORMED,
    /** A state file (e-stop, epoch, wear) could not be read; field {@code file} names it. */
    STATE_FILE_UNREADABLE,
    /** A state file could not be written; field {@code file} names it. */
    STATE_FILE_NOT_SAVED;

    /** The wire type. */
    ControlEventType type() {
        return ControlEventType.valueOf(name());
    }
}
