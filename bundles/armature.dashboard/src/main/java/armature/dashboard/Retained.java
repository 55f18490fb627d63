package armature.dashboard;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads retained state with a session's bus client, as the CLI does: subscribe, take what the
 * broker hands over at once (the retained messages follow the subscription's acknowledgement
 * together), and stop when none has come for a short quiet time, or, for one exact topic, at its
 * message.
 */
final class Retained {
    /** How long the first retained message may take after the subscription is confirmed. */
    static final Duration FIRST = Duration.ofMillis(1500);

    /** Once one arrived the rest follow at once: this long without one means there are no more. */
    static final Duration QUIET = Duration.ofMillis(300);

    private Retained() {}

    /** Topic to payload of the non-empty retained messages on {@code filter}. */
    static Map<String, byte[]> read(MessageBus bus, String filter) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        Subscription sub;
        try {
            sub =
                    bus.subscribe(
                                    filter,
                                    Qos.AT_LEAST_ONCE,
                                    m -> {
                                        if (m.retained()) {
                                            q.add(m);
                                        }
                                    })
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        } catch (Exception e) {
            throw new ApiError(
                    HttpServletResponse.SC_FORBIDDEN,
                    "the broker refused reading " + filter + " for this user: " + e.getMessage());
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        boolean exact = filter.indexOf('+') < 0 && filter.indexOf('#') < 0;
        try {
            long wait = FIRST.toNanos();
            Message m;
            while ((m = q.poll(wait, TimeUnit.NANOSECONDS)) != null) {
                if (m.payload().length > 0) {
                    out.put(m.topic(), m.payload());
                } else {
                    out.remove(m.topic());
                }
                if (exact) {
                    break; // one topic holds one retained message: nothing more can come
                }
                wait = QUIET.toNanos();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sub.cancel();
        }
        return out;
    }
}
