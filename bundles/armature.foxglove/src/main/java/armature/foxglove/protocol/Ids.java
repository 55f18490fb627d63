package armature.foxglove.protocol;

/** The protocol's ids are unsigned 32-bit numbers. */
final class Ids {
    static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private Ids() {}

    static long requireUint32(String field, long value) {
        if (value < 0 || value > MAX_UINT32) {
            throw new ProtocolException(
                    "field '" + field + "' is " + value + "; allowed: 0 to " + MAX_UINT32);
        }
        return value;
    }
}
