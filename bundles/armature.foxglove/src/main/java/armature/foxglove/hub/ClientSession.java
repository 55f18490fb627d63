package armature.foxglove.hub;

import java.util.HashMap;
import java.util.Map;

/** One connected Foxglove client: its outbox and its subscriptions (guarded by the hub). */
public final class ClientSession {
    private final Transport transport;
    private final Outbox outbox;

    /** Subscription id chosen by the client -> channel. */
    final Map<Long, ChannelState> subscriptions = new HashMap<>();

    /** Subscription changes counted in the current one-second window (hub lock). */
    int changesInWindow;

    /** When the current window began, ns on the hub's clock (hub lock). */
    long windowStartNanos = Long.MIN_VALUE;

    private long droppedReported;
    private long lastDropReportNs = Long.MIN_VALUE;

    ClientSession(Transport transport, int maxPendingMessages) {
        this.transport = transport;
        this.outbox = new Outbox(transport, maxPendingMessages);
    }

    Outbox outbox() {
        return outbox;
    }

    Transport transport() {
        return transport;
    }

    /** Message data this client missed because it read slower than the bus delivered. */
    public long dropped() {
        return outbox.dropped();
    }

    /**
     * Messages dropped since the last report, when a report is due (at most one per {@code
     * intervalNs}); 0 otherwise.
     */
    synchronized long dropsToReport(long nowNs, long intervalNs) {
        long d = outbox.dropped();
        if (d == droppedReported
                || (lastDropReportNs != Long.MIN_VALUE && nowNs - lastDropReportNs < intervalNs)) {
            return 0;
        }
        long n = d - droppedReported;
        droppedReported = d;
        lastDropReportNs = nowNs;
        return n;
    }

    @Override
    public String toString() {
        return "Foxglove client " + transport.describe();
    }
}
