package armature.bus.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * UTF-8 JSON to and from records, maps and lists. Strict on input: unknown properties, duplicate
 * keys, null for primitives, numbers in quotes and trailing content are rejected, so a typo in a
 * command is an error and not a silently ignored field. NaN and infinity are refused on encode
 * (JSON has no such numbers) and cannot be decoded. Every failure is a {@link CodecException}
 * naming the topic, the field path and the byte offset. Thread-safe; the JSON library stays private
 * to this class.
 */
public final class JsonCodec {
    private final ObjectMapper mapper;

    public JsonCodec() {
        mapper =
                JsonMapper.builder()
                        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        // "1.5", "true" or "NaN" in quotes is not a number or boolean: the
                        // sender has a bug, so say so instead of guessing.
                        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                        .addModule(FiniteNumbers.module())
                        .build();
    }

    /**
     * Encodes a record, map, list, string, number or boolean as UTF-8 JSON.
     *
     * @throws CodecException when the value cannot be represented
     */
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw translate(e, null, "encode " + describe(value), -1);
        }
    }

    /** Decodes {@code json} as {@code type}; see {@link #decode(String, byte[], Class)}. */
    public <T> T decode(byte[] json, Class<T> type) {
        return decode(null, json, type);
    }

    /**
     * Decodes {@code json} received on {@code topic} as {@code type} (a record, Map or List).
     *
     * @param topic named in errors; may be null
     * @throws CodecException naming topic, field path, byte offset and the problem
     */
    public <T> T decode(String topic, byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw translate(e, topic, "decode JSON as " + type.getSimpleName(), json.length);
        }
    }

    /**
     * Decodes any JSON value to plain Java: {@code Map<String, Object>} (in document order), {@code
     * List<Object>}, String, Integer/Long/BigInteger, Double, Boolean or null.
     *
     * @throws CodecException naming topic, byte offset and the problem
     */
    public Object decodeTree(String topic, byte[] json) {
        try {
            return mapper.readValue(json, Object.class);
        } catch (IOException e) {
            throw translate(e, topic, "decode JSON", json.length);
        }
    }

    /**
     * The same JSON on one line, without insignificant whitespace; numbers keep their text.
     *
     * @throws CodecException when {@code json} is not one valid JSON value
     */
    public String compact(String topic, byte[] json) {
        JsonFactory factory = mapper.getFactory();
        StringWriter out = new StringWriter(json.length);
        try (JsonParser p = factory.createParser(json);
                JsonGenerator g = factory.createGenerator(out)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new CodecException(
                        prefix(topic) + "cannot read JSON: payload is empty", null, 0);
            }
            // Event by event with exact numbers, so 2.50 stays 2.50 as the sender wrote it.
            int depth = 0;
            JsonToken t = first;
            do {
                g.copyCurrentEventExact(p);
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && (t = p.nextToken()) != null);
            if (p.nextToken() != null) {
                throw new CodecException(
                        prefix(topic)
                                + "cannot read JSON: trailing content at offset "
                                + p.currentTokenLocation().getByteOffset(),
                        null,
                        p.currentTokenLocation().getByteOffset());
            }
        } catch (IOException e) {
            throw translate(e, topic, "read JSON", json.length);
        }
        return out.toString();
    }

    private static CodecException translate(
            IOException e, String topic, String action, long length) {
        String field = null;
        String detail = e.getMessage();
        long offset = -1;
        if (e instanceof JsonProcessingException jpe) {
            detail = jpe.getOriginalMessage();
            JsonLocation loc = jpe.getLocation();
            if (loc != null) {
                offset = loc.getByteOffset();
            }
            if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
                field = path(jme.getPath());
            }
        }
        StringBuilder msg = new StringBuilder(prefix(topic)).append("cannot ").append(action);
        if (field != null) {
            msg.append(": field '").append(field).append('\'');
        }
        msg.append(": ").append(detail == null ? e.getClass().getSimpleName() : oneLine(detail));
        if (offset >= 0) {
            msg.append(" (at byte offset ").append(offset);
            if (length >= 0) {
                msg.append(" of ").append(length);
            }
            msg.append(')');
        }
        return new CodecException(msg.toString(), field, offset, e);
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String prefix(String topic) {
        return topic == null ? "" : "topic '" + topic + "': ";
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String describe(Object value) {
        return value == null
                ? "null"
                : value instanceof Map<?, ?> ? "map" : value.getClass().getSimpleName();
    }
}
