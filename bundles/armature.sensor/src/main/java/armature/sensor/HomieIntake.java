package armature.sensor;

import armature.control.api.HomieTopics;
import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorField;
import armature.sensor.api.SensorSample;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Homie 5 devices into the registry (docs/sensors.md, ADR 0098): {@code $state} becomes the
 * sensor's state, {@code $description} its descriptor, and every property value one sample that
 * carries that one field, judged like any other sample (size, rate, type, range). Runs under the
 * registry's lock.
 */
final class HomieIntake {
    private static final System.Logger LOG = System.getLogger(HomieIntake.class.getName());

    private final SensorRegistry registry;
    private final HomieDescription descriptions;
    private final RegistryLimits limits;

    HomieIntake(SensorRegistry registry, HomieDescription descriptions, RegistryLimits limits) {
        this.registry = registry;
        this.descriptions = descriptions;
        this.limits = limits;
    }

    /**
     * One message under {@code homie/5/}.
     *
     * @param retained whether the broker delivered it from its store (at subscription), not live
     * @return a property value's outcome; null for anything that is not a sample
     */
    SampleReader.Outcome on(String topic, byte[] payload, boolean retained, Instant now, long t) {
        HomieTopics.Parsed p = HomieTopics.parse(topic).orElse(null);
        if (p == null) {
            return null;
        }
        switch (p.kind()) {
            case STATE -> state(p.device(), payload, now);
            case DESCRIPTION -> description(p.device(), payload, now);
            case PROPERTY -> {
                return value(p, payload, retained, now, t);
            }
            case OTHER -> {
                // $log, $alert, set and $target topics, broadcasts: nothing a sensor reports
            }
        }
        return null;
    }

    private void state(String id, byte[] payload, Instant now) {
        if (payload.length == 0) {
            registry.removeHomieDevice(id); // the convention's way to remove a device
            return;
        }
        SensorEntry e = registry.homieDevice(id, true);
        if (e == null) {
            return;
        }
        String s = new String(payload, StandardCharsets.UTF_8);
        SensorEntry.Announced a =
                switch (s) {
                    case "ready", "alert" -> SensorEntry.Announced.ONLINE; // alert: Homie 4
                    case "init" -> SensorEntry.Announced.NONE;
                    case "disconnected", "lost", "sleeping" -> SensorEntry.Announced.OFFLINE;
                    default -> null;
                };
        if (a == null) {
            e.reject(
                    RejectionReason.MALFORMED,
                    "$state '"
                            + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
                            + "'; allowed: init, ready, disconnected, sleeping, lost",
                    now);
            return;
        }
        if (a == SensorEntry.Announced.OFFLINE && e.announced != a) {
            LOG.log(Level.INFO, "Homie device " + id + " is " + s);
        }
        e.homieState = s;
        e.announced = a;
    }

    private void description(String id, byte[] payload, Instant now) {
        SensorEntry e = registry.homieDevice(id, payload.length > 0);
        if (e == null) {
            return;
        }
        if (payload.length == 0) {
            // the device is being removed (its $state goes first) or re-described: no error
            e.mapping = null;
            e.descriptor = null;
            e.gate = null;
            return;
        }
        try {
            if (payload.length > limits.maxDescriptorBytes()) {
                throw new IllegalArgumentException(
                        "$description of "
                                + payload.length
                                + " bytes; allowed: at most "
                                + limits.maxDescriptorBytes());
            }
            HomieDescription.Mapping m = descriptions.parse(id, payload, limits.homieRateHz());
            e.mapping = m;
            e.descriptor = m.descriptor();
            e.gate = new RateGate(limits.homieRateHz() * limits.maxRateFactor());
            LOG.log(
                    Level.INFO,
                    "Homie device "
                            + id
                            + " described (version "
                            + m.version()
                            + "): "
                            + m.fields().size()
                            + " fields, "
                            + m.ignored().size()
                            + " properties ignored");
        } catch (IllegalArgumentException ex) {
            e.mapping = null;
            e.descriptor = null;
            e.gate = null;
            e.reject(RejectionReason.BAD_DESCRIPTOR, ex.getMessage(), now);
            LOG.log(Level.WARNING, "Homie device " + id + ": " + ex.getMessage());
        }
    }

    private SampleReader.Outcome value(
            HomieTopics.Parsed p, byte[] payload, boolean retained, Instant now, long t) {
        if (payload.length == 0 || retained) {
            // empty: a retained value being deleted; retained: the broker's stored copy of an old
            // value, delivered again at every (re)subscription, so not a new sample
            return null;
        }
        SensorEntry e = registry.homieDevice(p.device(), true);
        if (e == null) {
            return null;
        }
        String key = p.node() + "/" + p.property();
        HomieDescription.Mapping m = e.mapping;
        if (m != null && m.ignored().containsKey(key)) {
            return null; // a string, enum, color... property: listed as ignored, not an error
        }
        SensorField f = m == null ? null : m.fields().get(key);
        return registry.judge(
                e,
                payload.length,
                now,
                t,
                () -> {
                    if (f == null) {
                        return SampleReader.Outcome.rejected(
                                RejectionReason.UNKNOWN_FIELD,
                                "property '"
                                        + key
                                        + "' is not in the $description; allowed: "
                                        + m.fields().keySet());
                    }
                    try {
                        Object v = HomieValues.value(f, payload);
                        return SampleReader.Outcome.accepted(
                                new SensorSample(e.id, Optional.empty(), now, Map.of(f.name(), v)));
                    } catch (FieldCheck.Refused r) {
                        return SampleReader.Outcome.rejected(r.reason, r.getMessage());
                    }
                });
    }
}
