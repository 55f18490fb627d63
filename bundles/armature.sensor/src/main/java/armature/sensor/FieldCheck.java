package armature.sensor;

import armature.sensor.api.RejectionReason;
import armature.sensor.api.SensorField;
import com.fasterxml.jackson.databind.JsonNode;

/** One field's JSON value checked against its type, size and range. */
final class FieldCheck {
    /** A value that breaks the field's rule; the message names the field, value and rule. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RejectionReason reason;

        Refused(RejectionReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private FieldCheck() {}

    /**
     * The checked value: Double, Long, Boolean or double[].
     *
     * @throws Refused when the value breaks the field's rule
     */
    static Object value(SensorField f, JsonNode v) throws Refused {
        return switch (f.type()) {
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw wrongType(f, v, "true or false");
                }
                yield v.booleanValue();
            }
            case INTEGER -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw wrongType(f, v, "an integer");
                }
                long x = v.longValue();
                yield inRange(f, x, String.valueOf(x));
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    throw wrongType(f, v, "a number");
                }
                double x = v.doubleValue();
                inRange(f, x, v.asText());
                yield x;
            }
            case ARRAY -> {
                if (!v.isArray()) {
                    throw wrongType(f, v, "an array of " + f.size() + " numbers");
                }
                if (v.size() != f.size()) {
                    throw new Refused(
                            RejectionReason.WRONG_SIZE,
                            "field '"
                                    + f.name()
                                    + "' has "
                                    + v.size()
                                    + " elements; allowed: exactly "
                                    + f.size());
                }
                double[] xs = new double[f.size()];
                for (int i = 0; i < xs.length; i++) {
                    JsonNode e = v.get(i);
                    if (!e.isNumber()) {
                        throw wrongType(f, e, "a number at index " + i);
                    }
                    xs[i] = e.doubleValue();
                    if (!Double.isFinite(xs[i]) || !f.inRange(xs[i])) {
                        throw new Refused(
                                RejectionReason.OUT_OF_RANGE,
                                "field '"
                                        + f.name()
                                        + "'["
                                        + i
                                        + "] = "
                                        + e.asText()
                                        + " "
                                        + f.unit()
                                        + "; allowed: "
                                        + f.rangeText());
                    }
                }
                yield xs;
            }
        };
    }

    private static <T extends Number> T inRange(SensorField f, T x, String text) throws Refused {
        double d = x.doubleValue();
        if (!Double.isFinite(d) || !f.inRange(d)) {
            throw new Refused(
                    RejectionReason.OUT_OF_RANGE,
                    "field '"
                            + f.name()
                            + "' = "
                            + text
                            + " "
                            + f.unit()
                            + "; allowed: "
                            + f.rangeText());
        }
        return x;
    }

    private static Refused wrongType(SensorField f, JsonNode v, String allowed) {
        return new Refused(
                RejectionReason.WRONG_TYPE,
                "field '"
                        + f.name()
                        + "' = "
                        + SampleReader.shortText(v)
                        + " is not "
                        + allowed
                        + " ("
                        + f.type().wireName()
                        + ")");
    }
}
