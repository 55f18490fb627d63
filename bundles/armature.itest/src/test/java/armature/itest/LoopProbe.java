package armature.itest;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A command source and observer of one control loop, through the container's own bus: the newest
 * state frame, every event and e-stop state message, and command publishing in the loop's format.
 */
final class LoopProbe implements AutoCloseable {
    /** One decoded state frame. */
    record Frame(long epoch, long sequence, double[] positionRad) {}

    /** The sender level this probe's commands and e-stop requests carry. */
    static final String SENDER = "itest";

    private final MessageBus bus;
    private final LoopTopics topics;
    private final JsonCodec json = new JsonCodec();
    private final AtomicReference<Frame> latest = new AtomicReference<>();
    private final AtomicLong frames = new AtomicLong();
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> statistics = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> eStopState = new AtomicReference<>("");
    private final List<Subscription> subscriptions = new ArrayList<>();

    LoopProbe(MessageBus bus, String loopName) throws Exception {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId()).loop(loopName);
        FrameReader reader = new FrameReader();
        subscriptions.add(
                subscribe(
                        topics.state(),
                        m -> {
                            reader.wrap(m.payload());
                            double[] p = new double[reader.elementsPerChannel()];
                            reader.copyChannel(0, p, 0);
                            latest.set(new Frame(reader.epoch(), reader.sequence(), p));
                            frames.incrementAndGet();
                        }));
        subscriptions.add(subscribe(topics.events(), m -> events.add(map(m))));
        subscriptions.add(subscribe(topics.statistics(), m -> statistics.add(map(m))));
        subscriptions.add(
                subscribe(
                        topics.eStop(),
                        m -> {
                            if (m.payload().length > 0) {
                                eStopState.set(String.valueOf(map(m).get("state")));
                            }
                        }));
    }

    private Subscription subscribe(String topic, armature.bus.api.MessageHandler h)
            throws Exception {
        return bus.subscribe(topic, Qos.AT_MOST_ONCE, h)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Message m) {
        return (Map<String, Object>) json.decodeTree(m.topic(), m.payload());
    }

    long frameCount() {
        return frames.get();
    }

    Frame latest() {
        return latest.get();
    }

    /** Waits for a state frame that satisfies {@code p}. */
    Frame awaitFrame(Predicate<Frame> p, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = latest.get();
            if (f != null && p.test(f)) {
                return f;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for a state frame: " + what);
            }
            LockSupport.parkNanos(2_000_000L);
        }
    }

    /** Index from which {@link #awaitEvent} looks; take it before causing the event. */
    int mark() {
        return events.size();
    }

    /** The first event at or after {@code mark} whose type is {@code type} and that matches. */
    Map<String, Object> awaitEvent(
            int mark, String type, Predicate<Map<String, Object>> p, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        int i = mark;
        while (true) {
            while (i < events.size()) {
                Map<String, Object> e = events.get(i++);
                if (type.equals(e.get("type")) && p.test(e)) {
                    return e;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "no "
                                + type
                                + " event within "
                                + timeout
                                + "; events since mark: "
                                + events.subList(mark, events.size()));
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    Map<String, Object> awaitEvent(int mark, String type, Duration timeout) {
        return awaitEvent(mark, type, e -> true, timeout);
    }

    /** Events of {@code type} since {@code mark}. */
    long count(int mark, String type) {
        return events.subList(mark, events.size()).stream()
                .filter(e -> type.equals(e.get("type")))
                .count();
    }

    /** Waits for a statistics message, published after this call, that satisfies {@code p}. */
    Map<String, Object> awaitStatistics(Predicate<Map<String, Object>> p, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        int i = statistics.size();
        while (true) {
            while (i < statistics.size()) {
                Map<String, Object> s = statistics.get(i++);
                if (p.test(s)) {
                    return s;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no matching statistics within " + timeout);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }

    void awaitEStopState(String state, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!state.equals(eStopState.get())) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "e-stop state is '" + eStopState.get() + "', expected " + state);
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Publishes one position command frame (QoS 0, 1 s MQTT expiry), as a policy would. */
    void command(long epoch, long sequence, double[] positionRad) {
        byte[] frame = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 1, positionRad.length)];
        new FrameWriter()
                .wrap(frame, 0)
                .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, positionRad.length)
                .epoch(epoch)
                .sequence(sequence)
                .timestampNs(System.nanoTime())
                .putChannel(positionRad)
                .finish();
        publishCommandBytes(frame);
    }

    void publishCommandBytes(byte[] payload) {
        bus.publish(
                Message.builder(topics.command(SENDER))
                        .payload(payload)
                        .contentType(ContentTypes.FRAME)
                        .expiry(Duration.ofSeconds(1))
                        .build());
    }

    void eStopRequest(String action) {
        bus.publish(
                Message.builder(topics.eStopRequest(SENDER))
                        .payload(json.encode(java.util.Map.of("action", action)))
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::cancel);
    }
}
