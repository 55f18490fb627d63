package armature.sensor.sdk;

import armature.bus.api.BusException;
import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bus that keeps what is published; unit tests only (the end-to-end test {@code SensorSdkIT}
 * publishes through the container's real bus). {@link #connected} false refuses non-retained
 * messages as the real bus does while it is not connected.
 */
final class RecordingBus implements MessageBus {
    final List<Message> published = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;

    /** Retained messages wait here, unacknowledged, while set: the broker has not answered yet. */
    final List<CompletableFuture<Void>> heldRetained = new CopyOnWriteArrayList<>();

    volatile boolean holdRetained;

    @Override
    public String containerId() {
        return "lab";
    }

    @Override
    public String brokerUrl() {
        return "tcp://127.0.0.1:0";
    }

    @Override
    public ConnectionState state() {
        return connected ? ConnectionState.CONNECTED : ConnectionState.RECONNECTING;
    }

    @Override
    public CompletionStage<Void> publish(Message message) {
        if (!connected && !message.retained()) {
            return CompletableFuture.failedFuture(new BusException("not connected"));
        }
        synchronized (this) {
            published.add(message);
            notifyAll();
        }
        if (holdRetained && message.retained()) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            heldRetained.add(ack);
            return ack;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Waits until {@code n} messages were published; false after {@code timeoutMillis}. */
    synchronized boolean awaitPublished(int n, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (published.size() < n) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    @Override
    public CompletionStage<Subscription> subscribe(
            String topicFilter, Qos qos, MessageHandler handler) {
        throw new UnsupportedOperationException("not used by the publisher");
    }

    @Override
    public CompletionStage<Message> request(Message request, Duration timeout) {
        throw new UnsupportedOperationException("not used by the publisher");
    }
}
