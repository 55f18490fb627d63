package armature.policy.onnx.internal;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format (varint, 64-bit, length-delimited and 32-bit fields) from a byte
 * array. ONNX needs nothing else, so the executor carries no protobuf library and no generated
 * classes.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;
    private final int limit;
    private final String message;

    ProtoReader(byte[] bytes, int offset, int limit, String message) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = limit;
        this.message = message;
    }

    static ProtoReader of(byte[] bytes, String message) {
        return new ProtoReader(bytes, 0, bytes.length, message);
    }

    boolean hasMore() {
        return position < limit;
    }

    /** Reads the next tag; returns field number << 3 | wire type. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) {
            throw malformed("invalid field tag " + tag);
        }
        return (int) tag;
    }

    static int field(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw malformed("truncated varint");
            }
            byte b = bytes[position++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    float readFloat() {
        return Float.intBitsToFloat(readFixed32());
    }

    int readFixed32() {
        require(4);
        int v =
                (bytes[position] & 0xff)
                        | (bytes[position + 1] & 0xff) << 8
                        | (bytes[position + 2] & 0xff) << 16
                        | (bytes[position + 3] & 0xff) << 24;
        position += 4;
        return v;
    }

    long readFixed64() {
        long lo = readFixed32() & 0xffffffffL;
        long hi = readFixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** A reader over the next length-delimited field (a nested message or a packed array). */
    ProtoReader readMessage(String nestedMessage) {
        int length = readLength();
        ProtoReader nested = new ProtoReader(bytes, position, position + length, nestedMessage);
        position += length;
        return nested;
    }

    String readString() {
        int length = readLength();
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    byte[] readBytes() {
        int length = readLength();
        byte[] copy = new byte[length];
        System.arraycopy(bytes, position, copy, 0, length);
        position += length;
        return copy;
    }

    private int readLength() {
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw malformed("length " + length + " runs past the end of the message");
        }
        return (int) length;
    }

    void skip(int tag) {
        switch (wireType(tag)) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                require(8);
                position += 8;
            }
            case LENGTH_DELIMITED -> {
                int length =
                        readLength(); // read first: `position += readLength()` would use the old
                // position
                position += length;
            }
            case FIXED32 -> {
                require(4);
                position += 4;
            }
            default ->
                    throw malformed(
                            "unsupported wire type " + wireType(tag) + " for field " + field(tag));
        }
    }

    private void require(int n) {
        if (limit - position < n) {
            throw malformed("truncated field");
        }
    }

    IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException(
                "malformed ONNX protobuf in " + message + " at byte " + position + ": " + what);
    }
}
