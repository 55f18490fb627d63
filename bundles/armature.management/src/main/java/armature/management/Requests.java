package armature.management;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the fields of management request bodies (formats in docs/cli.md), naming what is wrong. */
final class Requests {
    private final ObjectMapper json;

    Requests(ObjectMapper json) {
        this.json = json;
    }

    /** A required non-blank string field. */
    String field(Message request, String name) {
        JsonNode n = body(request).get(name);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new MgmtException(
                    "request to '" + request.topic() + "' needs a string field '" + name + "'");
        }
        return n.asText();
    }

    /** Whether the body has a non-null field {@code name}. */
    boolean has(Message request, String name) {
        JsonNode n = body(request).get(name);
        return n != null && !n.isNull();
    }

    /** An optional boolean field, false when absent. */
    boolean flag(Message request, String name) {
        JsonNode n = body(request).get(name);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new MgmtException(
                    "field '"
                            + name
                            + "' = "
                            + n
                            + " in '"
                            + request.topic()
                            + "'; allowed: true or false");
        }
        return n.booleanValue();
    }

    /**
     * The {@code properties} object of {@code config/set} as text per key: strings as they are,
     * numbers and booleans as written, arrays as {@code [a, b]}.
     */
    Map<String, String> values(Message request) {
        JsonNode n = body(request).get("properties");
        if (n == null || !n.isObject()) {
            throw new MgmtException("config/set needs an object field 'properties'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), text(e.getKey(), e.getValue())));
        return out;
    }

    private static String text(String key, JsonNode v) {
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (JsonNode item : v) {
                sb.append(sb.length() == 1 ? "" : ", ").append(text(key, item));
            }
            return sb.append(']').toString();
        }
        if (v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        throw new MgmtException(
                "configuration key '"
                        + key
                        + "' = "
                        + v
                        + "; allowed: a string, number, boolean or array");
    }

    /** The jar of bundles/install: raw bytes, or JSON {@code data} (base64) or {@code path}. */
    byte[] jar(Message request) {
        if (ContentTypes.OCTETS.equals(request.contentType())) {
            return request.payload();
        }
        return bytes(request, "bundle");
    }

    /** A file sent as JSON {@code data} (base64) or named by {@code path} on this machine. */
    byte[] bytes(Message request, String what) {
        JsonNode body = body(request);
        if (body.hasNonNull("data")) {
            try {
                return Base64.getDecoder().decode(body.get("data").asText());
            } catch (IllegalArgumentException e) {
                throw new MgmtException("field 'data' is not valid base64: " + e.getMessage());
            }
        }
        if (body.hasNonNull("path")) {
            Path p = Path.of(body.get("path").asText());
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new MgmtException(
                        "cannot read "
                                + what
                                + " file '"
                                + p
                                + "' on the container's machine: "
                                + e);
            }
        }
        throw new MgmtException(
                "install needs the "
                        + what
                        + " bytes (application/octet-stream for a bundle) or a JSON 'data' (base64)"
                        + " or 'path'");
    }

    /** The request body as a JSON object; empty for an empty payload. */
    JsonNode body(Message request) {
        if (request.payload().length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode n = json.readTree(request.payload());
            if (n == null || !n.isObject()) {
                throw new MgmtException(
                        "request to '" + request.topic() + "' must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Malformed(
                    "malformed request to '"
                            + request.topic()
                            + "': "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** A body that is not JSON at all: garbage rather than a mistake. */
    static final class Malformed extends MgmtException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }
}
