package armature.sensor;

import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorDescriptor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Every sensor the container has heard of, fed with the raw messages of the sensor topics. Pure
 * Java (no OSGi, no bus): {@link SensorRegistryComponent} subscribes and publishes. Each sensor has
 * its own descriptor, counters and rate gate, so nothing one device sends changes what happens to
 * another's samples. One lock: a sample costs microseconds, and the status needs a consistent view.
 */
final class SensorRegistry {
    private static final System.Logger LOG = System.getLogger(SensorRegistry.class.getName());

    private final RegistryLimits limits;
    private final Clock wall;
    private final LongSupplier nanos;
    private final ObjectMapper json;
    private final DescriptorJson descriptors;
    private final SampleReader reader;
    private final Map<String, SensorEntry> sensors = new TreeMap<>();
    private long ignored;

    SensorRegistry(RegistryLimits limits, Clock wall, LongSupplier nanos, ObjectMapper json) {
        this.limits = limits;
        this.wall = wall;
        this.nanos = nanos;
        this.json = json;
        this.descriptors = new DescriptorJson(json);
        this.reader = new SampleReader(json, limits.maxSampleBytes());
    }

    /** A retained descriptor arrived; an empty one removes the sensor. */
    synchronized void onDescriptor(String id, byte[] payload) {
        if (payload.length == 0) {
            if (sensors.remove(id) != null) {
                LOG.log(Level.INFO, "sensor " + id + " removed (empty descriptor)");
            }
            return;
        }
        SensorEntry e = entry(id);
        if (e == null) {
            return;
        }
        Instant now = wall.instant();
        try {
            if (payload.length > limits.maxDescriptorBytes()) {
                throw new IllegalArgumentException(
                        "descriptor of "
                                + payload.length
                                + " bytes; allowed: at most "
                                + limits.maxDescriptorBytes());
            }
            SensorDescriptor d = descriptors.parse(payload);
            if (!d.id().equals(id)) {
                throw new IllegalArgumentException(
                        "id '" + d.id() + "' differs from the topic's sensor level '" + id + "'");
            }
            e.descriptor = d;
            e.gate = new RateGate(d.nominalRateHz() * limits.maxRateFactor());
            LOG.log(
                    Level.INFO,
                    "sensor "
                            + id
                            + " described: "
                            + d.type()
                            + ", "
                            + d.fields().size()
                            + " fields, "
                            + d.nominalRateHz()
                            + " Hz");
        } catch (IllegalArgumentException ex) {
            e.descriptor = null;
            e.gate = null;
            e.reject(RejectionReason.BAD_DESCRIPTOR, ex.getMessage(), now);
            LOG.log(Level.WARNING, "sensor " + id + ": descriptor refused: " + ex.getMessage());
        }
    }

    /** A state announcement or last will: {@code {"state": "online"|"offline"}}; empty clears. */
    synchronized void onState(String id, byte[] payload) {
        SensorEntry e = payload.length == 0 ? sensors.get(id) : entry(id);
        if (e == null) {
            return;
        }
        if (payload.length == 0) {
            e.announced = SensorEntry.Announced.NONE;
            return;
        }
        String state = null;
        try {
            JsonNode n = json.readTree(payload);
            state = n == null ? null : n.path("state").asText(null);
        } catch (IOException ex) {
            // reported below like any other unreadable state
        }
        if ("online".equals(state)) {
            e.announced = SensorEntry.Announced.ONLINE;
        } else if ("offline".equals(state)) {
            e.announced = SensorEntry.Announced.OFFLINE;
            LOG.log(Level.INFO, "sensor " + id + " is offline");
        } else {
            String text = new String(payload, StandardCharsets.UTF_8);
            e.reject(
                    RejectionReason.MALFORMED,
                    "state '"
                            + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
                            + "'; allowed: {\"state\": \"online\"} or {\"state\": \"offline\"}",
                    wall.instant());
        }
    }

    /** A sample arrived: counted as accepted or refused, with the reason. */
    synchronized SampleReader.Outcome onSample(String id, byte[] payload) {
        SensorEntry e = entry(id);
        Instant now = wall.instant();
        long t = nanos.getAsLong();
        if (e == null) {
            return SampleReader.Outcome.rejected(
                    RejectionReason.NO_DESCRIPTOR, "registry full: sensor " + id + " not tracked");
        }
        e.lastSeen = now;
        SampleReader.Outcome o;
        if (e.descriptor == null) {
            o =
                    SampleReader.Outcome.rejected(
                            RejectionReason.NO_DESCRIPTOR,
                            "no valid descriptor on the sensor's descriptor topic; publish it"
                                    + " (retained) before samples");
        } else if (payload.length > limits.maxSampleBytes()) {
            // refused unread, and without a token: size is checked before the rate
            o =
                    SampleReader.Outcome.rejected(
                            RejectionReason.OVERSIZED,
                            "payload of "
                                    + payload.length
                                    + " bytes; allowed: at most "
                                    + limits.maxSampleBytes());
        } else if (!e.gate.tryAcquire(t)) {
            o =
                    SampleReader.Outcome.rejected(
                            RejectionReason.RATE_EXCEEDED,
                            "more than "
                                    + e.gate.ratePerSecond()
                                    + " samples/s ("
                                    + limits.maxRateFactor()
                                    + " x nominal "
                                    + e.descriptor.nominalRateHz()
                                    + " Hz)");
        } else {
            o = reader.read(e.descriptor, payload, now);
        }
        if (o.isAccepted()) {
            e.accept(now, t);
            if (e.announced == SensorEntry.Announced.OFFLINE) {
                e.announced = SensorEntry.Announced.ONLINE; // back without saying so
            }
        } else {
            e.reject(o.reason(), o.message(), now);
            LOG.log(Level.DEBUG, () -> "sensor " + id + ": " + o.reason() + ": " + o.message());
        }
        return o;
    }

    private SensorEntry entry(String id) {
        SensorEntry e = sensors.get(id);
        if (e == null) {
            if (sensors.size() >= limits.maxSensors()) {
                if (ignored++ % 1000 == 0) {
                    LOG.log(
                            Level.WARNING,
                            "registry holds "
                                    + limits.maxSensors()
                                    + " sensors (maxSensors); ignoring "
                                    + id);
                }
                return null;
            }
            e = new SensorEntry(id);
            sensors.put(id, e);
        }
        return e;
    }

    /** The registry's status document (channel sensorRegistryStatus of docs/asyncapi.yaml). */
    synchronized RegistryStatus status() {
        long t = nanos.getAsLong();
        List<RegistryStatus.Sensor> out = new ArrayList<>();
        for (SensorEntry e : sensors.values()) {
            Map<String, Long> by = new LinkedHashMap<>();
            e.rejectedBy.forEach((r, n) -> by.put(r.wireName(), n));
            SensorDescriptor d = e.descriptor;
            out.add(
                    new RegistryStatus.Sensor(
                            e.id,
                            e.state().name(),
                            d == null ? null : d.type(),
                            d == null ? null : d.frameId(),
                            d == null ? null : d.nominalRateHz(),
                            d == null ? List.of() : RegistryStatus.fields(d),
                            e.rateHz(t),
                            millis(e.lastSeen),
                            e.accepted,
                            e.rejected,
                            by,
                            e.lastReason == null
                                    ? null
                                    : new RegistryStatus.Rejection(
                                            e.lastReason.wireName(),
                                            e.lastMessage,
                                            millis(e.lastRejectedAt))));
        }
        return new RegistryStatus(
                wall.millis(),
                new RegistryStatus.Limits(
                        limits.maxSampleBytes(), limits.maxRateFactor(), limits.maxSensors()),
                out);
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }
}
