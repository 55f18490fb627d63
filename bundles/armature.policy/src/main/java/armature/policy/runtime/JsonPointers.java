package armature.policy.runtime;

import armature.policy.api.ObservationSlot;
import java.util.List;
import java.util.Map;

/** RFC 6901 JSON Pointers over the plain maps and lists of {@code JsonCodec.decodeTree}. */
final class JsonPointers {
    private JsonPointers() {}

    /**
     * Fills {@code out} from the number or array of numbers at the slot's pointer; else why not.
     */
    static String fill(Object document, ObservationSlot slot, float[] out) {
        Object node = document;
        for (String raw : slot.field().substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> m) {
                node = m.get(token);
            } else if (node instanceof List<?> l && token.matches("\\d+")) {
                int i = Integer.parseInt(token);
                node = i < l.size() ? l.get(i) : null;
            } else {
                node = null;
            }
            if (node == null) {
                return "slot "
                        + slot.name()
                        + ": nothing at "
                        + slot.field()
                        + " on "
                        + slot.topic();
            }
        }
        if (node instanceof Number n && out.length == 1) {
            out[0] = n.floatValue();
        } else if (node instanceof List<?> l && l.size() == out.length) {
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    return "slot "
                            + slot.name()
                            + ": "
                            + slot.field()
                            + "["
                            + i
                            + "] on "
                            + slot.topic()
                            + " is not a number";
                }
                out[i] = n.floatValue();
            }
        } else {
            return "slot "
                    + slot.name()
                    + ": "
                    + slot.field()
                    + " on "
                    + slot.topic()
                    + " is not a number or an array of "
                    + out.length
                    + " numbers";
        }
        for (float v : out) {
            if (!Float.isFinite(v)) {
                return "slot " + slot.name() + ": a value at " + slot.field() + " is not finite";
            }
        }
        return null;
    }
}
