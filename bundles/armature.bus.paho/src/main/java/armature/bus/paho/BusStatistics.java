package armature.bus.paho;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The bus's counters, written by the parts that count and read for status output. */
final class BusStatistics {
    final LongAdder published = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder connectAttempts = new LongAdder();
    final LongAdder refusedRequests = new LongAdder();
    final LongAdder leftoversCleared = new LongAdder();

    /** Connection attempts dropped because Paho never answered them. */
    final LongAdder unansweredAttempts = new LongAdder();

    /** Clients left behind because a dropped attempt's client would not close. */
    final LongAdder abandonedClients = new LongAdder();

    final LongAdder deafReconnects = new LongAdder();

    /**
     * A snapshot; the gauges (subscriptions, dropped deliveries, remembered retained topics) come
     * from their owners.
     */
    Map<String, Object> snapshot(int subscriptions, long droppedDeliveries, int retainedTopics) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("published", published.sum());
        out.put("received", received.sum());
        out.put("droppedDeliveries", droppedDeliveries);
        out.put("reconnects", reconnects.sum());
        out.put("connectAttempts", connectAttempts.sum());
        out.put("subscriptions", subscriptions);
        out.put("retainedTopics", retainedTopics);
        out.put("refusedRequests", refusedRequests.sum());
        out.put("leftoversCleared", leftoversCleared.sum());
        out.put("unansweredAttempts", unansweredAttempts.sum());
        out.put("abandonedClients", abandonedClients.sum());
        out.put("deafReconnects", deafReconnects.sum());
        return out;
    }
}
