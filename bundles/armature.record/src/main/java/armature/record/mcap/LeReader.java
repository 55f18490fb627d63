package armature.record.mcap;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads MCAP's little-endian primitives from a byte range, checking every length against what is
 * left, so that a corrupt length is an error naming the field and the file offset, never an
 * exception from deep inside the JDK.
 */
final class LeReader {
    private final byte[] bytes;
    private final int end;
    private final long fileOffsetOfZero;
    private final String what;
    private int pos;

    /**
     * @param bytes the data
     * @param start first byte of the range
     * @param end one past the last byte
     * @param fileOffsetOfZero the file offset of {@code bytes[0]}, for messages
     * @param what what the range is, e.g. {@code "Channel (0x04) record"}
     */
    LeReader(byte[] bytes, int start, int end, long fileOffsetOfZero, String what) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
        this.fileOffsetOfZero = fileOffsetOfZero;
        this.what = what;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    long fileOffset() {
        return fileOffsetOfZero + pos;
    }

    McapFormatException error(String problem) {
        return new McapFormatException(fileOffset(), what + ": " + problem);
    }

    private void need(int n, String field) throws McapFormatException {
        if (n < 0 || remaining() < n) {
            throw error(
                    "field '"
                            + field
                            + "' needs "
                            + n
                            + " bytes but only "
                            + remaining()
                            + " are left in the record");
        }
    }

    int u8(String field) throws McapFormatException {
        need(1, field);
        return bytes[pos++] & 0xFF;
    }

    int u16(String field) throws McapFormatException {
        need(2, field);
        int v = (bytes[pos] & 0xFF) | (bytes[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    long u32(String field) throws McapFormatException {
        need(4, field);
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (bytes[pos + i] & 0xFF);
        }
        pos += 4;
        return v;
    }

    long u64(String field) throws McapFormatException {
        need(8, field);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (bytes[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /** A length that must fit in what is left (and in an int). */
    int length(long declared, String field) throws McapFormatException {
        if (declared < 0 || declared > remaining()) {
            throw error(
                    "field '"
                            + field
                            + "' declares "
                            + Long.toUnsignedString(declared)
                            + " bytes but only "
                            + remaining()
                            + " are left in the record");
        }
        return (int) declared;
    }

    byte[] bytes(int n, String field) throws McapFormatException {
        need(n, field);
        byte[] b = Arrays.copyOfRange(bytes, pos, pos + n);
        pos += n;
        return b;
    }

    String string(String field) throws McapFormatException {
        int n = length(u32(field + " length"), field);
        try {
            String s =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes, pos, n))
                            .toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw error("field '" + field + "' is not valid UTF-8");
        }
    }

    /** A sub-reader over the next {@code n} bytes (a Map or Array body); skips them here. */
    LeReader slice(int n, String field) throws McapFormatException {
        need(n, field);
        LeReader r = new LeReader(bytes, pos, pos + n, fileOffsetOfZero, what);
        pos += n;
        return r;
    }
}
