package armature.record.mcap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer: MCAP's primitive types (spec, "Serialization"). */
final class LeBuffer {
    private byte[] bytes;
    private int size;

    LeBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return bytes;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void clear() {
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("record buffer over 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }

    LeBuffer u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
        return this;
    }

    LeBuffer u16(int v) {
        ensure(2);
        bytes[size++] = (byte) v;
        bytes[size++] = (byte) (v >>> 8);
        return this;
    }

    LeBuffer u32(long v) {
        ensure(4);
        putU32At(size, v);
        size += 4;
        return this;
    }

    LeBuffer u64(long v) {
        ensure(8);
        putU64At(size, v);
        size += 8;
        return this;
    }

    void putU32At(int at, long v) {
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (v >>> (8 * i));
        }
    }

    void putU64At(int at, long v) {
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte) (v >>> (8 * i));
        }
    }

    LeBuffer raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
        return this;
    }

    LeBuffer raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    /** String: uint32 byte length, then UTF-8. */
    LeBuffer string(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return u32(utf8.length).raw(utf8);
    }

    /** Starts a uint32 length prefix (Map, Array); returns where to {@link #endPrefix32}. */
    int beginPrefix32() {
        u32(0);
        return size;
    }

    void endPrefix32(int start) {
        putU32At(start - 4, size - start);
    }
}
