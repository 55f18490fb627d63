package armature.sensor;

import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorField;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A Homie property value (a UTF-8 string) read by the convention's payload rules and checked like a
 * JSON sample value: integers are {@code -?[0-9]+} within 64 bits, floats digits with an optional
 * '-', one '.' and an exponent (no '+', no spaces, no NaN or Infinity), booleans exactly {@code
 * true} or {@code false}. A bad string is {@code wrong_type}, a value outside the format's range
 * {@code out_of_range}, both with the same messages as JSON samples.
 */
final class HomieValues {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern FLOAT =
            Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE]-?[0-9]+)?");

    private HomieValues() {}

    /** Whether {@code s} is valid payload syntax for an {@code integer} or {@code float}. */
    static boolean syntaxOk(String s, String datatype) {
        return (datatype.equals("integer") ? INTEGER : FLOAT).matcher(s).matches();
    }

    /**
     * The checked value: Long, Double or Boolean.
     *
     * @throws FieldCheck.Refused when the payload breaks the field's rule
     */
    static Object value(SensorField f, byte[] payload) throws FieldCheck.Refused {
        String s;
        try {
            s =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(payload))
                            .toString();
        } catch (CharacterCodingException e) {
            throw wrongType(f, "(not UTF-8)", "a UTF-8 string");
        }
        return switch (f.type()) {
            case BOOLEAN -> {
                if (!s.equals("true") && !s.equals("false")) {
                    throw wrongType(f, s, "true or false");
                }
                yield FieldCheck.value(f, BooleanNode.valueOf(s.equals("true")));
            }
            case INTEGER -> {
                if (!INTEGER.matcher(s).matches()) {
                    throw wrongType(f, s, "a Homie integer (digits and an optional '-')");
                }
                long x;
                try {
                    x = Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw new FieldCheck.Refused(
                            RejectionReason.OUT_OF_RANGE,
                            "field '" + f.name() + "' = " + cut(s) + "; allowed: a 64-bit integer");
                }
                yield FieldCheck.value(f, LongNode.valueOf(x));
            }
            case NUMBER -> {
                if (!FLOAT.matcher(s).matches()) {
                    throw wrongType(
                            f, s, "a Homie float (digits, an optional '-', '.' and exponent)");
                }
                yield FieldCheck.value(f, DoubleNode.valueOf(Double.parseDouble(s)));
            }
            case ARRAY -> throw new IllegalStateException("a Homie property is never an array");
        };
    }

    private static FieldCheck.Refused wrongType(SensorField f, String s, String allowed) {
        return new FieldCheck.Refused(
                RejectionReason.WRONG_TYPE,
                "field '" + f.name() + "' = \"" + cut(s) + "\" is not " + allowed);
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
