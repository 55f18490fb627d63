package armature.itest;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.FrameReader;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.PolicyTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Observer of one policy through the bus: its retained status, its events, and how many command
 * frames it published on the loop; sends operator requests under {@link LoopProbe#SENDER}.
 */
final class PolicyProbe implements AutoCloseable {
    private final MessageBus bus;
    private final PolicyTopics topics;
    private final JsonCodec json = new JsonCodec();
    private final AtomicReference<Map<String, Object>> status = new AtomicReference<>(Map.of());
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final AtomicLong commands = new AtomicLong();
    private final List<Command> frames = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();

    PolicyProbe(MessageBus bus, String policy, String loop, String sender) throws Exception {
        this.bus = bus;
        ContainerTopics c = ContainerTopics.of(bus.containerId());
        this.topics = c.policy(policy);
        LoopTopics l = c.loop(loop);
        subscriptions.add(
                sub(
                        topics.status(),
                        m -> {
                            if (m.payload().length > 0) {
                                status.set(map(m));
                            }
                        }));
        subscriptions.add(sub(topics.events(), m -> events.add(map(m))));
        FrameReader reader = new FrameReader(); // deliveries are serial per handler
        subscriptions.add(
                sub(
                        l.command(sender),
                        m -> {
                            commands.incrementAndGet();
                            reader.wrap(m.payload());
                            double[] targets = new double[reader.elementsPerChannel()];
                            reader.copyChannel(0, targets, 0);
                            frames.add(new Command(reader.sequence(), targets));
                        }));
    }

    private Subscription sub(String topic, armature.bus.api.MessageHandler h) throws Exception {
        return bus.subscribe(topic, Qos.AT_LEAST_ONCE, h)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Message m) {
        return (Map<String, Object>) json.decodeTree(m.topic(), m.payload());
    }

    /** One command frame of the policy: its sequence number and targets. */
    record Command(long sequence, double[] targets) {}

    /** Every command frame received so far, in arrival order. */
    List<Command> frames() {
        return List.copyOf(frames);
    }

    long commands() {
        return commands.get();
    }

    Map<String, Object> status() {
        return status.get();
    }

    int mark() {
        return events.size();
    }

    /** Waits for the status to satisfy {@code p}; returns it. */
    Map<String, Object> awaitStatus(Predicate<Map<String, Object>> p, Duration timeout) {
        Scr.await(() -> p.test(status.get()), timeout, "policy status; last: " + status.get());
        return status.get();
    }

    Map<String, Object> awaitState(String state, Duration timeout) {
        return awaitStatus(s -> state.equals(s.get("state")), timeout);
    }

    /** The first event of {@code type} at or after {@code mark}. */
    Map<String, Object> awaitEvent(int mark, String type, Duration timeout) {
        List<Map<String, Object>> found = new ArrayList<>();
        Scr.await(
                () -> {
                    for (Map<String, Object> e : events.subList(mark, events.size())) {
                        if (type.equals(e.get("type"))) {
                            found.add(e);
                            return true;
                        }
                    }
                    return false;
                },
                timeout,
                type + " event; events since mark: " + events.subList(mark, events.size()));
        return found.get(0);
    }

    long count(int mark, String type) {
        return events.subList(mark, events.size()).stream()
                .filter(e -> type.equals(e.get("type")))
                .count();
    }

    void request(String action) {
        bus.publish(
                Message.builder(topics.request(LoopProbe.SENDER))
                        .payload(json.encode(Map.of("action", action)))
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::cancel);
    }
}
