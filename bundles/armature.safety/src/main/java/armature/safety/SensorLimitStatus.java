package armature.safety;

/**
 * Where one sensor limit stands, for the supervisor document and the statistics.
 *
 * @param limit the clause in canonical form ({@link SensorLimit#text()})
 * @param action {@code HOLD} or {@code TRIP}
 * @param condition {@code OK}, {@code EXCEEDED} or {@code STALE} as of the newest tick
 * @param value the newest valid value (reduced), or {@code null} before the first
 * @param reason why it is not OK, in words, or {@code null}
 * @param samples valid samples counted
 * @param invalidSamples samples that did not count (invalid under the sensor's descriptor)
 * @param exceeded times the bound was broken (OK or STALE to EXCEEDED)
 * @param stale times the guard went stale
 * @param cleared times it came back to OK
 */
public record SensorLimitStatus(
        String limit,
        String action,
        String condition,
        Double value,
        String reason,
        long samples,
        long invalidSamples,
        long exceeded,
        long stale,
        long cleared) {}
