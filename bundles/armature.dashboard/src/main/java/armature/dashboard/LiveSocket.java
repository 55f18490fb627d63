package armature.dashboard;

import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One page's live WebSocket (public: Jetty calls its listener methods through method handles). Its
 * streams are thinned ({@link Thinner}); what goes out is never queued without bound: while more
 * than {@value #MAX_IN_FLIGHT} sends wait for a slow page, further messages are dropped and
 * counted, so the page never backs up into the bus or the loop.
 */
public final class LiveSocket implements Session.Listener.AutoDemanding {
    private static final System.Logger LOG = System.getLogger(LiveSocket.class.getName());
    static final int MAX_IN_FLIGHT = 256;

    private final DashSession owner;
    private final LiveFeed feed;
    private final Thinner thinner;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Session session;

    LiveSocket(
            DashSession owner, LiveFeed feed, Thinner thinner, ScheduledExecutorService scheduler) {
        this.owner = owner;
        this.feed = feed;
        this.thinner = thinner;
        this.scheduler = scheduler;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        feed.add(this);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        session = null;
        feed.remove(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.log(Level.DEBUG, "live socket of " + owner.user + ": " + cause);
    }

    /**
     * A message of a stream: thinned when {@code thin}, else sent at once (safety events are never
     * thinned away).
     */
    void offer(String stream, Supplier<String> json, boolean thin) {
        if (!thin) {
            send(json.get());
            return;
        }
        Thinner.Decision d = thinner.offer(stream, json, System.nanoTime());
        if (d.sendNow()) {
            send(json.get());
        } else if (d.flushAfterNanos() >= 0) {
            scheduler.schedule(
                    () -> {
                        Supplier<String> m = thinner.due(stream, System.nanoTime());
                        if (m != null) {
                            send(m.get());
                        }
                    },
                    d.flushAfterNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    void send(String json) {
        Session s = session;
        if (json == null || s == null || !s.isOpen()) {
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        s.sendText(json, Callback.from(inFlight::decrementAndGet, e -> inFlight.decrementAndGet()));
    }

    void close(String why) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(1008, why, Callback.NOOP);
        }
    }

    long dropped() {
        return dropped.get();
    }
}
