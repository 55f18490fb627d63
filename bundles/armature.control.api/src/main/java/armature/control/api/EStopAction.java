package armature.control.api;

import java.util.Locale;

/**
 * E-stop actions: the JSON {@code {"action": "..."}} of {@link LoopTopics#eStopRequest(String)}.
 * Only {@link #TRIP} may also arrive on {@link LoopTopics#eStopTrip(String)}, from any
 * authenticated client; the others need an operator. The source recorded for an action is the
 * sender level of the topic it came on, never a field of the payload.
 */
public enum EStopAction {
    /** Latches the e-stop. */
    TRIP,
    /** Latches and holds it until the same sender releases it. */
    ASSERT,
    /** Ends the sender's assertion; the latch stays until acknowledged and reset. */
    RELEASE,
    /** An operator saw the trip: LATCHED to ACKNOWLEDGED. */
    ACKNOWLEDGE,
    /** ACKNOWLEDGED to CLEAR when no source is asserted. */
    RESET;

    /** The JSON value, e.g. {@code trip}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a JSON value.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static EStopAction parse(String s) {
        for (EStopAction a : values()) {
            if (a.wireName().equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "action = '" + s + "'; allowed: trip, assert, release, acknowledge, reset");
    }
}
