package armature.safety;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The e-stop latch: CLEAR -> LATCHED on any trip; LATCHED -> ACKNOWLEDGED on acknowledge;
 * ACKNOWLEDGED -> CLEAR on reset, only when no source is still asserted. A new trip while
 * acknowledged latches again. Each step returns its event; {@link #changes()} counts the steps that
 * changed state or asserted sources, so the caller knows when to persist.
 */
final class EStopLatch {
    /** Longest trip reason kept in an event; the rest is cut (it comes from the bus). */
    static final int MAX_REASON_CHARS = 200;

    private EStopState state;
    private final Set<String> asserted = new LinkedHashSet<>();
    private long changes;

    EStopLatch(EStopSnapshot initial) {
        state = initial.state();
        asserted.addAll(initial.assertedSources());
    }

    EStopState state() {
        return state;
    }

    boolean latched() {
        return state != EStopState.CLEAR;
    }

    long changes() {
        return changes;
    }

    EStopSnapshot snapshot() {
        return new EStopSnapshot(state, List.copyOf(asserted));
    }

    /**
     * A source trips or asserts (holds) the e-stop.
     *
     * @param held false for a momentary trip
     * @param reason what the source said, or {@code null}
     */
    SafetyEvent trip(long now, String source, boolean held, String reason) {
        boolean newlyAsserted = held && asserted.add(source);
        String why = reason == null || reason.isBlank() ? "" : " (reason: " + cut(reason) + ")";
        if (newlyAsserted) {
            changes++;
        }
        if (state == EStopState.LATCHED) {
            return event(
                    now,
                    SafetyEvent.Type.ESTOP_SOURCE_ASSERTED,
                    source,
                    "e-stop source '"
                            + source
                            + "' "
                            + (newlyAsserted ? "asserted" : "tripped")
                            + " while already latched"
                            + why);
        }
        state = EStopState.LATCHED;
        changes++;
        return event(
                now,
                SafetyEvent.Type.ESTOP_LATCHED,
                source,
                "e-stop latched by '" + source + "'" + why);
    }

    private static String cut(String reason) {
        String oneLine = reason.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() <= MAX_REASON_CHARS
                ? oneLine
                : oneLine.substring(0, MAX_REASON_CHARS) + "...";
    }

    SafetyEvent release(long now, String source) {
        boolean was = asserted.remove(source);
        if (was) {
            changes++;
        }
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

    SafetyEvent acknowledge(long now, String by) {
        if (state != EStopState.LATCHED) {
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.ESTOP_ACKNOWLEDGE_REFUSED,
                    "eStopState",
                    Double.NaN,
                    "LATCHED",
                    "e-stop acknowledge by '"
                            + by
                            + "' refused: state is "
                            + state
                            + ", allowed only when LATCHED");
        }
        state = EStopState.ACKNOWLEDGED;
        changes++;
        return event(
                now,
                SafetyEvent.Type.ESTOP_ACKNOWLEDGED,
                by,
                "e-stop acknowledged by '" + by + "'; reset when no source is asserted");
    }

    SafetyEvent reset(long now, String by) {
        if (state != EStopState.ACKNOWLEDGED) {
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.ESTOP_RESET_REFUSED,
                    "eStopState",
                    Double.NaN,
                    "ACKNOWLEDGED",
                    "e-stop reset by '"
                            + by
                            + "' refused: state is "
                            + state
                            + (state == EStopState.CLEAR
                                    ? ": there is nothing to reset"
                                    : ", allowed only when ACKNOWLEDGED (acknowledge first)"));
        }
        if (!asserted.isEmpty()) {
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.ESTOP_RESET_REFUSED,
                    "eStopSources",
                    Double.NaN,
                    "no source asserted",
                    "e-stop reset by '" + by + "' refused: still asserted by " + asserted);
        }
        state = EStopState.CLEAR;
        changes++;
        return event(
                now,
                SafetyEvent.Type.ESTOP_RESET,
                by,
                "e-stop reset by '"
                        + by
                        + "'; motion resumes only with a fresh command after re-reading"
                        + " measured state");
    }

    Set<String> assertedSources() {
        return Set.copyOf(asserted);
    }

    private static SafetyEvent event(long now, SafetyEvent.Type type, String field, String msg) {
        return new SafetyEvent(now, type, field, Double.NaN, null, msg);
    }
}
