package armature.bus.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Renders any payload as one human-readable line, chosen by its content type, for tools such as
 * {@code armature echo}:
 *
 * <ul>
 *   <li>JSON ({@code application/json}, {@code *+json}): compacted to one line;
 *   <li>frames ({@code application/vnd.armature.frame.v1}): a JSON object with kind, seq, epoch,
 *       tNs, flags, shape and data, long channels cut to {@code maxElements} with a {@code "...+N"}
 *       marker; NaN is shown as {@code null};
 *   <li>{@code text/*}: as is, with line breaks and control characters escaped;
 *   <li>anything else: {@code <N bytes: 0a 1b ...>}.
 * </ul>
 *
 * Without a content type (third-party devices) it recognises a frame by its magic, then JSON, then
 * UTF-8 text. A payload that does not match its content type is shown as {@code <invalid ...>} with
 * the reason and a hex prefix. Thread-safe.
 */
public final class PayloadFormatter {
    private final JsonCodec json = new JsonCodec();
    private final int maxElements;
    private final int maxChannels;
    private final int maxHexBytes;

    /** At most 32 elements of 8 channels per frame and 32 bytes of hex. */
    public PayloadFormatter() {
        this(32, 8, 32);
    }

    public PayloadFormatter(int maxElements, int maxChannels, int maxHexBytes) {
        if (maxElements < 1 || maxChannels < 1 || maxHexBytes < 1) {
            throw new IllegalArgumentException(
                    "limits must be >= 1, were maxElements "
                            + maxElements
                            + ", maxChannels "
                            + maxChannels
                            + ", maxHexBytes "
                            + maxHexBytes);
        }
        this.maxElements = maxElements;
        this.maxChannels = maxChannels;
        this.maxHexBytes = maxHexBytes;
    }

    /**
     * One line describing {@code payload}.
     *
     * @param contentType the message's content type, or null when it has none
     */
    public String format(String contentType, byte[] payload) {
        String type = baseType(contentType);
        if (type == null) {
            return sniff(payload);
        }
        if (type.equals("application/vnd.armature.frame.v1")) {
            try {
                return frame(new FrameReader().wrap(payload));
            } catch (CodecException e) {
                return invalid(e.getMessage(), payload);
            }
        }
        if (type.equals("application/json") || type.endsWith("+json")) {
            try {
                return json.compact(null, payload);
            } catch (CodecException e) {
                return invalid(e.getMessage(), payload);
            }
        }
        if (type.startsWith("text/")) {
            return escape(new String(payload, StandardCharsets.UTF_8));
        }
        return hex(payload);
    }

    private String sniff(byte[] payload) {
        if (payload.length == 0) {
            return "<0 bytes>";
        }
        if (payload.length >= 2
                && (payload[0] & 0xFF) == (FrameFormat.MAGIC & 0xFF)
                && (payload[1] & 0xFF) == FrameFormat.MAGIC >>> 8) {
            try {
                return frame(new FrameReader().wrap(payload));
            } catch (CodecException e) {
                // Not a frame after all ("AF..." text, say): try the other readings.
            }
        }
        String text = strictUtf8(payload);
        if (text == null) {
            return hex(payload);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return json.compact(null, payload);
            } catch (CodecException e) {
                // Looked like JSON but is not: show it as text.
            }
        }
        return hasBinaryControls(text) ? hex(payload) : escape(text);
    }

    private String frame(FrameReader f) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"kind\":\"").append(f.kind()).append('"');
        sb.append(",\"type\":\"").append(f.elementType()).append('"');
        sb.append(",\"seq\":").append(Long.toUnsignedString(f.sequence()));
        sb.append(",\"epoch\":").append(f.epoch());
        sb.append(",\"tNs\":").append(f.timestampNs());
        if (f.flags() != 0) {
            sb.append(",\"flags\":[");
            boolean first = true;
            if (f.hasFlag(FrameFormat.FLAG_SIMULATED)) {
                sb.append("\"SIMULATED\"");
                first = false;
            }
            if (f.hasFlag(FrameFormat.FLAG_END_OF_STREAM)) {
                sb.append(first ? "" : ",").append("\"END_OF_STREAM\"");
            }
            sb.append(']');
        }
        sb.append(",\"shape\":[").append(f.channels()).append(',');
        sb.append(f.elementsPerChannel()).append("],\"data\":[");
        int channels = Math.min(f.channels(), maxChannels);
        int elements = Math.min(f.elementsPerChannel(), maxElements);
        for (int c = 0; c < channels; c++) {
            sb.append(c == 0 ? "[" : ",[");
            for (int i = 0; i < elements; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendElement(sb, f, c, i);
            }
            if (elements < f.elementsPerChannel()) {
                sb.append(",\"...+").append(f.elementsPerChannel() - elements).append('"');
            }
            sb.append(']');
        }
        if (channels < f.channels()) {
            sb.append(",\"...+").append(f.channels() - channels).append(" channels\"");
        }
        return sb.append("]}").toString();
    }

    private static void appendElement(StringBuilder sb, FrameReader f, int c, int i) {
        double v = f.get(c, i);
        if (Double.isNaN(v)) {
            sb.append("null");
        } else if (f.elementType() == ElementType.FLOAT32) {
            // Float's own shortest form: 0.1f prints as 0.1, not 0.10000000149011612.
            sb.append((float) v);
        } else if (f.elementType().isFloat()) {
            sb.append(v);
        } else {
            sb.append((long) v);
        }
    }

    private String invalid(String reason, byte[] payload) {
        return "<invalid: " + reason + "; " + hex(payload).substring(1);
    }

    private String hex(byte[] payload) {
        StringBuilder sb = new StringBuilder(16 + 3 * maxHexBytes);
        sb.append('<').append(payload.length).append(" bytes");
        int n = Math.min(payload.length, maxHexBytes);
        if (n > 0) {
            sb.append(':');
        }
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(Character.forDigit((payload[i] >> 4) & 0xF, 16));
            sb.append(Character.forDigit(payload[i] & 0xF, 16));
        }
        if (n < payload.length) {
            sb.append(" ...");
        }
        return sb.append('>').toString();
    }

    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String base = semi < 0 ? contentType : contentType.substring(0, semi);
        return base.strip().toLowerCase(Locale.ROOT);
    }

    private static String strictUtf8(byte[] payload) {
        try {
            CharBuffer chars =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(payload));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hasBinaryControls(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') {
                return true;
            }
        }
        return false;
    }

    private static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (ch < 0x20 || ch == 0x7F || ch == 0x2028 || ch == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
