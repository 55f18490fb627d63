package armature.bus.paho;

import armature.bus.api.BusException;
import armature.bus.api.Message;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Hands messages to Paho in the order they were published. Paho refuses a message while its
 * in-flight window (the broker's receive maximum) is full; such a message, and everything published
 * after it, waits here and goes out as acknowledgements free the window, so a burst never overtakes
 * itself. Bounded: beyond {@link #MAX_BACKLOG} waiting messages a publish fails.
 */
final class PublishQueue {
    static final int MAX_BACKLOG = 100_000;

    private final Connection connection;
    private final String brokerUrl;
    private final String senderId;
    private final String bootId;
    private final Executor timer;
    private final BusStatistics stats;
    private final ArrayDeque<Pending> backlog = new ArrayDeque<>();
    private volatile boolean backlogWaiting;

    /**
     * @param senderId stamped as the sender user property on every message
     * @param bootId stamped as the boot id user property, or {@code null} for none
     */
    PublishQueue(
            Connection connection,
            String brokerUrl,
            String senderId,
            String bootId,
            Executor timer,
            BusStatistics stats) {
        this.connection = connection;
        this.brokerUrl = brokerUrl;
        this.senderId = senderId;
        this.bootId = bootId;
        this.timer = timer;
        this.stats = stats;
    }

    /**
     * Sends {@code message} after everything sent before it. Fails fast when not connected.
     *
     * @return completes as {@link armature.bus.api.MessageBus#publish} documents
     */
    CompletableFuture<Void> send(Message message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!connection.isConnected()) {
            String why = connection.lastError();
            done.completeExceptionally(
                    new BusException(
                            "cannot publish to '"
                                    + message.topic()
                                    + "': bus is "
                                    + connection.state()
                                    + " ("
                                    + brokerUrl
                                    + (why.isEmpty() ? "" : ": " + why)
                                    + ")"));
            return done;
        }
        Pending p = new Pending(message, done);
        synchronized (backlog) {
            // Keep order: once something waits for an in-flight slot, everything after it waits.
            if (!backlog.isEmpty() || !trySend(p)) {
                if (backlog.size() >= MAX_BACKLOG) {
                    done.completeExceptionally(
                            new BusException(
                                    "cannot publish to '"
                                            + message.topic()
                                            + "': "
                                            + MAX_BACKLOG
                                            + " messages already wait for the broker"));
                } else {
                    backlog.add(p);
                    backlogWaiting = true;
                }
            }
        }
        return done;
    }

    /** Paho's callback: an acknowledgement freed an in-flight slot. */
    void onDeliveryComplete() {
        if (backlogWaiting) {
            try {
                timer.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                // closing: close() fails what waits
            }
        }
    }

    /** Fails everything that waits (the connection was lost, or the bus closes). */
    void failAll(String why) {
        synchronized (backlog) {
            Pending p;
            while ((p = backlog.poll()) != null) {
                p.done.completeExceptionally(
                        new BusException("publish to '" + p.message.topic() + "' failed: " + why));
            }
            backlogWaiting = false;
        }
    }

    private void drain() {
        synchronized (backlog) {
            while (!backlog.isEmpty()) {
                if (!connection.isConnected()) {
                    failAll("connection lost");
                    return;
                }
                if (!trySend(backlog.peek())) {
                    return;
                }
                backlog.poll();
            }
            backlogWaiting = false;
        }
    }

    /**
     * Hands one message to Paho. Returns false when Paho's in-flight window is full, so the caller
     * keeps it for later; true when it was sent or failed for good.
     */
    private boolean trySend(Pending p) {
        try {
            connection
                    .client()
                    .publish(
                            p.message.topic(),
                            PahoMessages.toPaho(senderId, bootId, p.message),
                            null,
                            PahoMessages.completeOn(p.done, p.message.topic()));
            stats.published.increment();
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            p.done.completeExceptionally(failed(p, e));
            return true;
        } catch (RuntimeException e) {
            p.done.completeExceptionally(failed(p, e));
            return true;
        }
    }

    private static BusException failed(Pending p, Exception e) {
        return new BusException(
                "publish to '" + p.message.topic() + "' failed: " + PahoMessages.describe(e), e);
    }

    private record Pending(Message message, CompletableFuture<Void> done) {}
}
