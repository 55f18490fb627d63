package armature.bus.codec;

/**
 * A payload could not be decoded (or a value could not be encoded). The message names the field,
 * the offending value and, where known, the topic and the byte offset in the payload.
 */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final long offset;

    /**
     * @param message full human-readable description
     * @param field the field that failed (e.g. {@code "magic"}, {@code "joints[2].positionRad"}),
     *     or null when the payload as a whole is at fault
     * @param offset byte offset in the payload where the fault was found, or -1 when unknown
     * @param cause the underlying library exception, or null
     */
    public CodecException(String message, String field, long offset, Throwable cause) {
        super(message, cause);
        this.field = field;
        this.offset = offset;
    }

    public CodecException(String message, String field, long offset) {
        this(message, field, offset, null);
    }

    /** The field that failed, or null when the payload as a whole is at fault. */
    public String field() {
        return field;
    }

    /** Byte offset in the payload where the fault was found, or -1 when unknown. */
    public long offset() {
        return offset;
    }
}
