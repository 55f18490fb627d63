package armature.sensor.sdk;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.SensorTopics;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorSample;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes one sensor from inside a container, through the container's {@link MessageBus}, the way
 * docs/sensors.md asks of any device: the descriptor retained on {@link SensorTopics#descriptor()},
 * {@code {"state":"online"}} retained on {@link SensorTopics#state()}, every sample on {@link
 * SensorTopics#samples()} (QoS 0, never retained), and {@code {"state":"offline"}} retained on
 * {@link #close()}. Made in a component's {@code @Activate}, closed in its {@code @Deactivate}.
 *
 * <p>Every sample is checked against the descriptor before it is sent ({@link SensorJson#sample}):
 * a sample the registry would refuse throws {@link IllegalArgumentException} here instead, so the
 * mistake shows in the bundle's own unit test. A sample larger than {@code maxSampleBytes} (the
 * registry's default is 4096) is refused the same way.
 *
 * <p>The container's bus carries the container's last will, not the sensor's: a stopped bundle or
 * an undeploy goes through {@link #close()}; a clean container stop clears the sensor's retained
 * descriptor and state with everything else the container retained; after a crash the sensor's
 * state says {@code online} until the container starts again and clears what the earlier run left.
 *
 * <p>Thread-safe: samples may come from any thread; the bus keeps the order of one thread's
 * publishes.
 */
public final class SensorPublisher implements AutoCloseable {
    /** The registry's default {@code maxSampleBytes}. */
    public static final int DEFAULT_MAX_SAMPLE_BYTES = 4096;

    private static final System.Logger LOG = System.getLogger(SensorPublisher.class.getName());

    private final MessageBus bus;
    private final SensorDescriptor descriptor;
    private final SensorTopics topics;
    private final Clock clock;
    private final int maxSampleBytes;
    private final CompletableFuture<Void> ready;

    /** Orders samples and the offline state: no sample reaches the bus after {@code offline}. */
    private final Object gate = new Object();

    private boolean closed; // guarded by gate
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private SensorPublisher(
            MessageBus bus, SensorDescriptor descriptor, Clock clock, int maxSampleBytes) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxSampleBytes < 64) {
            throw new IllegalArgumentException(
                    "maxSampleBytes " + maxSampleBytes + " is not allowed; allowed: at least 64");
        }
        this.maxSampleBytes = maxSampleBytes;
        this.topics = ContainerTopics.of(bus.containerId()).sensor(descriptor.id());
        // Retained and QoS 1: the bus keeps both for a broker outage and sends them again after
        // every reconnect, so the registry learns the sensor whenever it (re)starts.
        CompletableFuture<Void> d =
                send(topics.descriptor(), SensorJson.descriptor(descriptor), true);
        CompletableFuture<Void> s = send(topics.state(), SensorJson.ONLINE, true);
        this.ready = CompletableFuture.allOf(d, s);
    }

    /**
     * Publishes the descriptor and the online state; samples use the system clock for {@code
     * sourceTimeNs} and the registry's default size limit.
     *
     * @throws IllegalArgumentException when the descriptor's id is not a valid sensor topic level
     */
    public static SensorPublisher start(MessageBus bus, SensorDescriptor descriptor) {
        return new SensorPublisher(bus, descriptor, Clock.systemUTC(), DEFAULT_MAX_SAMPLE_BYTES);
    }

    /**
     * As {@link #start(MessageBus, SensorDescriptor)}, with the clock that stamps samples and the
     * container's {@code maxSampleBytes} when it was configured differently.
     */
    public static SensorPublisher start(
            MessageBus bus, SensorDescriptor descriptor, Clock clock, int maxSampleBytes) {
        return new SensorPublisher(bus, descriptor, clock, maxSampleBytes);
    }

    /** The sensor's topics. */
    public SensorTopics topics() {
        return topics;
    }

    public SensorDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Completes when the broker acknowledged the descriptor and the online state (after the bus
     * connected, if it was not yet); exceptionally when the bus refused either.
     */
    public CompletionStage<Void> ready() {
        return ready.minimalCompletionStage();
    }

    /** Publishes a sample measured now, by this publisher's clock. */
    public CompletionStage<Void> publish(Map<String, ?> values) {
        return publish(clock.instant(), values);
    }

    /**
     * Publishes a sample measured at {@code sourceTime} (the device's clock).
     *
     * @return completes when the bus handed it to the broker; exceptionally (and counted in {@link
     *     #failed()}) when the bus could not, e.g. while it is not connected, or before {@link
     *     #ready()} (a sample must not overtake its descriptor)
     * @throws IllegalArgumentException when the registry would refuse the sample: the message
     *     starts with its reason and names the field, the value and what is allowed
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletionStage<Void> publish(Instant sourceTime, Map<String, ?> values) {
        if (sourceTime == null || values == null) {
            throw new IllegalArgumentException(
                    (sourceTime == null ? "sourceTime" : "values")
                            + " is null; allowed: a measurement time and the sample's values");
        }
        return publishJson(SensorJson.sample(descriptor, Optional.of(sourceTime), values));
    }

    /**
     * Publishes a sample built as a {@link SensorSample} (its receive time is not sent; a sample
     * without a source time is sent without {@code sourceTimeNs}).
     *
     * @throws IllegalArgumentException when it is another sensor's sample, or as {@link
     *     #publish(Instant, Map)}
     */
    public CompletionStage<Void> publish(SensorSample sample) {
        if (!sample.sensorId().equals(descriptor.id())) {
            throw new IllegalArgumentException(
                    "sample of sensor '"
                            + sample.sensorId()
                            + "' given to the publisher of '"
                            + descriptor.id()
                            + "'");
        }
        return publishJson(SensorJson.sample(descriptor, sample.sourceTime(), sample.values()));
    }

    private CompletionStage<Void> publishJson(String json) {
        byte[] payload = SensorJson.utf8(json);
        if (payload.length > maxSampleBytes) {
            throw new IllegalArgumentException(
                    "oversized: a sample of "
                            + payload.length
                            + " bytes; allowed: at most "
                            + maxSampleBytes
                            + " (the registry's maxSampleBytes)");
        }
        // bus.publish does not block: the gate is held for microseconds. Without it, a sample
        // checked before close() could be sent after the offline state, and the registry would
        // take it as the sensor being back online.
        synchronized (gate) {
            if (closed) {
                throw new IllegalStateException("sensor " + descriptor.id() + " is closed");
            }
            if (!ready.isDone() || ready.isCompletedExceptionally()) {
                // A sample overtaking the descriptor would be refused as no_descriptor.
                failed.incrementAndGet();
                return CompletableFuture.failedFuture(
                        new IllegalStateException(
                                "sensor "
                                        + descriptor.id()
                                        + ": the broker has not yet acknowledged its descriptor"
                                        + " and state"));
            }
            return send(topics.samples(), payload, false);
        }
    }

    /** Samples the bus accepted. */
    public long published() {
        return published.get();
    }

    /** Samples the bus could not send (not connected, in-flight window full, closed). */
    public long failed() {
        return failed.get();
    }

    /**
     * Publishes {@code {"state":"offline"}}, retained, once; later samples are refused. The
     * descriptor stays, so {@code armature sensors} keeps showing the sensor as {@code OFFLINE}
     * with its counts. A sample sent just before the offline may still reach a subscriber after it
     * (MQTT orders messages per topic, not across the samples and state topics); the registry lets
     * a sample revive an offline sensor only a second after the offline, so it stays offline. Said
     * once only: a second, delayed offline would overwrite the {@code online} of a component
     * restarted in between (a configuration change). Idempotent.
     */
    @Override
    public void close() {
        synchronized (gate) {
            if (closed) {
                return;
            }
            closed = true;
            send(topics.state(), SensorJson.OFFLINE, true);
        }
    }

    private CompletableFuture<Void> send(String topic, String json, boolean retained) {
        return send(topic, SensorJson.utf8(json), retained);
    }

    private CompletableFuture<Void> send(String topic, byte[] payload, boolean retained) {
        Message m = message(topic, payload, retained);
        CompletableFuture<Void> done;
        try {
            done = bus.publish(m).toCompletableFuture();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.whenComplete(
                (ok, error) -> {
                    if (retained) {
                        if (error != null) {
                            LOG.log(
                                    Level.WARNING,
                                    "sensor message on " + topic + " not sent: " + error);
                        }
                    } else if (error == null) {
                        published.incrementAndGet();
                    } else {
                        // a failed sample is counted, not logged: at 1 kHz a broker outage would
                        // flood the log
                        failed.incrementAndGet();
                    }
                });
    }

    private static Message message(String topic, byte[] payload, boolean retained) {
        return Message.builder(topic)
                .payload(payload)
                .contentType(ContentTypes.JSON)
                .qos(retained ? Qos.AT_LEAST_ONCE : Qos.AT_MOST_ONCE)
                .retained(retained)
                .build();
    }
}
