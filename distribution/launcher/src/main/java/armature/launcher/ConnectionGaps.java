package armature.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The recorder's view of its broker connection: when it was lost and when it came back, each
 * interval a gap in the recording (nothing published meanwhile reaches the file). Fed by polling
 * the bus's state from the recording thread; times are the recording's log times (ns since the Unix
 * epoch).
 */
final class ConnectionGaps {
    /** An interval without a connection, and what the bus last said about it. */
    record Gap(long fromNs, long toNs, String reason) {
        double seconds() {
            return (toNs - fromNs) / 1e9;
        }
    }

    /** What changed at one observation. */
    sealed interface Change permits Lost, Back {}

    /** The connection was lost at {@code atNs}. */
    record Lost(long atNs, String reason) implements Change {}

    /** It is back (or the recording ended without it): the gap is closed. */
    record Back(Gap gap) implements Change {}

    private final List<Gap> gaps = new ArrayList<>();
    private long lostAtNs;
    private String reason;
    private boolean lost;

    /**
     * @param connected whether the bus is connected now
     * @param lastError what the bus last said went wrong, or null
     * @param nowNs the log time now
     * @return what changed since the last observation, or null
     */
    Change observe(boolean connected, String lastError, long nowNs) {
        if (!connected && !lost) {
            lost = true;
            lostAtNs = nowNs;
            reason = lastError == null || lastError.isBlank() ? "connection lost" : lastError;
            return new Lost(nowNs, reason);
        }
        if (connected && lost) {
            return close(nowNs);
        }
        return null;
    }

    /** At the end of the recording: an open gap ends here; null when there is none. */
    Back end(long nowNs) {
        return lost ? close(nowNs) : null;
    }

    private Back close(long nowNs) {
        lost = false;
        Gap g = new Gap(lostAtNs, nowNs, reason);
        gaps.add(g);
        return new Back(g);
    }

    List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    /** Seconds without a connection, all gaps together. */
    double seconds() {
        return gaps.stream().mapToDouble(Gap::seconds).sum();
    }
}
