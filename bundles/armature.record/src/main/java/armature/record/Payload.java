package armature.record;

import armature.bus.api.ContentTypes;
import armature.bus.codec.CodecException;
import armature.bus.codec.FrameReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * What a payload is, as the recorder files it: JSON (parsed), an Armature frame (checked), or
 * bytes. A payload that does not match its content type is kept as bytes, never dropped.
 *
 * @param encoding {@link Encodings#JSON}, {@link Encodings#FRAME} or {@link Encodings#BYTES}
 * @param json the parsed document for JSON, else {@code null}
 * @param frame the frame for frames, else {@code null}
 */
record Payload(String encoding, JsonNode json, FrameReader frame) {
    static Payload classify(ObjectMapper mapper, String contentType, byte[] payload) {
        String type = baseType(contentType);
        if (type == null) {
            Payload frame = frame(payload);
            if (frame != null) {
                return frame;
            }
            // Third-party devices often send JSON without saying so.
            int i = 0;
            while (i < payload.length && Character.isWhitespace(payload[i])) {
                i++;
            }
            if (i < payload.length && (payload[i] == '{' || payload[i] == '[')) {
                Payload json = json(mapper, payload);
                if (json != null) {
                    return json;
                }
            }
            return bytes();
        }
        if (type.equals(ContentTypes.FRAME)) {
            Payload frame = frame(payload);
            return frame == null ? bytes() : frame;
        }
        if (type.equals(ContentTypes.JSON) || type.endsWith("+json")) {
            Payload json = json(mapper, payload);
            return json == null ? bytes() : json;
        }
        return bytes();
    }

    private static Payload frame(byte[] payload) {
        try {
            return new Payload(Encodings.FRAME, null, new FrameReader().wrap(payload));
        } catch (CodecException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Payload json(ObjectMapper mapper, byte[] payload) {
        try {
            JsonNode n = mapper.readTree(payload);
            return n == null || n.isMissingNode() ? null : new Payload(Encodings.JSON, n, null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Payload bytes() {
        return new Payload(Encodings.BYTES, null, null);
    }

    static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi))
                .strip()
                .toLowerCase(Locale.ROOT);
    }
}
