package armature.sensor;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
import armature.control.api.HomieTopics;
import armature.control.api.SensorTopics;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The sensor registry on the bus: subscribes to every sensor's descriptor, state and samples under
 * this container ({@code ContainerTopics.sensorFilter()}) and to every Homie 5 device ({@code
 * HomieTopics.all()}, ADR 0098), feeds {@link SensorRegistry}, and keeps its status retained on
 * {@code sensorRegistryStatus()}, republished every period and cleared when the component stops
 * (docs/sensors.md, ADR 0096).
 */
@Component(name = "armature.sensor.registry", immediate = true)
@Designate(ocd = SensorRegistryComponent.Config.class)
public final class SensorRegistryComponent {
    private static final System.Logger LOG =
            System.getLogger(SensorRegistryComponent.class.getName());

    @ObjectClassDefinition(name = "Armature sensor registry")
    public @interface Config {
        @AttributeDefinition(name = "Largest sample payload [bytes]", min = "64", max = "1048576")
        int maxSampleBytes() default 4096;

        @AttributeDefinition(name = "Largest descriptor [bytes]", min = "256", max = "1048576")
        int maxDescriptorBytes() default 16384;

        @AttributeDefinition(
                name = "Flood limit [multiple of the nominal rate]",
                min = "1",
                max = "1000")
        double maxRateFactor() default 4.0;

        @AttributeDefinition(name = "Most sensors tracked", min = "1", max = "10000")
        int maxSensors() default 256;

        @AttributeDefinition(name = "Status period [ms]", min = "100", max = "60000")
        long statusPeriodMillis() default 1000;

        @AttributeDefinition(
                name = "Homie device property updates [1/s], all properties together",
                min = "0.001",
                max = "10000")
        double homieRateHz() default 10.0;

        @AttributeDefinition(
                name = "Source time further than this from receive time is counted far off [ms]",
                min = "1",
                max = "86400000")
        long maxClockSkewMillis() default 1000;

        @AttributeDefinition(name = "Clock offset window [ms]", min = "800", max = "3600000")
        long clockWindowMillis() default 8000;

        @AttributeDefinition(
                name = "Sensors whose clocks are synchronised with the container's (ids)",
                required = false)
        String[] synchronizedClocks() default {};
    }

    private final ObjectMapper json = new ObjectMapper();
    private final MessageBus bus;
    private final ContainerTopics topics;
    private final SensorRegistry registry;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-sensor-registry");
                        t.setDaemon(true);
                        return t;
                    });
    private final List<Subscription> subscriptions = new ArrayList<>();
    private boolean closed;

    /** How long after subscribing the broker's retained descriptors are taken to have arrived. */
    static final long RESTORE_AFTER_MILLIS = 2000;

    private final DescriptorStore store;

    /** Sensors whose descriptor topic delivered anything since this registry started. */
    private final Set<String> heardOf = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public SensorRegistryComponent(
            org.osgi.framework.BundleContext context, @Reference MessageBus bus, Config config) {
        this(bus, config, descriptorFolder(context));
    }

    /**
     * Where descriptors are kept, or null: only with the embedded broker, whose retained store
     * starts empty with the container. An external broker keeps them itself, and a device that left
     * (an empty descriptor) while this container was down must stay gone.
     */
    private static java.nio.file.Path descriptorFolder(org.osgi.framework.BundleContext context) {
        String runtime = context.getProperty("armature.runtime");
        if (runtime == null
                || runtime.isBlank()
                || !Boolean.parseBoolean(context.getProperty("armature.broker.embedded"))) {
            return null;
        }
        return java.nio.file.Path.of(runtime).resolve("sensors").resolve("descriptors");
    }

    /**
     * @param descriptors where the last valid descriptors are kept across restarts, or null
     */
    SensorRegistryComponent(MessageBus bus, Config config, java.nio.file.Path descriptors) {
        long period = config.statusPeriodMillis();
        if (period < 100 || period > 60_000) {
            throw new IllegalArgumentException(
                    "statusPeriodMillis = " + period + " is not allowed; allowed: 100 to 60000");
        }
        RegistryLimits limits =
                new RegistryLimits(
                        config.maxSampleBytes(),
                        config.maxDescriptorBytes(),
                        config.maxRateFactor(),
                        config.maxSensors(),
                        config.homieRateHz(),
                        config.maxClockSkewMillis(),
                        config.clockWindowMillis());
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId());
        this.store = descriptors == null ? null : new DescriptorStore(descriptors);
        String[] synced = config.synchronizedClocks();
        this.registry =
                new SensorRegistry(
                        limits,
                        Clock.systemUTC(),
                        System::nanoTime,
                        json,
                        synced == null ? Set.of() : Set.of(synced));
        // One subscription for all three streams: one handler runs them in arrival order, so a
        // descriptor is known before the samples its device sends after it.
        subscribe(topics.sensorFilter(), Qos.AT_LEAST_ONCE, this::route)
                .thenRun(
                        () -> {
                            if (store != null) {
                                timer.schedule(
                                        this::restoreDescriptors,
                                        RESTORE_AFTER_MILLIS,
                                        TimeUnit.MILLISECONDS);
                            }
                        });
        // Homie 5 likewise in one subscription, so a $description precedes the values after it.
        subscribe(
                HomieTopics.all(),
                Qos.AT_LEAST_ONCE,
                m -> registry.onHomie(m.topic(), m.payload(), m.retained()));
        timer.scheduleAtFixedRate(this::publishStatus, 0, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes again, retained, each kept descriptor that the broker did not hand out when the
     * registry subscribed: the broker restarted without its retained messages. Every reader (this
     * registry, the loops' sensor limits, a dashboard) then sees the sensor as before. A device
     * that publishes its descriptor later replaces it as usual.
     */
    private void restoreDescriptors() {
        Map<String, byte[]> kept;
        try {
            kept = store.load();
        } catch (java.io.IOException e) {
            LOG.log(Level.WARNING, "kept sensor descriptors not read: " + e);
            return;
        }
        for (Map.Entry<String, byte[]> e : kept.entrySet()) {
            String id = e.getKey();
            if (heardOf.contains(id)) {
                continue;
            }
            String refused = armature.control.api.Names.isValid(id) ? null : "not a sensor id";
            if (refused == null) {
                refused = registry.descriptorProblem(id, e.getValue());
            }
            if (refused != null) {
                // What this registry would refuse now (its limits changed) is not handed out.
                LOG.log(Level.WARNING, "sensor " + id + ": kept descriptor dropped: " + refused);
                keep(id, null, true);
                continue;
            }
            LOG.log(
                    Level.INFO,
                    "sensor "
                            + id
                            + ": the broker had no descriptor (it restarted without its retained"
                            + " messages); the last valid one is published again");
            bus.publish(
                    Message.builder(topics.sensor(id).descriptor())
                            .payload(e.getValue())
                            .contentType(ContentTypes.JSON)
                            .qos(Qos.AT_LEAST_ONCE)
                            .retained(true)
                            // the device's, not this container's retained state: never cleared
                            // when the container stops, nor swept as its leftover
                            .userProperty(armature.bus.api.BusProperties.RETAINED_FOR, id)
                            .build());
        }
    }

    private void route(String id, Message m) {
        SensorTopics t = topics.sensor(id);
        if (m.topic().equals(t.samples())) {
            // A retained sample is the broker's stored copy of an old measurement, delivered when
            // the registry subscribes: not a sample now, and counting it would count it again at
            // every restart. Live samples reach a standing subscription unflagged.
            if (!m.retained()) {
                registry.onSample(id, m.payload());
            }
        } else if (m.topic().equals(t.descriptor())) {
            heardOf.add(id);
            boolean valid = registry.onDescriptor(id, m.payload());
            keep(id, valid ? m.payload() : null, m.payload().length == 0);
        } else if (m.topic().equals(t.state())) {
            registry.onState(id, m.payload());
        } else {
            LOG.log(Level.DEBUG, () -> "not a sensor stream, ignored: " + m.topic());
        }
    }

    /** Keeps a valid descriptor, forgets a cleared one; a refused one changes nothing kept. */
    private void keep(String id, byte[] valid, boolean cleared) {
        if (store == null || (valid == null && !cleared)) {
            return;
        }
        try {
            if (cleared) {
                store.delete(id);
            } else {
                store.save(id, valid);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "sensor " + id + ": descriptor not kept for restarts: " + e);
        }
    }

    /** Subscribes; the stage completes once the subscription is live (not when it failed). */
    private java.util.concurrent.CompletionStage<Void> subscribe(
            String filter, Qos qos, BiConsumer<String, Message> sink) {
        return subscribe(filter, qos, m -> sink.accept(topics.sensorIdOf(m.topic()), m));
    }

    private java.util.concurrent.CompletionStage<Void> subscribe(
            String filter, Qos qos, Consumer<Message> sink) {
        MessageHandler guarded =
                m -> {
                    // One bad message must never end the subscription for everyone else.
                    try {
                        sink.accept(m);
                    } catch (RuntimeException e) {
                        LOG.log(
                                Level.WARNING,
                                "sensor message on " + m.topic() + " not used: " + e);
                    }
                };
        java.util.concurrent.CompletableFuture<Void> live =
                new java.util.concurrent.CompletableFuture<>();
        bus.subscribe(filter, qos, guarded)
                .whenComplete(
                        (sub, error) -> {
                            if (error != null) {
                                LOG.log(
                                        Level.ERROR,
                                        "sensor registry cannot subscribe to "
                                                + filter
                                                + ": "
                                                + error.getMessage());
                                return;
                            }
                            synchronized (this) {
                                if (closed) {
                                    sub.cancel();
                                    return;
                                }
                                subscriptions.add(sub);
                            }
                            live.complete(null);
                        });
        return live;
    }

    private void publishStatus() {
        // An exception escaping a scheduled task would end the status for good.
        try {
            bus.publish(
                    Message.builder(topics.sensorRegistryStatus())
                            .payload(json.writeValueAsBytes(registry.status()))
                            .contentType(ContentTypes.JSON)
                            .qos(Qos.AT_LEAST_ONCE)
                            .retained(true)
                            .build());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "sensor registry status not published: " + e);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        List<Subscription> subs;
        synchronized (this) {
            closed = true;
            subs = new ArrayList<>(subscriptions);
            subscriptions.clear();
        }
        subs.forEach(Subscription::cancel);
        // A stale registry must not look alive after the feature is gone.
        bus.publish(
                Message.builder(topics.sensorRegistryStatus())
                        .payload(new byte[0])
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .build());
    }
}
