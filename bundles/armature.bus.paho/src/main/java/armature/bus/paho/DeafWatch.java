package armature.bus.paho;

import java.time.Duration;
import java.util.Locale;

/**
 * Notices a broker that stops delivering to this client while it still acknowledges its publishes
 * (seen under heavy load: the connection stays up, the broker takes every publish, and the client
 * receives nothing more, not even its own loop's state). The container's own bus clients publish a
 * probe to their own probe topic every {@link #PERIOD} and subscribe to it. Deafness needs all of:
 * a probe delivered earlier on this connection (so a broker whose rules drop probes never counts),
 * none delivered for {@link #DEAF_AFTER}, and a probe acknowledged by the broker after the last
 * delivery (so a broker that is simply gone counts as a lost connection, not as deafness). The bus
 * then reconnects with a fresh session. Thread-safe; the clock is the caller's.
 */
final class DeafWatch {
    static final Duration PERIOD = Duration.ofSeconds(1);
    static final Duration DEAF_AFTER = Duration.ofSeconds(5);

    /** The longest silence tolerated after repeated deafness: reconnects never storm. */
    static final Duration LONGEST = Duration.ofSeconds(60);

    /** After this long without deafness the silence tolerated is {@link #DEAF_AFTER} again. */
    static final Duration FORGIVEN_AFTER = Duration.ofMinutes(10);

    private long thresholdNanos = DEAF_AFTER.toNanos();
    private long lastDeafNanos = Long.MIN_VALUE;
    private long lastDeliveredNanos;
    private long lastAckedNanos;
    private boolean armed;
    private long sequence;

    /** A new connection: nothing is known about its deliveries yet. */
    synchronized void connected(long nowNanos) {
        armed = false;
        lastDeliveredNanos = nowNanos;
        lastAckedNanos = nowNanos;
    }

    /** The next probe's sequence number. */
    synchronized long nextSequence() {
        return ++sequence;
    }

    /** The broker acknowledged a probe. */
    synchronized void acknowledged(long nowNanos) {
        lastAckedNanos = Math.max(lastAckedNanos, nowNanos);
    }

    /** A probe came back. */
    synchronized void delivered(long nowNanos) {
        lastDeliveredNanos = Math.max(lastDeliveredNanos, nowNanos);
        armed = true;
    }

    /** Whether a probe came back on this connection. */
    synchronized boolean armed() {
        return armed;
    }

    /**
     * Why this client is deaf now, or {@code null}. Each deafness (the caller then reconnects)
     * doubles the silence tolerated next time, up to {@link #LONGEST}, so that a broker that is
     * only slow to deliver (a backlog after the reconnect itself) is not reconnected to again and
     * again; {@link #FORGIVEN_AFTER} without deafness brings it back to {@link #DEAF_AFTER}.
     */
    synchronized String deafness(long nowNanos) {
        if (lastDeafNanos != Long.MIN_VALUE
                && nowNanos - lastDeafNanos > FORGIVEN_AFTER.toNanos()) {
            thresholdNanos = DEAF_AFTER.toNanos();
        }
        long silent = nowNanos - lastDeliveredNanos;
        if (!armed
                || silent <= thresholdNanos
                || lastAckedNanos - lastDeliveredNanos <= PERIOD.toNanos()) {
            return null;
        }
        lastDeafNanos = nowNanos;
        thresholdNanos = Math.min(2 * thresholdNanos, LONGEST.toNanos());
        return String.format(
                Locale.ROOT,
                "the broker has delivered nothing to this client for %.1f s although it"
                        + " acknowledged its publishes %.1f s ago (its own probes, delivered"
                        + " before); reconnecting with a fresh session",
                silent / 1e9,
                (nowNanos - lastAckedNanos) / 1e9);
    }
}
