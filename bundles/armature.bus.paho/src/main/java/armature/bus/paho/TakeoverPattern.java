package armature.bus.paho;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Recognises a session takeover on a broker that does not say so. Mosquitto 2.0 closes the older
 * client's socket without the 0x8E DISCONNECT, so what that client sees is two clients throwing
 * each other off: {@link #LOSSES} abrupt losses within {@link #SPAN}, each after the first ending a
 * connection younger than {@link #YOUNG}. The first may end a long-lived connection, which is how
 * the older client's series starts; it is thrown off first, so it completes the series first and
 * gives up, and the newer client stays, as with a broker that sends 0x8E to the older one.
 */
final class TakeoverPattern {
    static final Duration YOUNG = Duration.ofSeconds(2);
    static final int LOSSES = 3;
    static final Duration SPAN = Duration.ofSeconds(10);

    private final ArrayDeque<Long> series = new ArrayDeque<>();

    /**
     * Counts an abrupt loss (no DISCONNECT from the broker).
     *
     * @param connectedNanos when the lost connection was established ({@link System#nanoTime})
     * @param lostNanos when it was lost
     * @return whether the recent losses make the takeover pattern
     */
    boolean lost(long connectedNanos, long lostNanos) {
        if (lostNanos - connectedNanos > YOUNG.toNanos()) {
            // A connection that lived: a new series starts with its loss.
            series.clear();
        }
        series.addLast(lostNanos);
        while (lostNanos - series.peekFirst() > SPAN.toNanos()) {
            series.removeFirst();
        }
        return series.size() >= LOSSES;
    }
}
