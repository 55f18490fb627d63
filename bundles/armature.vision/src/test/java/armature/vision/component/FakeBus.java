package armature.vision.component;

import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory bus for component tests: delivers a publication to matching subscribers on the
 * publisher's thread and queues it, so a test waits for the next message on a topic.
 */
final class FakeBus implements MessageBus {
    private record Sub(String filter, MessageHandler handler) {}

    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Message> published = new LinkedBlockingQueue<>();

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
        return ConnectionState.CONNECTED;
    }

    @Override
    public CompletionStage<Void> publish(Message message) {
        published.add(message);
        for (Sub s : subs) {
            if (Topics.matches(s.filter(), message.topic())) {
                try {
                    s.handler().onMessage(message);
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
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

    /**
     * The next message published on {@code topic}, skipping others.
     *
     * @throws AssertionError when none comes within 10 s
     */
    Message next(String topic) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Message m = published.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("nothing published on " + topic + " within 10 s");
            }
            if (m.topic().equals(topic)) {
                return m;
            }
        }
    }
}
