package armature.control.component;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.SensorTopics;
import armature.safety.SensorGuard;
import armature.safety.SensorLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Feeds the supervisor's {@link SensorGuard}s from the bus: one subscription per guarded sensor
 * ({@link SensorTopics#filter()}, so descriptor, state and samples arrive at one handler in order),
 * the retained descriptor checked by the loop itself ({@link SensorSampleCheck}), every sample
 * checked against it; an invalid one is counted as such, and only its guarded value, where
 * readable, is used ({@link InvalidSample}); retained samples are never used. Runs on the bus's
 * delivery threads; the guards hand the verdict to the tick through volatile fields, so nothing
 * here ever waits for a tick.
 */
final class SensorFeed {
    private static final System.Logger LOG = System.getLogger(SensorFeed.class.getName());

    /** Bigger samples are not read (the registry's default limit is 4096 bytes). */
    static final int MAX_SAMPLE_BYTES = 65_536;

    /** Samples this soon after an offline are taken as sent before it (as the registry does). */
    static final long OFFLINE_GRACE_NANOS = 1_000_000_000L;

    private final MessageBus bus;
    private final ContainerTopics container;
    private final JsonCodec json = new JsonCodec();
    private final Map<String, Sensor> sensors = new LinkedHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** The guards of one sensor and its descriptor; its handler runs one message at a time. */
    private final class Sensor {
        final SensorTopics topics;
        final List<SensorGuard> guards = new ArrayList<>();
        SensorSampleCheck descriptor; // null: none, or refused
        // Per guard, whether the descriptor serves its limit: decided once per descriptor, not
        // per sample (the reason, a string, is made and logged only then).
        boolean[] usable = new boolean[0];
        // The unit of each guarded field when a descriptor was first accepted: a bound is in that
        // unit, so a later descriptor in another unit (N to kN) cannot serve the limit.
        final Map<String, String> units = new java.util.HashMap<>();
        // When (System.nanoTime) the sensor said it is offline, or its will did; 0: not offline.
        long offlineAtNanos;

        Sensor(SensorTopics topics) {
            this.topics = topics;
        }

        synchronized void on(Message m) {
            if (m.topic().equals(topics.samples())) {
                if (m.retained()) {
                    // The broker's last sample, replayed on (re)subscribe, may be from a sensor
                    // that died long ago: it must not make a guard fresh again.
                    invalid("retained sample; allowed: not retained");
                    return;
                }
                onSample(m.payload());
            } else if (m.topic().equals(topics.descriptor())) {
                onDescriptor(m.payload());
            } else if (m.topic().equals(topics.state())) {
                onState(m.payload());
            }
        }

        private void onDescriptor(byte[] payload) {
            descriptor = null;
            usable = new boolean[guards.size()];
            if (payload.length == 0) {
                unavailable("sensor " + topics.sensorId() + " has no descriptor");
                return;
            }
            try {
                descriptor =
                        SensorSampleCheck.descriptor(
                                topics.sensorId(), json.decodeTree(topics.descriptor(), payload));
            } catch (RuntimeException e) {
                unavailable(
                        "descriptor of sensor "
                                + topics.sensorId()
                                + " refused: "
                                + e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "sensor limits: " + e.getMessage());
                return;
            }
            for (int i = 0; i < guards.size(); i++) {
                SensorGuard g = guards.get(i);
                String problem = shapeProblem(g.limit(), descriptor);
                if (problem == null) {
                    problem = unitProblem(g.limit(), descriptor.fields.get(g.limit().field()));
                }
                usable[i] = problem == null;
                if (problem == null) {
                    g.described(descriptor.nominalRateHz);
                } else {
                    g.unavailable(problem);
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "sensor limit " + g.limit().condition() + ": " + problem);
                }
            }
        }

        private String unitProblem(SensorLimit l, SensorSampleCheck.Field f) {
            String unit = String.valueOf(f.unit());
            String pinned = units.putIfAbsent(f.name(), unit);
            if (pinned == null || pinned.equals(unit)) {
                return null;
            }
            return "field '"
                    + f.name()
                    + "' unit changed from '"
                    + pinned
                    + "' to '"
                    + unit
                    + "'; allowed: '"
                    + pinned
                    + "', the unit of the bound (restart the loop after changing the sensor)";
        }

        private void onState(byte[] payload) {
            String state = null;
            try {
                if (payload.length > 0
                        && json.decodeTree(topics.state(), payload) instanceof Map<?, ?> doc
                        && doc.get("state") instanceof String s) {
                    state = s;
                }
            } catch (RuntimeException e) {
                // An unreadable state says nothing; the samples' age still decides.
            }
            if ("offline".equals(state)) {
                offlineAtNanos = Math.max(1, System.nanoTime());
                unavailable("sensor " + topics.sensorId() + " is offline");
            } else if ("online".equals(state)) {
                offlineAtNanos = 0;
            }
        }

        private void onSample(byte[] payload) {
            if (descriptor == null) {
                invalid("no valid descriptor");
                return;
            }
            if (offlineAtNanos != 0) {
                if (System.nanoTime() - offlineAtNanos < OFFLINE_GRACE_NANOS) {
                    // Sent before the offline (or the will) and delivered after it: MQTT does not
                    // order the samples topic against the state topic. It must not make the
                    // guard fresh again; the sensor stays offline.
                    invalid("sample delivered just after the sensor went offline");
                    return;
                }
                offlineAtNanos = 0; // back without saying so, as the registry takes it too
            }
            if (payload.length > MAX_SAMPLE_BYTES) {
                String why =
                        "payload of " + payload.length + " bytes; allowed: " + MAX_SAMPLE_BYTES;
                invalid(why);
                unreadable(null, why);
                return;
            }
            Object tree;
            try {
                tree = json.decodeTree(topics.samples(), payload);
            } catch (RuntimeException e) {
                invalid(e.getMessage());
                unreadable(null, "sample not readable: " + e.getMessage());
                return;
            }
            Map<String, Object> values;
            try {
                values = descriptor.sample(tree);
            } catch (RuntimeException e) {
                invalid(e.getMessage());
                // Still counted invalid, but a readable guarded value is used: a saturated
                // reading above the descriptor's max, or a bad field beside the guarded one,
                // must break the bound now, not let the hand push on until the maximum age.
                unreadable(tree, null);
                return;
            }
            for (int i = 0; i < guards.size(); i++) {
                if (!usable[i]) {
                    continue; // unavailable since the descriptor arrived
                }
                SensorGuard g = guards.get(i);
                Object v = values.get(g.limit().field());
                if (v instanceof double[] xs) {
                    g.sample(xs);
                } else {
                    double x = (Double) v;
                    g.sample(x);
                }
            }
        }

        /**
         * An invalid sample: each guard gets its value where the sample has it as a finite number
         * (in the descriptor's shape), otherwise it is stale at once, not after the maximum age.
         *
         * @param tree the decoded sample, or {@code null} when it could not be read ({@code why})
         */
        private void unreadable(Object tree, String why) {
            Map<?, ?> values =
                    tree instanceof Map<?, ?> root && root.get("values") instanceof Map<?, ?> v
                            ? v
                            : null;
            for (int i = 0; i < guards.size(); i++) {
                if (!usable[i]) {
                    continue;
                }
                SensorGuard g = guards.get(i);
                String problem =
                        values == null
                                ? (why != null ? why : "sample has no 'values' object")
                                : InvalidSample.feed(
                                        g, descriptor.fields.get(g.limit().field()), values);
                if (problem != null) {
                    g.unavailable("invalid sample: " + g.limit().target() + ": " + problem);
                }
            }
        }

        private void unavailable(String why) {
            guards.forEach(g -> g.unavailable(why));
        }

        private void invalid(String why) {
            guards.forEach(g -> g.invalid(why));
        }
    }

    SensorFeed(MessageBus bus, List<SensorGuard> guards) {
        this.bus = bus;
        this.container = ContainerTopics.of(bus.containerId());
        for (SensorGuard g : guards) {
            sensors.computeIfAbsent(g.limit().sensorId(), id -> new Sensor(container.sensor(id)))
                    .guards
                    .add(g);
        }
    }

    /** Why the descriptor cannot serve the limit, or {@code null} when it can. */
    static String shapeProblem(SensorLimit l, SensorSampleCheck d) {
        SensorSampleCheck.Field f = d.fields.get(l.field());
        // The limit is named by whoever reports it (the event, the log line): not again here.
        String where = "";
        if (f == null) {
            return where + "sensor " + l.sensorId() + " has no field '" + l.field() + "'";
        }
        if (f.type().equals("boolean")) {
            return where + "field '" + l.field() + "' is a boolean; allowed: a number or array";
        }
        if (l.selector() == SensorLimit.Selector.ELEMENT
                && !(f.type().equals("array") && l.index() < f.size())) {
            return where
                    + "element ["
                    + l.index()
                    + "] of field '"
                    + l.field()
                    + "' ("
                    + f.type()
                    + (f.type().equals("array") ? " of " + f.size() : "")
                    + "); allowed: an index below the array's size";
        }
        return null;
    }

    void subscribe() {
        for (Sensor s : sensors.values()) {
            String filter = s.topics.filter();
            bus.subscribe(filter, Qos.AT_LEAST_ONCE, m -> guarded(s, m))
                    .whenComplete(
                            (sub, e) -> {
                                if (e != null) {
                                    // The guards stay stale: fail safe, and said so.
                                    LOG.log(
                                            System.Logger.Level.ERROR,
                                            "sensor limits cannot subscribe to " + filter,
                                            e);
                                } else if (closed) {
                                    sub.cancel();
                                } else {
                                    subscriptions.add(sub);
                                }
                            });
        }
    }

    private static void guarded(Sensor s, Message m) {
        try {
            s.on(m);
        } catch (RuntimeException e) {
            // One bad message must not end the subscription; the guards age and go stale.
            LOG.log(System.Logger.Level.WARNING, "sensor message on " + m.topic() + ": " + e);
        }
    }

    void close() {
        closed = true;
        subscriptions.forEach(Subscription::cancel);
    }
}
