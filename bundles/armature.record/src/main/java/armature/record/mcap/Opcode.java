package armature.record.mcap;

/** The record opcodes of MCAP major version 0 (https://mcap.dev/spec, "Records"). */
public final class Opcode {
    public static final int HEADER = 0x01;
    public static final int FOOTER = 0x02;
    public static final int SCHEMA = 0x03;
    public static final int CHANNEL = 0x04;
    public static final int MESSAGE = 0x05;
    public static final int CHUNK = 0x06;
    public static final int MESSAGE_INDEX = 0x07;
    public static final int CHUNK_INDEX = 0x08;
    public static final int ATTACHMENT = 0x09;
    public static final int ATTACHMENT_INDEX = 0x0A;
    public static final int STATISTICS = 0x0B;
    public static final int METADATA = 0x0C;
    public static final int METADATA_INDEX = 0x0D;
    public static final int SUMMARY_OFFSET = 0x0E;
    public static final int DATA_END = 0x0F;

    private static final String[] NAMES = {
        null,
        "Header",
        "Footer",
        "Schema",
        "Channel",
        "Message",
        "Chunk",
        "MessageIndex",
        "ChunkIndex",
        "Attachment",
        "AttachmentIndex",
        "Statistics",
        "Metadata",
        "MetadataIndex",
        "SummaryOffset",
        "DataEnd"
    };

    private Opcode() {}

    /** The record's name for messages, e.g. {@code Chunk (0x06)}; unknown ones by number. */
    public static String name(int opcode) {
        String hex = String.format("0x%02x", opcode);
        return opcode > 0 && opcode < NAMES.length
                ? NAMES[opcode] + " (" + hex + ")"
                : "unknown record " + hex;
    }
}
