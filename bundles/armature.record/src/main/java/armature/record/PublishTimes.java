package armature.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A message's publish_time: the source's own timestamp when the payload carries one, else the log
 * time (the MCAP specification's rule). Frames carry {@code timestampNs} in the clock their
 * stream's schema names (the control loop's is monotonic, so it is comparable only within one
 * recording of one stream); JSON documents carry an ISO-8601 {@code timestamp} or an integer {@code
 * timestampNs} (Unix epoch).
 */
final class PublishTimes {
    /** Channel metadata {@link Encodings#META_PUBLISH_TIME} for frames. */
    static final String FRAME_SOURCE = "frame timestampNs (the stream's clock)";

    /** For JSON channels. */
    static final String JSON_SOURCE = "payload timestamp or timestampNs, else log_time";

    /** For every other channel. */
    static final String LOG_TIME = "log_time";

    private PublishTimes() {}

    static long of(Payload p, long logTimeNs) {
        if (p.frame() != null) {
            return p.frame().timestampNs();
        }
        JsonNode j = p.json();
        if (j != null && j.isObject()) {
            JsonNode ns = j.get("timestampNs");
            if (ns != null && ns.canConvertToExactIntegral() && ns.asLong() >= 0) {
                return ns.asLong();
            }
            JsonNode iso = j.get("timestamp");
            if (iso != null && iso.isTextual()) {
                try {
                    Instant t = Instant.parse(iso.asText());
                    if (!t.isBefore(Instant.EPOCH)) {
                        return Math.addExact(
                                Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L),
                                t.getNano());
                    }
                } catch (DateTimeParseException | ArithmeticException e) {
                    // Not a timestamp after all: the log time stands in.
                }
            }
        }
        return logTimeNs;
    }

    static String source(String encoding) {
        return switch (encoding) {
            case Encodings.FRAME -> FRAME_SOURCE;
            case Encodings.JSON -> JSON_SOURCE;
            default -> LOG_TIME;
        };
    }
}
