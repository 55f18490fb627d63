package armature.bus.paho;

import java.time.Duration;

/**
 * Exponential reconnect backoff: the first delay is the minimum, each next one doubles up to the
 * maximum, and a successful connection starts over. Thread-safe: Paho reports a lost connection on
 * its own thread while failed attempts are reported on the bus timer, and both ask for the next
 * delay (the unsynchronised field this replaces lost updates between them).
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.nextMillis = minMillis;
    }

    /** The delay before the next attempt; doubles the one after it, up to the maximum. */
    synchronized long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(delay * 2, maxMillis);
        return delay;
    }

    /**
     * The delay before the next attempt while {@code starting}: the minimum, leaving the doubling
     * where it was. A client started beside its broker (the embedded one takes seconds to listen)
     * would otherwise wait up to half that start again after the broker listens; a refused
     * connection to a port nobody listens on yet costs next to nothing.
     */
    synchronized long nextDelayMillis(boolean starting) {
        return starting ? minMillis : nextDelayMillis();
    }

    /** After a successful connection: the next delay is the minimum again. */
    synchronized void reset() {
        nextMillis = minMillis;
    }
}
