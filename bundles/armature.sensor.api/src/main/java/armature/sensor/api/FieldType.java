package armature.sensor.api;

import java.util.Locale;

/** The type of one field's value in a sample. */
public enum FieldType {
    /** A finite JSON number. */
    NUMBER,
    /** A JSON number without a fraction, within the range of a 64-bit signed integer. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A JSON array of exactly {@link SensorField#size()} finite numbers. */
    ARRAY;

    /** The lower-case name used in descriptors. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code number}, {@code integer}, {@code boolean} or {@code array}.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static FieldType parse(String s) {
        for (FieldType t : values()) {
            if (t.wireName().equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "type '" + s + "' is unknown; allowed: number, integer, boolean, array");
    }
}
