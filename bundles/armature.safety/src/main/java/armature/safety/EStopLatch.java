package armature.safety;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The e-stop latch: CLEAR -> LATCHED on any trip; LATCHED -> ACKNOWLEDGED on acknowledge;
 * ACKNOWLEDGED -> CLEAR on reset, only when no source is still asserted. A new trip while
 * acknowledged latches again. Each step returns its event.
 */
final class EStopLatch {
    private EStopState state = EStopState.CLEAR;
    private final Set<String> asserted = new LinkedHashSet<>();

    EStopState state() {
        return state;
    }

    boolean latched() {
        return state != EStopState.CLEAR;
    }

    /** A source asserts (holds) the e-stop; {@code held} = false for a momentary trip. */
    SafetyEvent trip(long now, String source, boolean held) {
        boolean newlyAsserted = held && asserted.add(source);
        if (state == EStopState.LATCHED) {
            return event(
                    now,
                    SafetyEvent.Type.ESTOP_SOURCE_ASSERTED,
                    source,
                    "e-stop source '"
                            + source
                            + "' "
                            + (newlyAsserted ? "asserted" : "tripped")
                            + " while already latched");
        }
        state = EStopState.LATCHED;
        return event(
                now, SafetyEvent.Type.ESTOP_LATCHED, source, "e-stop latched by '" + source + "'");
    }

    SafetyEvent release(long now, String source) {
        boolean was = asserted.remove(source);
        return event(
                now,
                SafetyEvent.Type.ESTOP_SOURCE_RELEASED,
                source,
                "e-stop source '"
                        + source
                        + "' "
                        + (was ? "released" : "was not asserted")
                        + "; the latch stays "
                        + state
                        + (latched() ? " until acknowledged and reset" : ""));
    }

    SafetyEvent acknowledge(long now) {
        if (state != EStopState.LATCHED) {
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.ESTOP_ACKNOWLEDGE_REFUSED,
                    "eStopState",
                    Double.NaN,
                    "LATCHED",
                    "e-stop acknowledge refused: state is "
                            + state
                            + ", allowed only when LATCHED");
        }
        state = EStopState.ACKNOWLEDGED;
        return event(
                now,
                SafetyEvent.Type.ESTOP_ACKNOWLEDGED,
                null,
                "e-stop acknowledged; reset when no source is asserted");
    }

    SafetyEvent reset(long now) {
        if (state != EStopState.ACKNOWLEDGED) {
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.ESTOP_RESET_REFUSED,
                    "eStopState",
                    Double.NaN,
                    "ACKNOWLEDGED",
                    "e-stop reset refused: state is "
                            + state
                            + ", allowed only when ACKNOWLEDGED (acknowledge first)");
        }
        if (!asserted.isEmpty()) {
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.ESTOP_RESET_REFUSED,
                    "eStopSources",
                    Double.NaN,
                    "no source asserted",
                    "e-stop reset refused: still asserted by " + asserted);
        }
        state = EStopState.CLEAR;
        return event(
                now,
                SafetyEvent.Type.ESTOP_RESET,
                null,
                "e-stop reset; motion resumes only with a fresh command after re-reading"
                        + " measured state");
    }

    Set<String> assertedSources() {
        return Set.copyOf(asserted);
    }

    private static SafetyEvent event(long now, SafetyEvent.Type type, String field, String msg) {
        return new SafetyEvent(now, type, field, Double.NaN, null, msg);
    }
}
