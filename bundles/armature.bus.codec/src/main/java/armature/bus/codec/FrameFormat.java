package armature.bus.codec;

/**
 * Layout of the {@code application/vnd.armature.frame.v1} frame: a 32-byte little-endian header
 * followed by a row-major {@code [channels][elementsPerChannel]} array of one {@link ElementType},
 * with nothing after it. The header size keeps float64 data 8-byte aligned.
 *
 * <pre>
 * offset size field
 *  0     2    magic               0x4641 (bytes 'A' 'F')
 *  2     1    version             1
 *  3     1    kind                {@link FrameKind#code()}
 *  4     1    elementType         {@link ElementType#code()}
 *  5     1    flags               {@link #FLAG_SIMULATED}, {@link #FLAG_END_OF_STREAM}; other bits 0
 *  6     2    channels            unsigned, 1..65535
 *  8     4    elementsPerChannel  unsigned, >= 1
 * 12     4    epoch               unsigned; changes when the publisher restarts its sequence
 * 16     8    sequence            unsigned, +1 per frame within an epoch
 * 24     8    timestampNs         signed, ns on the clock named by the stream's schema
 *                                  (commands: the sender's own clock, not interpreted)
 * 32     ...  data                channels * elementsPerChannel * elementType.sizeBytes()
 * </pre>
 */
public final class FrameFormat {
    /** The first two bytes, read as a little-endian unsigned short. */
    public static final int MAGIC = 0x4641;

    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 32;

    /**
     * The data came from a simulator, not from hardware. Reserved: no Armature publisher sets it
     * (the control loop cannot tell a simulated driver from hardware), so a clear bit does not mean
     * hardware.
     */
    public static final int FLAG_SIMULATED = 1;

    /**
     * The publisher sends no more frames in this epoch. Reserved: no Armature publisher sets it.
     */
    public static final int FLAG_END_OF_STREAM = 1 << 1;

    /** Every flag bit version 1 defines; readers reject the others so no meaning is ignored. */
    public static final int KNOWN_FLAGS = FLAG_SIMULATED | FLAG_END_OF_STREAM;

    public static final int MAX_CHANNELS = 0xFFFF;

    /** Largest frame: MQTT's maximum packet size (256 MiB) less room for the topic. */
    public static final int MAX_FRAME_BYTES = 256 * 1024 * 1024 - 64 * 1024;

    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 2;
    static final int OFF_KIND = 3;
    static final int OFF_ELEMENT_TYPE = 4;
    static final int OFF_FLAGS = 5;
    static final int OFF_CHANNELS = 6;
    static final int OFF_ELEMENTS = 8;
    static final int OFF_EPOCH = 12;
    static final int OFF_SEQUENCE = 16;
    static final int OFF_TIMESTAMP = 24;

    private FrameFormat() {}

    /**
     * The size in bytes of a frame of this shape.
     *
     * @throws IllegalArgumentException naming the value when the shape is out of range or the frame
     *     would exceed {@link #MAX_FRAME_BYTES}
     */
    public static int frameBytes(ElementType type, int channels, long elementsPerChannel) {
        if (type == null) {
            throw new IllegalArgumentException("elementType must not be null");
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException(
                    "channels must be 1.." + MAX_CHANNELS + ", was " + channels);
        }
        if (elementsPerChannel < 1) {
            throw new IllegalArgumentException(
                    "elementsPerChannel must be >= 1, was " + elementsPerChannel);
        }
        long bytes = HEADER_BYTES + channels * elementsPerChannel * type.sizeBytes();
        if (bytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException(
                    "frame of "
                            + channels
                            + " x "
                            + elementsPerChannel
                            + " "
                            + type
                            + " needs "
                            + bytes
                            + " bytes, more than the maximum "
                            + MAX_FRAME_BYTES);
        }
        return (int) bytes;
    }
}
