package armature.bus.codec;

import static armature.bus.codec.FrameFormat.HEADER_BYTES;

import java.nio.ByteBuffer;

/**
 * Writes {@code application/vnd.armature.frame.v1} frames into caller-provided memory without
 * allocating. Reuse one writer per publishing thread:
 *
 * <pre>{@code
 * int n = writer.wrap(buffer, 0)
 *         .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, 24)
 *         .sequence(seq).epoch(epoch).timestampNs(clock.nanos())
 *         .putChannel(positionRad).putChannel(velocityRadPerSec).putChannel(effort)
 *         .finish();
 * }</pre>
 *
 * Channels are written in order; {@link #finish()} writes the header once all are present and
 * returns the frame length. Values are checked as they are copied: infinity is always rejected, NaN
 * unless the kind allows it ({@link FrameKind#nanAllowed()}), so a command with NaN never leaves
 * the process. A rejected value leaves the writer unusable until the next {@link #begin}. Not
 * thread-safe.
 */
public final class FrameWriter {
    private final Bytes bytes = new Bytes();
    private int capacity = -1;
    private boolean begun;
    private FrameKind kind;
    private ElementType type;
    private int channels;
    private int elementsPerChannel;
    private int channelsWritten;
    private int flags;
    private long epoch;
    private long sequence;
    private long timestampNs;
    private int frameBytes;

    /** Targets {@code dst} from {@code offset}. */
    public FrameWriter wrap(byte[] dst, int offset) {
        if (offset < 0 || offset > dst.length) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + " outside array of " + dst.length);
        }
        bytes.point(dst, offset);
        capacity = dst.length - offset;
        begun = false;
        return this;
    }

    /**
     * Targets {@code dst} from its position up to its limit. The buffer's position and byte order
     * are not changed: use the length {@link #finish()} returns.
     */
    public FrameWriter wrap(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only");
        }
        bytes.point(dst, dst.position());
        capacity = dst.remaining();
        begun = false;
        return this;
    }

    /**
     * Starts a frame: clears flags, epoch, sequence and timestamp to 0.
     *
     * @throws IllegalArgumentException naming the value when the shape is out of range or the
     *     destination is too small
     */
    public FrameWriter begin(
            FrameKind kind, ElementType type, int channels, int elementsPerChannel) {
        if (capacity < 0) {
            throw new IllegalStateException("wrap a destination before begin");
        }
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        int size = FrameFormat.frameBytes(type, channels, elementsPerChannel);
        if (size > capacity) {
            throw new IllegalArgumentException(
                    "destination has "
                            + capacity
                            + " bytes, a "
                            + channels
                            + " x "
                            + elementsPerChannel
                            + " "
                            + type
                            + " frame needs "
                            + size);
        }
        this.kind = kind;
        this.type = type;
        this.channels = channels;
        this.elementsPerChannel = elementsPerChannel;
        this.frameBytes = size;
        this.channelsWritten = 0;
        this.flags = 0;
        this.epoch = 0;
        this.sequence = 0;
        this.timestampNs = 0;
        this.begun = true;
        return this;
    }

    /** Sets flag bits from {@link FrameFormat#KNOWN_FLAGS}. */
    public FrameWriter flags(int flagBits) {
        requireBegun();
        if ((flagBits & ~FrameFormat.KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException(
                    "flags must use only bits 0x"
                            + Integer.toHexString(FrameFormat.KNOWN_FLAGS)
                            + ", was 0x"
                            + Integer.toHexString(flagBits));
        }
        this.flags = flagBits;
        return this;
    }

    /** Sets the epoch, 0..4294967295. */
    public FrameWriter epoch(long value) {
        requireBegun();
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("epoch must be 0..4294967295, was " + value);
        }
        this.epoch = value;
        return this;
    }

    /** Sets the sequence number, read as unsigned 64-bit. */
    public FrameWriter sequence(long value) {
        requireBegun();
        this.sequence = value;
        return this;
    }

    public FrameWriter timestampNs(long value) {
        requireBegun();
        this.timestampNs = value;
        return this;
    }

    /** Writes the next channel from a whole array of exactly elementsPerChannel values. */
    public FrameWriter putChannel(double[] values) {
        requireLength(values.length);
        return putChannel(values, 0);
    }

    /**
     * Writes the next channel from {@code values[from .. from + elementsPerChannel)} into a FLOAT64
     * or FLOAT32 frame.
     */
    public FrameWriter putChannel(double[] values, int from) {
        int off = nextChannel(values.length, from);
        if (type == ElementType.FLOAT64) {
            for (int i = 0; i < elementsPerChannel; i++, off += 8) {
                double v = values[from + i];
                checkFloat(v, v, i);
                bytes.putF64(off, v);
            }
        } else if (type == ElementType.FLOAT32) {
            for (int i = 0; i < elementsPerChannel; i++, off += 4) {
                double v = values[from + i];
                float f = (float) v;
                checkFloat(v, f, i);
                bytes.putF32(off, f);
            }
        } else {
            throw mismatch("double[]");
        }
        channelsWritten++;
        return this;
    }

    /** Writes the next channel of a FLOAT32 or FLOAT64 frame from exactly elementsPerChannel. */
    public FrameWriter putChannel(float[] values) {
        requireLength(values.length);
        int off = nextChannel(values.length, 0);
        if (type == ElementType.FLOAT32) {
            for (int i = 0; i < elementsPerChannel; i++, off += 4) {
                checkFloat(values[i], values[i], i);
                bytes.putF32(off, values[i]);
            }
        } else if (type == ElementType.FLOAT64) {
            for (int i = 0; i < elementsPerChannel; i++, off += 8) {
                checkFloat(values[i], values[i], i);
                bytes.putF64(off, values[i]);
            }
        } else {
            throw mismatch("float[]");
        }
        channelsWritten++;
        return this;
    }

    /** Writes the next channel of an INT16 frame from exactly elementsPerChannel values. */
    public FrameWriter putChannel(short[] values) {
        requireLength(values.length);
        int off = nextChannel(values.length, 0);
        if (type != ElementType.INT16) {
            throw mismatch("short[]");
        }
        for (int i = 0; i < elementsPerChannel; i++, off += 2) {
            bytes.put16(off, values[i]);
        }
        channelsWritten++;
        return this;
    }

    /** Writes the next channel of a UINT8 frame from exactly elementsPerChannel bytes. */
    public FrameWriter putChannel(byte[] values) {
        requireLength(values.length);
        int off = nextChannel(values.length, 0);
        if (type != ElementType.UINT8) {
            throw mismatch("byte[]");
        }
        for (int i = 0; i < elementsPerChannel; i++) {
            bytes.put8(off + i, values[i]);
        }
        channelsWritten++;
        return this;
    }

    /**
     * Writes the header and ends the frame.
     *
     * @return the frame length in bytes
     * @throws IllegalStateException when not every channel was written
     */
    public int finish() {
        requireBegun();
        if (channelsWritten != channels) {
            throw new IllegalStateException(
                    "frame has "
                            + channels
                            + " channels, only "
                            + channelsWritten
                            + " were written");
        }
        bytes.put16(FrameFormat.OFF_MAGIC, (short) FrameFormat.MAGIC);
        bytes.put8(FrameFormat.OFF_VERSION, FrameFormat.VERSION);
        bytes.put8(FrameFormat.OFF_KIND, kind.code());
        bytes.put8(FrameFormat.OFF_ELEMENT_TYPE, type.code());
        bytes.put8(FrameFormat.OFF_FLAGS, flags);
        bytes.put16(FrameFormat.OFF_CHANNELS, (short) channels);
        bytes.put32(FrameFormat.OFF_ELEMENTS, elementsPerChannel);
        bytes.put32(FrameFormat.OFF_EPOCH, (int) epoch);
        bytes.put64(FrameFormat.OFF_SEQUENCE, sequence);
        bytes.put64(FrameFormat.OFF_TIMESTAMP, timestampNs);
        begun = false;
        return frameBytes;
    }

    private void requireBegun() {
        if (!begun) {
            throw new IllegalStateException("call begin before writing a frame");
        }
    }

    private void requireLength(int length) {
        requireBegun();
        if (length != elementsPerChannel) {
            throw new IllegalArgumentException(
                    "channel "
                            + channelsWritten
                            + " must have "
                            + elementsPerChannel
                            + " elements, was "
                            + length);
        }
    }

    private int nextChannel(int length, int from) {
        requireBegun();
        if (channelsWritten >= channels) {
            throw new IllegalStateException("all " + channels + " channels are already written");
        }
        if (from < 0 || from > length - elementsPerChannel) {
            throw new IllegalArgumentException(
                    "source of "
                            + length
                            + " from "
                            + from
                            + " does not hold "
                            + elementsPerChannel
                            + " elements");
        }
        return HEADER_BYTES + channelsWritten * elementsPerChannel * type.sizeBytes();
    }

    /** {@code original} is the caller's value, {@code stored} what the frame would hold. */
    private void checkFloat(double original, double stored, int index) {
        if (Double.isInfinite(stored) || (Double.isNaN(stored) && !kind.nanAllowed())) {
            begun = false;
            String why =
                    Double.isInfinite(stored) && !Double.isInfinite(original)
                            ? "outside the float32 range"
                            : kind.nanAllowed()
                                    ? "allowed: a finite number or NaN"
                                    : "allowed: a finite number (NaN is not allowed in "
                                            + kind
                                            + ")";
            throw new IllegalArgumentException(
                    "data[" + channelsWritten + "][" + index + "] is " + original + ", " + why);
        }
    }

    private IllegalStateException mismatch(String given) {
        return new IllegalStateException(
                "frame elements are " + type + ", cannot write them from " + given);
    }
}
