package armature.bus.api;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Armature message bus, one per container, connected to one MQTT 5 broker. All methods are
 * thread-safe and non-blocking. Every message it publishes carries {@link
 * BusProperties#SENDER_PROPERTY}.
 */
@ProviderType
public interface MessageBus {
    /** The id of the container this bus belongs to; unique per broker. */
    String containerId();

    /** The broker URL, e.g. {@code tcp://127.0.0.1:1883}. */
    String brokerUrl();

    ConnectionState state();

    /**
     * Publishes a message.
     *
     * <p>Retained messages are state, and the bus keeps that state on the broker: it remembers the
     * newest retained payload of every topic it published, sends it again after every reconnect,
     * and accepts a retained message while it is not connected (before the first connection or
     * during a broker outage), sending it as soon as it connects. An empty retained payload clears
     * the topic and the bus forgets it.
     *
     * @return completes normally when the message was handed to the broker (QoS 0: written to the
     *     socket; QoS 1/2: acknowledged; a retained message accepted while not connected: when it
     *     was sent after connecting); completes exceptionally with {@link BusException} when a
     *     non-retained message finds the bus not connected, the client's in-flight window is full,
     *     the broker refused it, or the bus is closed or failed
     */
    CompletionStage<Void> publish(Message message);

    /**
     * Subscribes {@code handler} to {@code topicFilter}; the subscription is restored after
     * reconnects. The handler runs on the bus's delivery executor, never on the client thread.
     *
     * @return completes when the broker granted the subscription; exceptionally with {@link
     *     BusException} when it refused or the bus is closed, or with {@link
     *     IllegalArgumentException} for an invalid filter
     */
    CompletionStage<Subscription> subscribe(String topicFilter, Qos qos, MessageHandler handler);

    /**
     * Sends a request and waits for one reply: sets a response topic private to this client (in the
     * reply tree of the container the request is for, where a responder answers) and a fresh
     * correlation id.
     *
     * @return completes with the reply message (check {@link BusProperties#STATUS_PROPERTY});
     *     exceptionally with {@link java.util.concurrent.TimeoutException} when none came within
     *     {@code timeout}, or {@link BusException} when it could not be sent
     */
    CompletionStage<Message> request(Message request, Duration timeout);
}
