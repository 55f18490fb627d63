package armature.safety;

/**
 * E-stop latch. Once latched, only {@link SafetySupervisor#acknowledgeEStop} followed by {@link
 * SafetySupervisor#resetEStop} (with no source still asserted) clears it.
 */
public enum EStopState {
    CLEAR,
    /** Tripped; outputs are the safe state. */
    LATCHED,
    /** An operator acknowledged the trip; outputs stay safe until a reset. */
    ACKNOWLEDGED
}
