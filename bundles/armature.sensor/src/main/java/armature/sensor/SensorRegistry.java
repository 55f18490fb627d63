package armature.sensor;

import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every sensor the container has heard of, fed with the raw messages of the sensor topics. Pure
 * Java (no OSGi, no bus): {@link SensorRegistryComponent} subscribes and publishes. Each sensor has
 * its own descriptor, counters and rate gate, so nothing one device sends changes what happens to
 * another's samples. One lock: a sample costs microseconds, and the status needs a consistent view.
 */
final class SensorRegistry {
    private static final System.Logger LOG = System.getLogger(SensorRegistry.class.getName());

    /** A valid sample brings an offline sensor back online only this long after the offline. */
    static final long OFFLINE_GRACE_NANOS = 1_000_000_000L;

    private final RegistryLimits limits;
    private final Clock wall;
    private final LongSupplier nanos;
    private final ObjectMapper json;
    private final DescriptorJson descriptors;
    private final SampleReader reader;
    private final Set<String> synchronizedClocks;
    private final HomieIntake homie;
    private final Map<String, SensorEntry> sensors = new TreeMap<>();
    private final Map<String, SensorEntry> homieDevices = new TreeMap<>();
    private long ignored;

    SensorRegistry(RegistryLimits limits, Clock wall, LongSupplier nanos, ObjectMapper json) {
        this(limits, wall, nanos, json, Set.of());
    }

    /**
     * @param synchronizedClocks ids of sensors whose clocks are known to be synchronised with the
     *     container's (NTP or PTP on the same servers): their latency is reported as absolute
     */
    SensorRegistry(
            RegistryLimits limits,
            Clock wall,
            LongSupplier nanos,
            ObjectMapper json,
            Set<String> synchronizedClocks) {
        this.limits = limits;
        this.wall = wall;
        this.nanos = nanos;
        // Strict JSON, as the loop reads samples: a repeated key or text after the value is
        // malformed, so registry, loop and policies never read one payload two ways.
        ObjectMapper strict =
                json.copy()
                        .enable(
                                com.fasterxml.jackson.core.JsonParser.Feature
                                        .STRICT_DUPLICATE_DETECTION)
                        .enable(
                                com.fasterxml.jackson.databind.DeserializationFeature
                                        .FAIL_ON_TRAILING_TOKENS);
        this.json = strict;
        this.synchronizedClocks = Set.copyOf(synchronizedClocks);
        this.descriptors = new DescriptorJson(strict);
        this.reader = new SampleReader(strict);
        this.homie = new HomieIntake(this, new HomieDescription(strict), limits);
    }

    /**
     * Why this registry would refuse {@code payload} as sensor {@code id}'s descriptor, or null.
     */
    String descriptorProblem(String id, byte[] payload) {
        if (payload.length == 0 || payload.length > limits.maxDescriptorBytes()) {
            return "descriptor of "
                    + payload.length
                    + " bytes; allowed: 1 to "
                    + limits.maxDescriptorBytes();
        }
        try {
            SensorDescriptor d = descriptors.parse(payload);
            return d.id().equals(id) ? null : "id '" + d.id() + "' differs from '" + id + "'";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * A retained descriptor arrived; an empty one removes the sensor.
     *
     * @return whether it is now the sensor's valid descriptor
     */
    synchronized boolean onDescriptor(String id, byte[] payload) {
        if (payload.length == 0) {
            if (sensors.remove(id) != null) {
                LOG.log(Level.INFO, "sensor " + id + " removed (empty descriptor)");
            }
            return false;
        }
        SensorEntry e = entry(sensors, id, false);
        if (e == null) {
            return false;
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
            return true;
        } catch (IllegalArgumentException ex) {
            e.descriptor = null;
            e.gate = null;
            e.reject(RejectionReason.BAD_DESCRIPTOR, ex.getMessage(), now);
            LOG.log(Level.WARNING, "sensor " + id + ": descriptor refused: " + ex.getMessage());
            return false;
        }
    }

    /** A state announcement or last will: {@code {"state": "online"|"offline"}}; empty clears. */
    synchronized void onState(String id, byte[] payload) {
        SensorEntry e = payload.length == 0 ? sensors.get(id) : entry(sensors, id, false);
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
            e.announcedOnline(nanos.getAsLong());
        } else if ("offline".equals(state)) {
            e.announced = SensorEntry.Announced.OFFLINE;
            e.offlineAtNanos = nanos.getAsLong();
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
        SensorEntry e = entry(sensors, id, false);
        Instant now = wall.instant();
        long t = nanos.getAsLong();
        if (e == null) {
            return SampleReader.Outcome.rejected(
                    RejectionReason.NO_DESCRIPTOR, "registry full: sensor " + id + " not tracked");
        }
        SampleReader.Outcome o =
                judge(e, payload.length, now, t, () -> reader.read(e.descriptor, payload, now));
        if (o.isAccepted()) {
            o.sample().sourceTime().ifPresent(src -> sourceTime(e, src, now, t));
            // Back without saying so; but not by a sample the device sent before its offline that
            // the broker delivered after it (samples and state travel on different topics and
            // QoS, which MQTT does not order against each other).
            if (e.announced == SensorEntry.Announced.OFFLINE
                    && t - e.offlineAtNanos > OFFLINE_GRACE_NANOS) {
                e.announcedOnline(t);
            }
        }
        return o;
    }

    /**
     * A message under {@code homie/5/}: a device's $state, $description or a property value.
     *
     * @return a property value's outcome; null for everything else
     */
    synchronized SampleReader.Outcome onHomie(String topic, byte[] payload, boolean retained) {
        return homie.on(topic, payload, retained, wall.instant(), nanos.getAsLong());
    }

    /**
     * The checks every sample takes, in order: a descriptor, the size (unread, and without a
     * token), the sensor's rate, then {@code read}; counted either way. Under the lock.
     */
    SampleReader.Outcome judge(
            SensorEntry e, int length, Instant now, long t, Supplier<SampleReader.Outcome> read) {
        e.lastSeen = now;
        SampleReader.Outcome o;
        if (e.descriptor == null) {
            o =
                    SampleReader.Outcome.rejected(
                            RejectionReason.NO_DESCRIPTOR,
                            e.homie
                                    ? "no valid $description; the device publishes it (retained)"
                                            + " before its values"
                                    : "no valid descriptor on the sensor's descriptor topic;"
                                            + " publish it (retained) before samples");
        } else if (length > limits.maxSampleBytes()) {
            o =
                    SampleReader.Outcome.rejected(
                            RejectionReason.OVERSIZED,
                            "payload of "
                                    + length
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
            o = read.get();
        }
        if (o.isAccepted()) {
            e.accept(now, t);
        } else {
            e.reject(o.reason(), o.message(), now);
            LOG.log(Level.DEBUG, () -> "sensor " + e.id + ": " + o.reason() + ": " + o.message());
        }
        return o;
    }

    private void sourceTime(SensorEntry e, Instant source, Instant now, long t) {
        if (e.clock == null) {
            e.clock =
                    new ClockEstimator(
                            limits.clockWindowMillis() * 1_000_000L / ClockEstimator.BUCKETS,
                            limits.maxClockSkewMillis() * 1_000_000L);
        }
        e.clock.add(epochNanos(source), epochNanos(now), t);
    }

    private static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** The Homie device {@code id}, made when new unless the registry is full. */
    SensorEntry homieDevice(String id, boolean create) {
        return create ? entry(homieDevices, id, true) : homieDevices.get(id);
    }

    /** Forgets a Homie device (its $state was cleared). */
    void removeHomieDevice(String id) {
        if (homieDevices.remove(id) != null) {
            LOG.log(Level.INFO, "Homie device " + id + " removed (empty $state)");
        }
    }

    private SensorEntry entry(Map<String, SensorEntry> map, String id, boolean isHomie) {
        SensorEntry e = map.get(id);
        if (e == null) {
            if (sensors.size() + homieDevices.size() >= limits.maxSensors()) {
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
            e = new SensorEntry(id, isHomie);
            map.put(id, e);
        }
        return e;
    }

    /** Says once when a plain sensor falls silent, and once when it sends again. */
    private static void logSilence(SensorEntry e, long t) {
        SensorState now = e.state(t);
        if (now == SensorState.SILENT && e.logged != SensorState.SILENT) {
            LOG.log(
                    Level.WARNING,
                    String.format(
                            java.util.Locale.ROOT,
                            "sensor %s is silent: no valid sample for %.1f s (nominal %s Hz, allowed"
                                    + " %.1f s); it has not said it is offline",
                            e.id,
                            (t - e.aliveAtNanos) / 1e9,
                            e.descriptor.nominalRateHz(),
                            SensorEntry.silenceNanos(e.descriptor) / 1e9));
        } else if (now == SensorState.ONLINE && e.logged == SensorState.SILENT) {
            LOG.log(Level.INFO, "sensor " + e.id + " sends valid samples again");
        }
        e.logged = now;
    }

    /** The registry's status document (channel sensorRegistryStatus of docs/asyncapi.yaml). */
    synchronized RegistryStatus status() {
        long t = nanos.getAsLong();
        List<RegistryStatus.Sensor> out = new ArrayList<>();
        for (SensorEntry e : sensors.values()) {
            logSilence(e, t);
            out.add(RegistryStatus.sensor(e, t, synchronizedClocks.contains(e.id)));
        }
        for (SensorEntry e : homieDevices.values()) {
            out.add(RegistryStatus.sensor(e, t, false)); // Homie values carry no source time
        }
        return new RegistryStatus(
                wall.millis(),
                new RegistryStatus.Limits(
                        limits.maxSampleBytes(),
                        limits.maxRateFactor(),
                        limits.maxSensors(),
                        limits.homieRateHz(),
                        limits.maxClockSkewMillis(),
                        limits.clockWindowMillis()),
                out);
    }
}
