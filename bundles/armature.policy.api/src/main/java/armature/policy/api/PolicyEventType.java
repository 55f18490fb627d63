package armature.policy.api;

/** The {@code type} of a runtime component's events (docs/policy.md explains each). */
public enum PolicyEventType {
    /** The policy was created and the component starts acting. */
    POLICY_STARTED,
    /** An observation slot has had no message yet; no action. */
    OBSERVATION_MISSING,
    /** An observation slot's newest message is older than allowed; no action. */
    OBSERVATION_STALE,
    /** An observation message could not be read into its slot (wrong field, size, not finite). */
    OBSERVATION_INVALID,
    /** Every observation is fresh again; acting resumes. */
    OBSERVATIONS_FRESH,
    /** Another sender (an operator) commanded the loop; paused until resumed. */
    PAUSED_OPERATOR_COMMAND,
    /** The loop's e-stop is not CLEAR; paused until resumed. */
    PAUSED_ESTOP,
    /** An operator asked for a hold; paused until resumed. */
    PAUSED_HOLD,
    /** An operator's resume request was accepted; a new episode begins. */
    RESUMED,
    /** A resume request was refused (e-stop not CLEAR, or an operator stream still active). */
    RESUME_REFUSED,
    /** Recurrent state reset (episode start: a reset request, a simulator reset, a resume). */
    STATE_RESET,
    /** A request that is not {@code {"action": "hold"|"resume"|"reset"}}. */
    REQUEST_MALFORMED,
    /** The policy's action had a NaN or infinite value; nothing was published this tick. */
    ACTION_INVALID,
    /** The policy threw; the component stops acting. */
    POLICY_FAILED,
    /** A new source or new settings replaced the running policy between two ticks. */
    POLICY_SWAPPED,
    /**
     * A new source or new settings could not replace the running policy: it could not be loaded
     * (the running policy stays), or it reads or writes something else (the policy restarts).
     */
    SWAP_FAILED,
    /** A shadow policy was set (or replaced) beside the active one; its actions are compared. */
    SHADOW_STARTED,
    /** The shadow policy was removed (or promoted). */
    SHADOW_STOPPED,
    /** A shadow policy could not be loaded or threw; the active policy is unaffected. */
    SHADOW_FAILED
}
