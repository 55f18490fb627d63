package armature.policy.onnx.itest;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.FrameReader;
import armature.bus.codec.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What the test sees of the container, only through the bus: JSON documents per topic (status,
 * events, statistics), the newest joint positions of a state stream, and message counts.
 */
final class BusProbe implements AutoCloseable {
    private final MessageBus bus;
    private final JsonCodec json = new JsonCodec();
    private final List<Subscription> subscriptions = new ArrayList<>();

    BusProbe(MessageBus bus) {
        this.bus = bus;
    }

    /** Every non-empty JSON message on {@code topic}, in arrival order. */
    List<Map<String, Object>> documents(String topic) throws Exception {
        List<Map<String, Object>> docs = new CopyOnWriteArrayList<>();
        subscribe(
                topic,
                m -> {
                    if (m.payload().length > 0) {
                        docs.add(map(m));
                    }
                });
        return docs;
    }

    /** The newest positions of a joint state frame stream. */
    AtomicReference<double[]> positions(String topic) throws Exception {
        AtomicReference<double[]> latest = new AtomicReference<>();
        FrameReader reader = new FrameReader();
        subscribe(
                topic,
                m -> {
                    reader.wrap(m.payload());
                    double[] p = new double[reader.elementsPerChannel()];
                    reader.copyChannel(0, p, 0);
                    latest.set(p);
                });
        return latest;
    }

    /** How many messages arrived on {@code topic}. */
    AtomicLong count(String topic) throws Exception {
        AtomicLong n = new AtomicLong();
        subscribe(topic, m -> n.incrementAndGet());
        return n;
    }

    private void subscribe(String topic, armature.bus.api.MessageHandler h) throws Exception {
        subscriptions.add(
                bus.subscribe(topic, Qos.AT_LEAST_ONCE, h)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Message m) {
        return (Map<String, Object>) json.decodeTree(m.topic(), m.payload());
    }

    /** The first document from index {@code from} on that satisfies {@code p}. */
    static Map<String, Object> await(
            List<Map<String, Object>> docs,
            int from,
            Predicate<Map<String, Object>> p,
            Duration timeout,
            String what) {
        List<Map<String, Object>> found = new ArrayList<>();
        await(
                () -> {
                    for (Map<String, Object> d : docs.subList(from, docs.size())) {
                        if (p.test(d)) {
                            found.add(d);
                            return true;
                        }
                    }
                    return false;
                },
                timeout,
                () -> what + "; last: " + (docs.isEmpty() ? "none" : docs.get(docs.size() - 1)));
        return found.get(0);
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes. */
    static void await(
            BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for: " + what.get());
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::cancel);
    }
}
