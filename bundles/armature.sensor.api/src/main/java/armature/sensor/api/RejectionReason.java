package armature.sensor.api;

import java.util.Locale;

/** Why a sample (or a descriptor) was refused; counted per sensor. */
public enum RejectionReason {
    /** The payload is longer than the configured limit; it was not read. */
    OVERSIZED,
    /** More samples than the configured multiple of the nominal rate allows. */
    RATE_EXCEEDED,
    /** Not a JSON object with a {@code values} object. */
    MALFORMED,
    /** A field of the descriptor is absent from {@code values}. */
    MISSING_FIELD,
    /** {@code values} holds a name the descriptor does not have. */
    UNKNOWN_FIELD,
    /** A value of the wrong JSON type (a string for a number, 1.5 for an integer, ...). */
    WRONG_TYPE,
    /** An array with the wrong number of elements. */
    WRONG_SIZE,
    /** A value outside the field's range, or NaN/infinite. */
    OUT_OF_RANGE,
    /** Samples arrived for a sensor without a valid descriptor. */
    NO_DESCRIPTOR,
    /** The descriptor itself was refused (the sensor then has none). */
    BAD_DESCRIPTOR;

    /** The lower-case name used in status documents. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
