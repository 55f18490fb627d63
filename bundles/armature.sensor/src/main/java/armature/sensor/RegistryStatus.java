package armature.sensor;

import armature.sensor.api.SensorDescriptor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retained registry document, written by Jackson (schema {@code sensorRegistryStatus} of
 * docs/asyncapi.yaml).
 *
 * @param timestampMillis when it was made, ms since 1970
 * @param limits the registry's limits
 * @param sensors every known sensor, by id
 */
record RegistryStatus(long timestampMillis, Limits limits, List<Sensor> sensors) {
    /** The limits every sample is checked against. */
    record Limits(
            int maxSampleBytes,
            double maxRateFactor,
            int maxSensors,
            double homieRateHz,
            long maxClockSkewMillis,
            long clockWindowMillis) {}

    /** A Homie property that is not a field: {@code <node>/<property>}, its datatype, why. */
    record Ignored(String property, String datatype, String reason) {}

    /** What a Homie device said: its {@code $state}, description version and ignored properties. */
    record Homie(String state, Long version, List<Ignored> ignored) {}

    /**
     * Source and receive time (ADR 0098): counts, and the estimates over the last window.
     *
     * @param withSourceTime accepted samples that carried {@code sourceTimeNs}
     * @param sourceInFuture of those, how many had a source time after their receive time
     * @param farOff of those, how many were further than {@code maxClockSkewMillis} off
     * @param offsetNs smallest receive-minus-source time of the window: the device clock's offset
     *     behind ours plus the minimum latency; null without samples in the window
     * @param delayP50Ns median delay above that fastest sample
     * @param delayP99Ns 99th percentile of the delay above that fastest sample
     * @param clockSynchronized whether the device's clock is configured as synchronised with ours
     * @param latencyP50Ns with a synchronised clock: median one-way latency, else null
     * @param latencyP99Ns with a synchronised clock: 99th percentile one-way latency, else null
     */
    record Time(
            long withSourceTime,
            long sourceInFuture,
            long farOff,
            Long offsetNs,
            Long delayP50Ns,
            Long delayP99Ns,
            boolean clockSynchronized,
            Long latencyP50Ns,
            Long latencyP99Ns) {}

    /** One field of a descriptor: name, unit, type. */
    record Field(String name, String unit, String type) {}

    /** The latest refusal: reason, what was wrong, when. */
    record Rejection(String reason, String message, Long atMillis) {}

    /** One sensor. */
    record Sensor(
            String id,
            String source,
            String state,
            String type,
            String frameId,
            Double nominalRateHz,
            List<Field> fields,
            double rateHz,
            Long lastSeenMillis,
            long accepted,
            long rejected,
            Map<String, Long> rejectedBy,
            Rejection lastRejection,
            Homie homie,
            Time time) {}

    static List<Field> fields(SensorDescriptor d) {
        return d.fields().stream()
                .map(f -> new Field(f.name(), f.unit(), f.type().wireName()))
                .toList();
    }

    /**
     * One sensor's entry as of monotonic time {@code t}.
     *
     * @param synchronizedClock whether its clock is configured as synchronised with the container's
     */
    static Sensor sensor(SensorEntry e, long t, boolean synchronizedClock) {
        Map<String, Long> by = new LinkedHashMap<>();
        e.rejectedBy.forEach((r, n) -> by.put(r.wireName(), n));
        SensorDescriptor d = e.descriptor;
        return new Sensor(
                e.id,
                e.homie ? "homie" : "mqtt",
                e.state(t).name(),
                d == null ? null : d.type(),
                d == null ? null : d.frameId(),
                d == null ? null : d.nominalRateHz(),
                d == null ? List.of() : fields(d),
                e.rateHz(t),
                millis(e.lastSeen),
                e.accepted,
                e.rejected,
                by,
                e.lastReason == null
                        ? null
                        : new Rejection(
                                e.lastReason.wireName(), e.lastMessage, millis(e.lastRejectedAt)),
                e.homie
                        ? new Homie(
                                e.homieState,
                                e.mapping == null ? null : e.mapping.version(),
                                e.mapping == null
                                        ? List.of()
                                        : List.copyOf(e.mapping.ignored().values()))
                        : null,
                time(e, t, synchronizedClock));
    }

    private static Time time(SensorEntry e, long t, boolean sync) {
        ClockEstimator c = e.clock;
        if (c == null) {
            return new Time(0, 0, 0, null, null, null, sync, null, null);
        }
        Long offset = c.offsetNanos(t);
        Long p50 = c.delayPercentileNanos(50, t);
        Long p99 = c.delayPercentileNanos(99, t);
        boolean abs = sync && offset != null && p50 != null;
        return new Time(
                c.withSourceTime(),
                c.inFuture(),
                c.farOff(),
                offset,
                p50,
                p99,
                sync,
                abs ? offset + p50 : null,
                abs ? offset + p99 : null);
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }
}
