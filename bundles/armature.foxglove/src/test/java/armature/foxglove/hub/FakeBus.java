package armature.foxglove.hub;

import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bus in memory with the broker's retained store: a subscription gets the retained messages of
 * its filter at once, as from a broker; delivery is synchronous. Publishing fails the test.
 */
public final class FakeBus implements MessageBus {
    record Sub(String filter, MessageHandler handler) {}

    final List<Sub> subscriptions = new CopyOnWriteArrayList<>();
    final List<Message> retained = new CopyOnWriteArrayList<>();
    public final List<Message> published = new CopyOnWriteArrayList<>();

    @Override
    public String containerId() {
        return "c1";
    }

    @Override
    public String brokerUrl() {
        return "tcp://127.0.0.1:0";
    }

    @Override
    public ConnectionState state() {
        return ConnectionState.CONNECTED;
    }

    @Override
    public CompletionStage<Void> publish(Message message) {
        published.add(message);
        return CompletableFuture.failedFuture(
                new AssertionError("the Foxglove endpoint must never publish"));
    }

    @Override
    public CompletionStage<Subscription> subscribe(String filter, Qos qos, MessageHandler handler) {
        Sub s = new Sub(filter, handler);
        subscriptions.add(s);
        for (Message m : retained) {
            if (Topics.matches(filter, m.topic())) {
                call(handler, m);
            }
        }
        return CompletableFuture.completedFuture(
                new Subscription() {
                    @Override
                    public String topicFilter() {
                        return filter;
                    }

                    @Override
                    public CompletionStage<Void> cancel() {
                        subscriptions.remove(s);
                        return CompletableFuture.completedFuture(null);
                    }
                });
    }

    @Override
    public CompletionStage<Message> request(Message request, Duration timeout) {
        throw new AssertionError("the Foxglove endpoint must never send requests");
    }

    /** A message from the broker: retained ones are kept (an empty one clears), then delivered. */
    public void deliver(Message m) {
        if (m.retained()) {
            retained.removeIf(r -> r.topic().equals(m.topic()));
            if (m.payload().length > 0) {
                retained.add(m);
            }
        }
        for (Sub s : subscriptions) {
            if (Topics.matches(s.filter, m.topic())) {
                call(s.handler, m);
            }
        }
    }

    public List<String> filters() {
        List<String> f = new ArrayList<>();
        subscriptions.forEach(s -> f.add(s.filter));
        return f;
    }

    private static void call(MessageHandler h, Message m) {
        try {
            h.onMessage(m);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
