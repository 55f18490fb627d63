package armature.control.component;

import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loop's retained documents (state schema, e-stop latch, supervisor state), newest per topic.
 * Each is published when it changes and again after every transition of the bus to CONNECTED, so it
 * is on the broker even when the loop started before the bus connected or the broker restarted and
 * lost it. Thread-safe.
 */
final class RetainedDocuments {
    private static final System.Logger LOG = System.getLogger(RetainedDocuments.class.getName());

    private final MessageBus bus;
    private final Map<String, byte[]> latest = new LinkedHashMap<>(); // guarded by this
    private ConnectionState lastState; // guarded by this

    RetainedDocuments(MessageBus bus) {
        this.bus = bus;
    }

    /** Publishes {@code json} retained on {@code topic} and keeps it for reconnects. */
    synchronized void publish(String topic, byte[] json) {
        latest.put(topic, json);
        send(topic, json);
    }

    /** Polled: after the bus (re)connected, publishes every document again. */
    synchronized void republishAfterReconnect() {
        ConnectionState now = bus.state();
        if (now == ConnectionState.CONNECTED && lastState != ConnectionState.CONNECTED) {
            latest.forEach(this::send);
        }
        lastState = now;
    }

    /** Clears every document from the broker (empty retained payloads) and forgets them. */
    synchronized void clear() {
        for (String topic : latest.keySet()) {
            try {
                bus.publish(
                        Message.builder(topic)
                                .payload(new byte[0])
                                .qos(Qos.AT_LEAST_ONCE)
                                .retained(true)
                                .build());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "retained " + topic + " not cleared", e);
            }
        }
        latest.clear();
    }

    private void send(String topic, byte[] json) {
        try {
            bus.publish(
                            Message.builder(topic)
                                    .payload(json)
                                    .contentType(ContentTypes.JSON)
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .retained(true)
                                    .build())
                    .exceptionally(
                            e -> {
                                // Not connected: sent again after the next (re)connect.
                                LOG.log(
                                        System.Logger.Level.DEBUG,
                                        "retained " + topic + " not published yet: " + e);
                                return null;
                            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "retained " + topic + " not published", e);
        }
    }
}
