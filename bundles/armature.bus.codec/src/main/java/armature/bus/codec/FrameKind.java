package armature.bus.codec;

/**
 * What a frame carries. The kind decides whether NaN is allowed: it means "no reading" in
 * measurements ({@link #JOINT_STATE}, {@link #OBSERVATION}, {@link #GENERIC}) and is rejected in
 * anything that can drive an actuator ({@link #JOINT_COMMAND}, {@link #ACTION}). Infinity is never
 * allowed.
 */
public enum FrameKind {
    /** Measured joint state, typically channels position/velocity/effort x joints. */
    JOINT_STATE(1, true),
    /** Joint set-points sent towards hardware. */
    JOINT_COMMAND(2, false),
    /** Policy observation vector(s). */
    OBSERVATION(3, true),
    /** Policy action vector(s), sent towards hardware. */
    ACTION(4, false),
    /** A small image: channels = rows, elements = row bytes; size and encoding in the schema. */
    IMAGE(5, true),
    /** Any other numeric array. */
    GENERIC(6, true);

    private static final FrameKind[] BY_CODE = new FrameKind[7];

    static {
        for (FrameKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;
    private final boolean nanAllowed;

    FrameKind(int code, boolean nanAllowed) {
        this.code = code;
        this.nanAllowed = nanAllowed;
    }

    /** The byte written in the frame header; 0 is never used so that zeroed memory is rejected. */
    public int code() {
        return code;
    }

    /** Whether float elements may be NaN ("no reading"). */
    public boolean nanAllowed() {
        return nanAllowed;
    }

    /** The kind with this header code, or null when there is none. */
    static FrameKind ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
