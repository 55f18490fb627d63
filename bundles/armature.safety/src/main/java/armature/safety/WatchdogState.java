package armature.safety;

/**
 * Command watchdog states. The allowed transitions are the table in {@link #canGoTo}; the
 * supervisor never takes any other.
 *
 * <pre>
 * ACTIVE --no fresh command within holdTimeout / command expired / invalid command--> HOLDING
 * HOLDING --fresh valid command (measured state re-synced if required)--> ACTIVE
 * HOLDING --safeStateTimeout in HOLDING--> SAFE_STATE
 * any --e-stop--> SAFE_STATE
 * SAFE_STATE --fresh valid command, e-stop clear, measured state re-read this tick--> ACTIVE
 * </pre>
 */
public enum WatchdogState {
    /** Following the last applied command. */
    ACTIVE,
    /** Braking to a stop and holding the last safe position. */
    HOLDING,
    /** Configured {@link SafeStateAction}; leaving it needs a fresh measured state. */
    SAFE_STATE;

    /** Whether the state machine allows a transition from this state to {@code next}. */
    public boolean canGoTo(WatchdogState next) {
        return switch (this) {
            case ACTIVE -> next == HOLDING || next == SAFE_STATE;
            case HOLDING -> next == ACTIVE || next == SAFE_STATE;
            case SAFE_STATE -> next == ACTIVE;
        };
    }
}
