package armature.safety.persist;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The JSON of the safety state files (Jackson): strict on reading (duplicate keys and trailing
 * content are errors, every field is checked by name), pretty on writing so a person can read them.
 * Every file starts with {@code "format"} and {@code "version"}.
 */
final class StateJson {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();

    private StateJson() {}

    /** A file that is not a valid state file; the message says why, naming the field. */
    static final class BadStateException extends Exception {
        private static final long serialVersionUID = 1L;

        BadStateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Parses a state file and checks its format and version.
     *
     * @throws BadStateException when it is not UTF-8, not JSON, or another format or version
     */
    static JsonNode parse(byte[] bytes, String format, long version) throws BadStateException {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new BadStateException("not UTF-8 text", e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadStateException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadStateException("not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new BadStateException("not valid JSON: empty", null);
        }
        try {
            if (!root.isObject()) {
                throw new IllegalArgumentException(
                        "(top level) = " + root + "; allowed: a JSON object");
            }
            String f = root.path("format").isTextual() ? root.get("format").asText() : null;
            if (!format.equals(f)) {
                throw new IllegalArgumentException(
                        "format = " + root.get("format") + "; allowed: \"" + format + "\"");
            }
            long v = integer(root, "version", "version");
            if (v != version) {
                throw new IllegalArgumentException("version = " + v + "; allowed: " + version);
            }
        } catch (IllegalArgumentException e) {
            throw new BadStateException(e.getMessage(), e);
        }
        return root;
    }

    /** Serialises a tree of maps, lists, strings and numbers. */
    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write state file: " + e.getMessage(), e);
        }
    }

    /** A JSON integer field (no fraction, fits a long); {@code at} names it in errors. */
    static long integer(JsonNode parent, String field, String at) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(at + " = " + v + "; allowed: an integer");
        }
        return v.longValue();
    }

    /** A finite JSON number field. */
    static double decimal(JsonNode parent, String field, String at) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException(at + " = " + v + "; allowed: a finite number");
        }
        return v.doubleValue();
    }

    /** A JSON string field. */
    static String text(JsonNode parent, String field, String at) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(at + " = " + v + "; allowed: a string");
        }
        return v.asText();
    }

    /** A JSON array field. */
    static JsonNode array(JsonNode parent, String field, String at) {
        JsonNode v = parent.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException(at + " = " + v + "; allowed: a JSON array");
        }
        return v;
    }

    /** A JSON object element. */
    static JsonNode object(JsonNode v, String at) {
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException(at + " = " + v + "; allowed: a JSON object");
        }
        return v;
    }
}
