package armature.bus.codec;

/** The numeric type of every element of a frame, stored little-endian. */
public enum ElementType {
    /** IEEE 754 binary64. */
    FLOAT64(1, 8),
    /** IEEE 754 binary32. */
    FLOAT32(2, 4),
    /** Two's complement signed 16-bit integer (raw encoder counts, quantised values). */
    INT16(3, 2),
    /** Unsigned 8-bit integer (image pixels, masks). */
    UINT8(4, 1);

    private static final ElementType[] BY_CODE = new ElementType[5];

    static {
        for (ElementType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int sizeBytes;

    ElementType(int code, int sizeBytes) {
        this.code = code;
        this.sizeBytes = sizeBytes;
    }

    /** The byte written in the frame header; 0 is never used so that zeroed memory is rejected. */
    public int code() {
        return code;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    /** Whether elements are floating point (and so may be NaN or infinite). */
    public boolean isFloat() {
        return this == FLOAT64 || this == FLOAT32;
    }

    /** The type with this header code, or null when there is none. */
    static ElementType ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
