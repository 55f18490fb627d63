package armature.control.component;

import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Birth, health and death of every {@link JointDriver} in the container, whether or not a loop
 * drives it: a retained JSON document on {@code armature/v1/<container>/drivers/<driver>/health}
 * when the driver appears and whenever its health changes; when it goes, one non-retained {@code
 * GONE} document and then the retained one cleared. If the whole process dies, the container's own
 * last will on {@code armature/v1/<container>/state} says so for all its drivers at once (one MQTT
 * connection carries one will). Health is polled on this component's own thread: {@link
 * JointDriver#health()} is cheap and thread-safe by contract, while state reads belong to the loop
 * that drives the device, which publishes them.
 */
@Component(
        service = {},
        immediate = true)
public final class DriverPresenceComponent {
    static final long POLL_MILLIS = 200;
    private static final System.Logger LOG =
            System.getLogger(DriverPresenceComponent.class.getName());

    private final MessageBus bus;
    private final JsonCodec json = new JsonCodec();
    private final Map<JointDriver, Tracked> drivers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-driver-presence");
                        t.setDaemon(true);
                        return t;
                    });

    private ConnectionState lastBusState; // poller thread

    /** One driver's topic and the health last published for it (null: publish again). */
    private static final class Tracked {
        final String name;
        final String topic;
        private DriverHealth published;

        Tracked(String name, String topic) {
            this.name = name;
            this.topic = topic;
        }

        /** Records {@code now} as published; false when it already was. */
        synchronized boolean changeTo(DriverHealth now) {
            if (now.equals(published)) {
                return false;
            }
            published = now;
            return true;
        }

        synchronized void forget() {
            published = null;
        }
    }

    @Activate
    public DriverPresenceComponent(@Reference MessageBus bus) {
        this.bus = bus;
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
        for (JointDriver d : List.copyOf(drivers.keySet())) {
            gone(d, "driver presence stopped");
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            service = JointDriver.class)
    void addDriver(JointDriver driver, Map<String, Object> properties) {
        Object configured = properties.get(JointDriver.NAME_PROPERTY);
        String name =
                configured == null
                        ? "service-" + properties.get("service.id")
                        : configured.toString().replaceAll("[/+#]", "_");
        String topic = ContainerTopics.of(bus.containerId()).driverHealth(name);
        Tracked t = new Tracked(name, topic);
        drivers.put(driver, t);
        poller.execute(() -> guarded(driver, t));
    }

    void removeDriver(JointDriver driver) {
        gone(driver, "driver service unregistered");
    }

    private void gone(JointDriver driver, String why) {
        Tracked t = drivers.remove(driver);
        if (t == null) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("driver", t.name);
        doc.put("state", "GONE");
        doc.put("message", why);
        doc.put("timestampMillis", System.currentTimeMillis());
        publish(t.topic, json.encode(doc), false);
        publish(t.topic, new byte[0], true);
    }

    private void poll() {
        // A broker that restarted (or a bus that connected late) has lost the retained documents:
        // republish everything on every transition to CONNECTED.
        ConnectionState state = bus.state();
        if (state == ConnectionState.CONNECTED && lastBusState != ConnectionState.CONNECTED) {
            drivers.values().forEach(Tracked::forget);
        }
        lastBusState = state;
        drivers.forEach(this::guarded);
    }

    // An exception escaping a scheduled task would silently end the polling for every driver.
    private void guarded(JointDriver driver, Tracked t) {
        try {
            publishIfChanged(driver, t);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "driver '" + t.name + "': cannot publish its health",
                    e);
        }
    }

    private void publishIfChanged(JointDriver driver, Tracked t) {
        DriverHealth now;
        try {
            now = driver.health();
        } catch (RuntimeException e) {
            now = new DriverHealth(HealthState.FAULT, "health() threw " + e);
        }
        if (!drivers.containsKey(driver) || !t.changeTo(now)) {
            return;
        }
        publish(t.topic, json.encode(document(t.name, driver, now)), true)
                .exceptionally(
                        e -> {
                            t.forget(); // not delivered: the next poll tries again
                            return null;
                        });
    }

    static Map<String, Object> document(String name, JointDriver driver, DriverHealth health) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("driver", name);
        doc.put("state", health.state().name());
        doc.put("message", health.message());
        doc.put("timestampMillis", System.currentTimeMillis());
        List<Map<String, Object>> joints = new ArrayList<>();
        for (JointDescription j : driver.joints()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", j.name());
            m.put("minPositionRad", j.minPositionRad());
            m.put("maxPositionRad", j.maxPositionRad());
            m.put("maxVelocityRadPerSec", finiteOrNull(j.maxVelocityRadPerSec()));
            m.put("maxEffort", finiteOrNull(j.maxEffort()));
            m.put("effortUnit", j.effortUnit());
            m.put("modes", j.supportedModes().stream().map(Enum::name).sorted().toList());
            joints.add(m);
        }
        doc.put("joints", joints);
        return doc;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private CompletionStage<Void> publish(String topic, byte[] payload, boolean retained) {
        Message.Builder b = Message.builder(topic).qos(Qos.AT_LEAST_ONCE).retained(retained);
        if (payload.length > 0) {
            b.contentType(ContentTypes.JSON);
        }
        CompletionStage<Void> sent = bus.publish(b.payload(payload).build());
        sent.exceptionally(
                e -> {
                    LOG.log(System.Logger.Level.DEBUG, "driver presence publish on " + topic, e);
                    return null;
                });
        return sent;
    }
}
