package armature.bus.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The answer of a {@link RequestHandler}. The bus publishes it on the request's response topic with
 * the request's correlation data and the user property {@link BusProperties#STATUS_PROPERTY} set to
 * {@code ok} or {@code error}.
 *
 * @param payload reply bytes
 * @param contentType MIME type of the reply
 * @param ok false when the request failed; the payload then describes the error
 * @param userProperties extra MQTT 5 user properties
 */
public record Reply(
        byte[] payload, String contentType, boolean ok, Map<String, String> userProperties) {
    public Reply {
        Objects.requireNonNull(payload, "payload");
        userProperties = userProperties == null ? Map.of() : Map.copyOf(userProperties);
    }

    /** A successful JSON reply. */
    public static Reply json(String json) {
        return new Reply(json.getBytes(StandardCharsets.UTF_8), ContentTypes.JSON, true, Map.of());
    }

    /** A failed reply whose payload is {@code {"error": reason}} as JSON. */
    public static Reply error(String reason) {
        String json = "{\"error\":" + JsonStrings.quote(reason) + "}";
        return new Reply(json.getBytes(StandardCharsets.UTF_8), ContentTypes.JSON, false, Map.of());
    }
}
