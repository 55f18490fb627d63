package armature.launcher;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Renders a payload as one line for {@code armature echo}. */
final class Payloads {
    private Payloads() {}

    static String oneLine(Message m, ObjectMapper json) {
        byte[] p = m.payload();
        String type = m.contentType();
        if (p.length == 0) {
            return "<empty>";
        }
        if (type == null || type.startsWith(ContentTypes.JSON) || type.startsWith("text/")) {
            try {
                String text =
                        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(p)).toString();
                try {
                    return json.readTree(text).toString();
                } catch (java.io.IOException notJson) {
                    return text.replace("\n", "\\n");
                }
            } catch (CharacterCodingException binary) {
                // fall through to hex
            }
        }
        int n = Math.min(p.length, 32);
        return "<"
                + p.length
                + " bytes "
                + (type == null ? "" : type + " ")
                + HexFormat.of().formatHex(p, 0, n)
                + (n < p.length ? "..." : "")
                + ">";
    }
}
