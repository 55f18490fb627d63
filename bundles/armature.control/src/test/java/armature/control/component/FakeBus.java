package armature.control.component;

import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory bus: records every publication and delivers to matching subscribers inline. */
final class FakeBus implements MessageBus {
    record Sub(String filter, MessageHandler handler) {}

    final List<Message> published = new CopyOnWriteArrayList<>();

    /** The next this-many publications fail as a disconnected bus fails them. */
    final java.util.concurrent.atomic.AtomicInteger failNextPublishes =
            new java.util.concurrent.atomic.AtomicInteger();

    final List<Sub> subs = new CopyOnWriteArrayList<>();

    /** What {@link #state()} says; a test sets it to simulate a (re)connect. */
    volatile ConnectionState state = ConnectionState.CONNECTING;

    @Override
    public String containerId() {
        return "c1";
    }

    @Override
    public String brokerUrl() {
        return "tcp://fake";
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public CompletionStage<Void> publish(Message message) {
        if (failNextPublishes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        published.add(message);
        for (Sub s : subs) {
            if (Topics.matches(s.filter(), message.topic())) {
                try {
                    s.handler().onMessage(message);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Subscription> subscribe(
            String topicFilter, Qos qos, MessageHandler handler) {
        Sub sub = new Sub(topicFilter, handler);
        subs.add(sub);
        return CompletableFuture.completedFuture(
                new Subscription() {
                    @Override
                    public String topicFilter() {
                        return topicFilter;
                    }

                    @Override
                    public CompletionStage<Void> cancel() {
                        subs.remove(sub);
                        return CompletableFuture.completedFuture(null);
                    }
                });
    }

    @Override
    public CompletionStage<Message> request(Message request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("request"));
    }

    /** Messages published on {@code topic}, oldest first. */
    List<Message> on(String topic) {
        return published.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    Message last(String topic) {
        Message m = null;
        for (Message p : published) {
            if (p.topic().equals(topic)) {
                m = p;
            }
        }
        return m;
    }
}
