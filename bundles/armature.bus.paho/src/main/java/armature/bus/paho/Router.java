package armature.bus.paho;

import armature.bus.api.BusException;
import armature.bus.api.Message;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Routing is ours, not Paho's: every distinct filter is one broker subscription with its own MQTT 5
 * subscription identifier, and an arriving message goes to the handlers of the identifiers it
 * carries (or, from a broker without identifiers, of every matching filter). Each handler has a
 * slot with a bounded serial executor over the shared delivery pool, so handlers never run on
 * Paho's callback thread and one slow handler delays only itself.
 */
final class Router {
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final Connection connection;
    private final Executor deliveryPool;
    private final int queueCapacity;
    private final BusStatistics stats;
    private final Map<String, FilterEntry> filters = new ConcurrentHashMap<>();
    private final Map<Integer, FilterEntry> filtersById = new ConcurrentHashMap<>();
    private final AtomicInteger nextSubscriptionId = new AtomicInteger(1);

    Router(Connection connection, Executor deliveryPool, int queueCapacity, BusStatistics stats) {
        this.connection = connection;
        this.deliveryPool = deliveryPool;
        this.queueCapacity = queueCapacity;
        this.stats = stats;
    }

    /**
     * Adds {@code handler} for {@code filter}; subscribes at the broker now when connected,
     * otherwise at the next connection.
     *
     * @param retainedOnly the handler sees only messages the broker delivers as retained (those it
     *     kept for the topic), not the live traffic on the same filter
     */
    CompletionStage<Subscription> subscribe(
            String filter, Qos qos, MessageHandler handler, boolean retainedOnly) {
        Slot slot =
                new Slot(
                        handler,
                        retainedOnly,
                        new SerialExecutor(
                                deliveryPool,
                                queueCapacity,
                                t ->
                                        LOG.log(
                                                Level.WARNING,
                                                "handler for '" + filter + "' failed: " + t,
                                                t)));
        FilterEntry entry =
                filters.computeIfAbsent(
                        filter,
                        f -> {
                            FilterEntry e =
                                    new FilterEntry(f, qos, nextSubscriptionId.getAndIncrement());
                            filtersById.put(e.subscriptionId, e);
                            return e;
                        });
        entry.slots.add(slot);
        Subscription subscription = new SlotSubscription(entry, slot);
        if (!connection.isConnected()) {
            return CompletableFuture.completedFuture(subscription);
        }
        return brokerSubscribe(entry).thenApply(v -> subscription);
    }

    /** After each (re)connect: every filter again (the session starts clean). */
    void resubscribeAll() {
        for (FilterEntry entry : filters.values()) {
            brokerSubscribe(entry)
                    .whenComplete(
                            (ok, error) -> {
                                if (error != null) {
                                    LOG.log(Level.WARNING, error.getMessage());
                                }
                            });
        }
    }

    /** Paho's callback thread: hands the message to the slots of its filters. */
    void dispatch(String topic, MqttMessage pahoMessage) {
        stats.received.increment();
        List<Integer> ids =
                pahoMessage.getProperties() == null
                        ? null
                        : pahoMessage.getProperties().getSubscriptionIdentifiers();
        List<FilterEntry> targets = new ArrayList<>(2);
        if (ids != null && !ids.isEmpty()) {
            for (Integer id : ids) {
                FilterEntry e = filtersById.get(id);
                if (e != null) {
                    targets.add(e);
                }
            }
        } else {
            for (FilterEntry e : filters.values()) {
                if (Topics.matches(e.filter, topic)) {
                    targets.add(e);
                }
            }
        }
        Message message = null;
        for (FilterEntry e : targets) {
            for (Slot slot : e.slots) {
                if (slot.retainedOnly && !pahoMessage.isRetained()) {
                    continue;
                }
                if (message == null) {
                    message = PahoMessages.fromPaho(topic, pahoMessage);
                }
                Message m = message;
                if (!slot.executor.submit(() -> slot.handler.onMessage(m))) {
                    LOG.log(
                            Level.WARNING,
                            "handler queue for '"
                                    + e.filter
                                    + "' full; dropped message on "
                                    + topic);
                }
            }
        }
    }

    int size() {
        return filters.size();
    }

    long dropped() {
        return filters.values().stream()
                .flatMap(e -> e.slots.stream())
                .mapToLong(s -> s.executor.dropped())
                .sum();
    }

    private CompletableFuture<Void> brokerSubscribe(FilterEntry entry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttProperties props = new MqttProperties();
        props.setSubscriptionIdentifier(entry.subscriptionId);
        try {
            connection
                    .client()
                    .subscribe(
                            new MqttSubscription[] {
                                new MqttSubscription(entry.filter, entry.qos.level())
                            },
                            null,
                            PahoMessages.completeOn(done, entry.filter),
                            props);
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(
                    new BusException(
                            "subscribe to '"
                                    + entry.filter
                                    + "' failed: "
                                    + PahoMessages.describe(e)));
        }
        return done;
    }

    private void unsubscribe(FilterEntry entry, Slot slot, CompletableFuture<Void> done) {
        entry.slots.remove(slot);
        if (!entry.slots.isEmpty() || !filters.remove(entry.filter, entry)) {
            done.complete(null);
            return;
        }
        filtersById.remove(entry.subscriptionId);
        if (!connection.isConnected()) {
            done.complete(null);
            return;
        }
        try {
            connection
                    .client()
                    .unsubscribe(
                            new String[] {entry.filter},
                            null,
                            PahoMessages.completeOn(done, entry.filter),
                            null);
        } catch (MqttException e) {
            done.complete(null);
        }
    }

    private static final class FilterEntry {
        final String filter;
        final Qos qos;
        final int subscriptionId;
        final List<Slot> slots = new CopyOnWriteArrayList<>();

        FilterEntry(String filter, Qos qos, int subscriptionId) {
            this.filter = filter;
            this.qos = qos;
            this.subscriptionId = subscriptionId;
        }
    }

    private record Slot(MessageHandler handler, boolean retainedOnly, SerialExecutor executor) {}

    private final class SlotSubscription implements Subscription {
        private final FilterEntry entry;
        private final Slot slot;

        SlotSubscription(FilterEntry entry, Slot slot) {
            this.entry = entry;
            this.slot = slot;
        }

        @Override
        public String topicFilter() {
            return entry.filter;
        }

        @Override
        public CompletionStage<Void> cancel() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            unsubscribe(entry, slot, done);
            return done;
        }
    }
}
