package armature.sensor.api;

import java.util.regex.Pattern;

/**
 * One value a sensor reports.
 *
 * @param name the key in a sample's {@code values}: a letter, then letters, digits or '_' (at most
 *     64), with the unit in the name where it helps ({@code forceN}, {@code temperatureC})
 * @param unit the unit, e.g. {@code N}, {@code degC}, {@code rad/s}; {@code 1} for a count or a
 *     dimensionless value; may be empty only for a boolean
 * @param type the value's type
 * @param size the number of elements of an {@link FieldType#ARRAY} (1 to {@link #MAX_ARRAY_SIZE});
 *     0 for every other type
 * @param min the smallest accepted value (of every element of an array); {@code
 *     Double.NEGATIVE_INFINITY} for no bound; ignored (must be unbounded) for a boolean
 * @param max the largest accepted value; {@code Double.POSITIVE_INFINITY} for no bound
 */
public record SensorField(
        String name, String unit, FieldType type, int size, double min, double max) {
    /** The most elements an array field may have. */
    public static final int MAX_ARRAY_SIZE = 4096;

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public SensorField {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "field name '"
                            + name
                            + "' is not allowed; allowed: a letter, then letters, digits or '_',"
                            + " at most 64");
        }
        if (type == null) {
            throw new IllegalArgumentException("field '" + name + "': type is missing");
        }
        if (unit == null
                || unit.length() > 32
                || (unit.isBlank() && type != FieldType.BOOLEAN)
                || unit.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "field '"
                            + name
                            + "': unit '"
                            + (unit == null ? null : unit.replaceAll("\\p{Cntrl}", "?"))
                            + "' is not allowed; allowed: 1 to 32 characters, no control characters"
                            + " (\"1\" when dimensionless), empty only for a boolean");
        }
        if (type == FieldType.ARRAY ? size < 1 || size > MAX_ARRAY_SIZE : size != 0) {
            throw new IllegalArgumentException(
                    "field '"
                            + name
                            + "': size "
                            + size
                            + " is not allowed; allowed: "
                            + (type == FieldType.ARRAY
                                    ? "1 to " + MAX_ARRAY_SIZE + " for an array"
                                    : "0 (no size) for a " + type.wireName()));
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException(
                    "field '"
                            + name
                            + "': range ["
                            + min
                            + ", "
                            + max
                            + "] is not allowed; allowed: min <= max, neither NaN");
        }
        if (type == FieldType.BOOLEAN
                && (min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "field '" + name + "': a boolean has no range; remove min and max");
        }
    }

    /** A scalar number field with a range. */
    public static SensorField number(String name, String unit, double min, double max) {
        return new SensorField(name, unit, FieldType.NUMBER, 0, min, max);
    }

    /** Whether {@code v} lies in {@code [min, max]}. */
    public boolean inRange(double v) {
        return v >= min && v <= max;
    }

    /** The accepted range as text, e.g. {@code [-50.0, 400.0]}. */
    public String rangeText() {
        return "[" + min + ", " + max + "]";
    }
}
