package armature.sensor.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted sample: every field of the descriptor, checked.
 *
 * @param sensorId the sensor it came from
 * @param sourceTime when the device measured it, on the device's clock ({@code sourceTimeNs} of the
 *     payload), empty when the device sent none
 * @param receiveTime when the container received it, on the container's clock
 * @param values by field name: a {@code Double} for a number, a {@code Long} for an integer, a
 *     {@code Boolean} for a boolean, a {@code double[]} for an array (never NaN or infinite)
 */
public record SensorSample(
        String sensorId,
        Optional<Instant> sourceTime,
        Instant receiveTime,
        Map<String, Object> values) {
    public SensorSample {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(sourceTime, "sourceTime");
        Objects.requireNonNull(receiveTime, "receiveTime");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A number or integer field as a double. */
    public double number(String field) {
        Object v = values.get(field);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(
                "field '" + field + "' of sensor " + sensorId + " is not a number: " + v);
    }
}
