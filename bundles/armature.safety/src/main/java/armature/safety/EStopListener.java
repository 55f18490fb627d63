package armature.safety;

/**
 * Told about every change of the e-stop latch (state or asserted sources), in order, so the caller
 * can persist it. Called with the supervisor's lock held, possibly on the control loop's thread of
 * an operator's request: hand the snapshot to another thread, never block or call back.
 */
@FunctionalInterface
public interface EStopListener {
    /** The latch as it is now. */
    void changed(EStopSnapshot now);

    /** A listener that ignores every change. */
    EStopListener NONE = s -> {};
}
