package armature.sensor;

import armature.sensor.api.SensorDescriptor;
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
    record Limits(int maxSampleBytes, double maxRateFactor, int maxSensors) {}

    /** One field of a descriptor: name, unit, type. */
    record Field(String name, String unit, String type) {}

    /** The latest refusal: reason, what was wrong, when. */
    record Rejection(String reason, String message, Long atMillis) {}

    /** One sensor. */
    record Sensor(
            String id,
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
            Rejection lastRejection) {}

    static List<Field> fields(SensorDescriptor d) {
        return d.fields().stream()
                .map(f -> new Field(f.name(), f.unit(), f.type().wireName()))
                .toList();
    }
}
