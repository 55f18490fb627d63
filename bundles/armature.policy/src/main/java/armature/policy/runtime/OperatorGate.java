package armature.policy.runtime;

import armature.policy.api.PolicyEventType;

/**
 * The operator comes first: decides whether the policy may act. A command from any other sender on
 * the loop, an operator's hold request or an e-stop that is not CLEAR pauses the policy, and only a
 * resume request ends the pause, and only while the e-stop is CLEAR and no other sender has
 * commanded the loop for {@code quietNanos}. Called from bus threads and the policy thread:
 * synchronized.
 */
public final class OperatorGate {
    /** A change worth an event; {@code field} is the sender or e-stop state involved. */
    public record Change(PolicyEventType type, String field, String message) {}

    /** The e-stop state that lets a policy act. */
    public static final String ESTOP_CLEAR = "CLEAR";

    private final long quietNanos;
    private boolean paused;
    private String pausedBecause;
    private String eStopState; // null until the loop's retained document arrived
    private long lastForeignNanos;
    private String lastForeignSender;

    /**
     * @param quietNanos how long other senders must have been silent before a resume is taken
     */
    public OperatorGate(long quietNanos) {
        this.quietNanos = quietNanos;
    }

    /** A command frame from {@code sender} (not this policy) arrived on the loop. */
    public synchronized Change foreignCommand(String sender, long nowNanos) {
        lastForeignNanos = nowNanos;
        lastForeignSender = sender;
        if (paused) {
            return null;
        }
        return pause(
                PolicyEventType.PAUSED_OPERATOR_COMMAND,
                sender,
                "'" + sender + "' commanded the loop; the policy publishes nothing until resumed");
    }

    /** The loop's e-stop state changed (the retained document). */
    public synchronized Change eStop(String state) {
        eStopState = state;
        if (ESTOP_CLEAR.equals(state) || paused) {
            return null;
        }
        return pause(
                PolicyEventType.PAUSED_ESTOP,
                state,
                "the e-stop is " + state + "; the policy publishes nothing until resumed");
    }

    /** An operator asked for a hold. */
    public synchronized Change hold(String sender) {
        if (paused) {
            return null;
        }
        return pause(
                PolicyEventType.PAUSED_HOLD,
                sender,
                "'" + sender + "' asked for a hold; the policy publishes nothing until resumed");
    }

    /**
     * An operator asked to resume.
     *
     * @return RESUMED (the caller starts a new episode), RESUME_REFUSED with the reason, or null
     *     when the policy was not paused
     */
    public synchronized Change resume(String sender, long nowNanos) {
        if (!paused) {
            return null;
        }
        if (!ESTOP_CLEAR.equals(eStopState)) {
            return new Change(
                    PolicyEventType.RESUME_REFUSED,
                    sender,
                    "resume by '"
                            + sender
                            + "' refused: the e-stop is "
                            + eStopState
                            + "; allowed only while CLEAR");
        }
        if (lastForeignSender != null && nowNanos - lastForeignNanos < quietNanos) {
            return new Change(
                    PolicyEventType.RESUME_REFUSED,
                    sender,
                    String.format(
                            "resume by '%s' refused: '%s' commanded the loop %.0f ms ago;"
                                    + " allowed after %.0f ms without other commands",
                            sender,
                            lastForeignSender,
                            (nowNanos - lastForeignNanos) / 1e6,
                            quietNanos / 1e6));
        }
        paused = false;
        pausedBecause = null;
        return new Change(
                PolicyEventType.RESUMED,
                sender,
                "resumed by '" + sender + "'; a new episode begins");
    }

    /** Null when the policy may act, else why not (paused, or the e-stop state not known yet). */
    public synchronized String blocked() {
        if (paused) {
            return pausedBecause;
        }
        if (eStopState == null) {
            return "waiting for the loop's e-stop state";
        }
        return null;
    }

    /** Whether a pause is in force (only a resume ends it). */
    public synchronized boolean paused() {
        return paused;
    }

    private Change pause(PolicyEventType type, String field, String message) {
        paused = true;
        pausedBecause = message;
        return new Change(type, field, message);
    }
}
