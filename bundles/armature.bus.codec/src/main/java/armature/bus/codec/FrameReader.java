package armature.bus.codec;

import static armature.bus.codec.FrameFormat.HEADER_BYTES;

import java.nio.ByteBuffer;

/**
 * A reusable, allocation-free view of one {@code application/vnd.armature.frame.v1} frame. {@link
 * #wrap} validates the whole frame (header, exact length, NaN/infinity rules of its {@link
 * FrameKind}); the accessors then read straight from the caller's bytes, which must not change
 * while the view is in use. Not thread-safe: use one reader per thread.
 *
 * <p>Validation rules: magic 0x4641, version 1, known kind and element type, no undefined flag
 * bits, channels and elementsPerChannel at least 1, payload length exactly header + data. Float
 * elements must not be infinite, and may be NaN only when {@link FrameKind#nanAllowed()}.
 */
public final class FrameReader {
    private final Bytes bytes = new Bytes();
    private int length = -1;
    private FrameKind kind;
    private ElementType type;
    private int flags;
    private int channels;
    private int elementsPerChannel;

    /** Validates and views a whole array as one frame. */
    public FrameReader wrap(byte[] frame) {
        return wrap(frame, 0, frame.length);
    }

    /**
     * Validates and views {@code length} bytes of {@code frame} from {@code offset}.
     *
     * @throws CodecException naming the field, its value and byte offset when the bytes are not a
     *     valid frame; the reader is then empty
     */
    public FrameReader wrap(byte[] frame, int offset, int length) {
        if (offset < 0 || length < 0 || offset > frame.length - length) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + " length " + length + " outside array of " + frame.length);
        }
        bytes.point(frame, offset);
        return validate(length);
    }

    /**
     * Validates and views the bytes between the buffer's position and limit; the buffer's position,
     * limit and byte order are not changed.
     *
     * @throws CodecException when the bytes are not a valid frame; the reader is then empty
     */
    public FrameReader wrap(ByteBuffer frame) {
        bytes.point(frame, frame.position());
        return validate(frame.remaining());
    }

    private FrameReader validate(int len) {
        this.length = -1;
        try {
            checkHeader(len);
            checkValues();
        } catch (CodecException e) {
            bytes.clear();
            throw e;
        }
        this.length = len;
        return this;
    }

    private void checkHeader(int len) {
        requireLength(len, 2, "magic");
        int magic = bytes.i16(FrameFormat.OFF_MAGIC) & 0xFFFF;
        if (magic != FrameFormat.MAGIC) {
            throw error(
                    "magic",
                    FrameFormat.OFF_MAGIC,
                    "0x" + Integer.toHexString(magic),
                    "0x" + Integer.toHexString(FrameFormat.MAGIC) + " (not a frame)");
        }
        requireLength(len, 3, "version");
        int version = bytes.u8(FrameFormat.OFF_VERSION);
        if (version != FrameFormat.VERSION) {
            throw error(
                    "version",
                    FrameFormat.OFF_VERSION,
                    String.valueOf(version),
                    FrameFormat.VERSION + " (unknown version)");
        }
        requireLength(len, HEADER_BYTES, "header");
        int kindCode = bytes.u8(FrameFormat.OFF_KIND);
        kind = FrameKind.ofCode(kindCode);
        if (kind == null) {
            throw error("kind", FrameFormat.OFF_KIND, String.valueOf(kindCode), "1..6");
        }
        int typeCode = bytes.u8(FrameFormat.OFF_ELEMENT_TYPE);
        type = ElementType.ofCode(typeCode);
        if (type == null) {
            throw error(
                    "elementType", FrameFormat.OFF_ELEMENT_TYPE, String.valueOf(typeCode), "1..4");
        }
        flags = bytes.u8(FrameFormat.OFF_FLAGS);
        if ((flags & ~FrameFormat.KNOWN_FLAGS) != 0) {
            throw error(
                    "flags",
                    FrameFormat.OFF_FLAGS,
                    "0x" + Integer.toHexString(flags),
                    "only bits 0x" + Integer.toHexString(FrameFormat.KNOWN_FLAGS));
        }
        channels = bytes.i16(FrameFormat.OFF_CHANNELS) & 0xFFFF;
        if (channels == 0) {
            throw error("channels", FrameFormat.OFF_CHANNELS, "0", "1..65535");
        }
        long elements = bytes.i32(FrameFormat.OFF_ELEMENTS) & 0xFFFFFFFFL;
        long expected = HEADER_BYTES + channels * elements * type.sizeBytes();
        if (elements == 0 || expected > FrameFormat.MAX_FRAME_BYTES) {
            throw error(
                    "elementsPerChannel",
                    FrameFormat.OFF_ELEMENTS,
                    String.valueOf(elements),
                    "1.. with the frame at most " + FrameFormat.MAX_FRAME_BYTES + " bytes");
        }
        elementsPerChannel = (int) elements;
        if (len != expected) {
            String shape = channels + " x " + elements + " " + type;
            throw new CodecException(
                    (len < expected ? "frame truncated" : "frame length mismatch")
                            + ": field 'data' at offset "
                            + HEADER_BYTES
                            + " must hold "
                            + shape
                            + " = "
                            + (expected - HEADER_BYTES)
                            + " bytes (frame "
                            + expected
                            + " bytes), payload has "
                            + len
                            + " bytes",
                    "data",
                    Math.min(len, expected));
        }
    }

    private void checkValues() {
        if (!type.isFloat()) {
            return;
        }
        int n = channels * elementsPerChannel;
        int size = type.sizeBytes();
        for (int i = 0; i < n; i++) {
            int off = HEADER_BYTES + i * size;
            double v = type == ElementType.FLOAT64 ? bytes.f64(off) : bytes.f32(off);
            if (Double.isInfinite(v) || (Double.isNaN(v) && !kind.nanAllowed())) {
                String field =
                        "data[" + (i / elementsPerChannel) + "][" + (i % elementsPerChannel) + "]";
                throw error(
                        field,
                        off,
                        String.valueOf(v),
                        kind.nanAllowed()
                                ? "a finite number or NaN"
                                : "a finite number (NaN is not allowed in " + kind + ")");
            }
        }
    }

    private void requireLength(int len, int needed, String field) {
        if (len < needed) {
            throw new CodecException(
                    "frame truncated: field '"
                            + field
                            + "' needs "
                            + needed
                            + " bytes, payload has "
                            + len,
                    field,
                    len);
        }
    }

    private static CodecException error(String field, int offset, String value, String allowed) {
        return new CodecException(
                "invalid frame: field '"
                        + field
                        + "' at offset "
                        + offset
                        + " is "
                        + value
                        + ", expected "
                        + allowed,
                field,
                offset);
    }

    private void requireWrapped() {
        if (length < 0) {
            throw new IllegalStateException("no valid frame wrapped");
        }
    }

    /** The frame's total size in bytes. */
    public int length() {
        requireWrapped();
        return length;
    }

    public FrameKind kind() {
        requireWrapped();
        return kind;
    }

    public ElementType elementType() {
        requireWrapped();
        return type;
    }

    /** The flag bits, see {@link FrameFormat#FLAG_SIMULATED}. */
    public int flags() {
        requireWrapped();
        return flags;
    }

    public boolean hasFlag(int flag) {
        return (flags() & flag) == flag;
    }

    public int channels() {
        requireWrapped();
        return channels;
    }

    public int elementsPerChannel() {
        requireWrapped();
        return elementsPerChannel;
    }

    /** The epoch, an unsigned 32-bit number. */
    public long epoch() {
        requireWrapped();
        return bytes.i32(FrameFormat.OFF_EPOCH) & 0xFFFFFFFFL;
    }

    /** The sequence number, unsigned 64-bit (compare with {@link Long#compareUnsigned}). */
    public long sequence() {
        requireWrapped();
        return bytes.i64(FrameFormat.OFF_SEQUENCE);
    }

    public long timestampNs() {
        requireWrapped();
        return bytes.i64(FrameFormat.OFF_TIMESTAMP);
    }

    /** One element converted to double (UINT8 as 0..255), whatever the element type. */
    public double get(int channel, int index) {
        int off = offsetOf(channel, index);
        return switch (type) {
            case FLOAT64 -> bytes.f64(off);
            case FLOAT32 -> bytes.f32(off);
            case INT16 -> bytes.i16(off);
            case UINT8 -> bytes.u8(off);
        };
    }

    /** Copies one channel into {@code dst} from {@code dstOffset}, converting to double. */
    public void copyChannel(int channel, double[] dst, int dstOffset) {
        checkDst(dst.length, dstOffset);
        int off = offsetOf(channel, 0);
        int size = type.sizeBytes();
        for (int i = 0; i < elementsPerChannel; i++, off += size) {
            dst[dstOffset + i] =
                    switch (type) {
                        case FLOAT64 -> bytes.f64(off);
                        case FLOAT32 -> bytes.f32(off);
                        case INT16 -> bytes.i16(off);
                        case UINT8 -> bytes.u8(off);
                    };
        }
    }

    /** Copies one channel of a FLOAT32 frame. */
    public void copyChannel(int channel, float[] dst, int dstOffset) {
        requireType(ElementType.FLOAT32);
        checkDst(dst.length, dstOffset);
        int off = offsetOf(channel, 0);
        for (int i = 0; i < elementsPerChannel; i++, off += 4) {
            dst[dstOffset + i] = bytes.f32(off);
        }
    }

    /** Copies one channel of an INT16 frame. */
    public void copyChannel(int channel, short[] dst, int dstOffset) {
        requireType(ElementType.INT16);
        checkDst(dst.length, dstOffset);
        int off = offsetOf(channel, 0);
        for (int i = 0; i < elementsPerChannel; i++, off += 2) {
            dst[dstOffset + i] = bytes.i16(off);
        }
    }

    /** Copies one channel of a UINT8 frame (the bytes as stored; mask with 0xFF to read). */
    public void copyChannel(int channel, byte[] dst, int dstOffset) {
        requireType(ElementType.UINT8);
        checkDst(dst.length, dstOffset);
        int off = offsetOf(channel, 0);
        for (int i = 0; i < elementsPerChannel; i++) {
            dst[dstOffset + i] = bytes.i8(off + i);
        }
    }

    private void requireType(ElementType wanted) {
        requireWrapped();
        if (type != wanted) {
            throw new IllegalStateException(
                    "frame elements are " + type + ", this copy needs " + wanted);
        }
    }

    private void checkDst(int dstLength, int dstOffset) {
        requireWrapped();
        if (dstOffset < 0 || dstOffset > dstLength - elementsPerChannel) {
            throw new IndexOutOfBoundsException(
                    "destination of "
                            + dstLength
                            + " from "
                            + dstOffset
                            + " cannot hold "
                            + elementsPerChannel
                            + " elements");
        }
    }

    private int offsetOf(int channel, int index) {
        requireWrapped();
        if (channel < 0 || channel >= channels) {
            throw new IndexOutOfBoundsException(
                    "channel must be 0.." + (channels - 1) + ", was " + channel);
        }
        if (index < 0 || index >= elementsPerChannel) {
            throw new IndexOutOfBoundsException(
                    "index must be 0.." + (elementsPerChannel - 1) + ", was " + index);
        }
        return HEADER_BYTES + (channel * elementsPerChannel + index) * type.sizeBytes();
    }
}
