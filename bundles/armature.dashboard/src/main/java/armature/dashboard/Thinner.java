package armature.dashboard;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Thins one page's streams to at most one message per interval per stream (60/s: what a screen
 * shows): a message that comes too soon after the last one sent waits as the stream's newest, and a
 * newer one replaces it (newest wins; nothing queues). Messages are suppliers, so that one replaced
 * before it is sent is never encoded. The caller sends what {@link #offer} allows at once and, when
 * it says so, schedules {@link #due} for the stream after the delay. Synchronised: the bus's
 * delivery threads offer while the scheduler takes.
 */
final class Thinner {
    /** What to do with an offered message. */
    record Decision(boolean sendNow, long flushAfterNanos) {
        static final Decision SEND = new Decision(true, 0);
        static final Decision HELD = new Decision(false, -1);

        /** Held, and the caller must schedule {@link Thinner#due} after this many ns. */
        static Decision heldFlushAfter(long nanos) {
            return new Decision(false, nanos);
        }
    }

    private static final class Slot {
        long lastSentNanos;
        boolean everSent;
        Supplier<String> pending;
        boolean flushScheduled;
    }

    private final long intervalNanos;
    private final Map<String, Slot> slots = new HashMap<>();
    private long replaced;

    Thinner(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Offers the newest message of a stream at time {@code nowNanos}. */
    synchronized Decision offer(String stream, Supplier<String> message, long nowNanos) {
        Slot s = slots.computeIfAbsent(stream, k -> new Slot());
        if (s.pending == null && (!s.everSent || nowNanos - s.lastSentNanos >= intervalNanos)) {
            s.everSent = true;
            s.lastSentNanos = nowNanos;
            return Decision.SEND;
        }
        if (s.pending != null) {
            replaced++;
        }
        s.pending = message;
        if (s.flushScheduled) {
            return Decision.HELD;
        }
        s.flushScheduled = true;
        return Decision.heldFlushAfter(Math.max(0, s.lastSentNanos + intervalNanos - nowNanos));
    }

    /**
     * The held message of a stream whose flush time came, marked sent at {@code nowNanos}; null
     * when there is none.
     */
    synchronized Supplier<String> due(String stream, long nowNanos) {
        Slot s = slots.get(stream);
        if (s == null) {
            return null;
        }
        s.flushScheduled = false;
        Supplier<String> m = s.pending;
        s.pending = null;
        if (m != null) {
            s.everSent = true;
            s.lastSentNanos = nowNanos;
        }
        return m;
    }

    /** Messages replaced by a newer one before they were sent (the thinning at work). */
    synchronized long replaced() {
        return replaced;
    }
}
