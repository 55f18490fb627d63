package armature.safety;

import java.util.List;
import java.util.Objects;

/**
 * The e-stop latch at one moment: what is persisted so that a restarted loop comes back exactly as
 * latched as it went down.
 *
 * @param state the latch state
 * @param assertedSources sources holding the e-stop asserted, in the order they asserted it; a
 *     reset is refused while any is left
 */
public record EStopSnapshot(EStopState state, List<String> assertedSources) {
    /** Clear, nothing asserted. */
    public static final EStopSnapshot CLEAR = new EStopSnapshot(EStopState.CLEAR, List.of());

    /** Latched, nothing asserted: what an unreadable persisted state restores (fail safe). */
    public static final EStopSnapshot LATCHED = new EStopSnapshot(EStopState.LATCHED, List.of());

    public EStopSnapshot {
        Objects.requireNonNull(state, "state");
        assertedSources = List.copyOf(assertedSources);
        if (state == EStopState.CLEAR && !assertedSources.isEmpty()) {
            throw new IllegalArgumentException(
                    "assertedSources = "
                            + assertedSources
                            + " with state CLEAR; allowed: none (an asserted source latches)");
        }
    }
}
