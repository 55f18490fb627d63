package armature.record.mcap;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the content of one record; unknown trailing fields are ignored, as the spec asks. */
final class RecordDecoder {
    private RecordDecoder() {}

    /**
     * @param opcode the record's opcode
     * @param r a reader over exactly the record's content
     */
    static McapRecord decode(int opcode, LeReader r) throws McapFormatException {
        switch (opcode) {
            case Opcode.HEADER:
                return new McapRecord.Header(r.string("profile"), r.string("library"));
            case Opcode.FOOTER:
                return new McapRecord.Footer(
                        r.u64("summary_start"),
                        r.u64("summary_offset_start"),
                        r.u32("summary_crc"));
            case Opcode.SCHEMA:
                {
                    int id = r.u16("id");
                    String name = r.string("name");
                    String encoding = r.string("encoding");
                    int n = r.length(r.u32("data length"), "data");
                    return new McapRecord.Schema(id, name, encoding, r.bytes(n, "data"));
                }
            case Opcode.CHANNEL:
                return new McapRecord.Channel(
                        r.u16("id"),
                        r.u16("schema_id"),
                        r.string("topic"),
                        r.string("message_encoding"),
                        stringMap(r, "metadata"));
            case Opcode.MESSAGE:
                return new McapRecord.Message(
                        r.u16("channel_id"),
                        r.u32("sequence"),
                        r.u64("log_time"),
                        r.u64("publish_time"),
                        r.bytes(r.remaining(), "data"));
            case Opcode.CHUNK:
                {
                    long start = r.u64("message_start_time");
                    long end = r.u64("message_end_time");
                    long size = r.u64("uncompressed_size");
                    long crc = r.u32("uncompressed_crc");
                    String compression = r.string("compression");
                    int n = r.length(r.u64("records length"), "records");
                    return new McapRecord.Chunk(
                            start, end, size, crc, compression, r.bytes(n, "records"));
                }
            case Opcode.MESSAGE_INDEX:
                {
                    int channel = r.u16("channel_id");
                    LeReader a = r.slice(r.length(r.u32("records length"), "records"), "records");
                    if (a.remaining() % 16 != 0) {
                        throw a.error(
                                "field 'records' is "
                                        + a.remaining()
                                        + " bytes, not a multiple of 16 (log_time, offset)");
                    }
                    int n = a.remaining() / 16;
                    long[] times = new long[n];
                    long[] offsets = new long[n];
                    for (int i = 0; i < n; i++) {
                        times[i] = a.u64("log_time");
                        offsets[i] = a.u64("offset");
                    }
                    return new McapRecord.MessageIndex(channel, times, offsets);
                }
            case Opcode.CHUNK_INDEX:
                {
                    long start = r.u64("message_start_time");
                    long end = r.u64("message_end_time");
                    long chunkStart = r.u64("chunk_start_offset");
                    long chunkLength = r.u64("chunk_length");
                    LeReader m =
                            r.slice(
                                    r.length(
                                            r.u32("message_index_offsets length"),
                                            "message_index_offsets"),
                                    "message_index_offsets");
                    Map<Integer, Long> offsets = new LinkedHashMap<>();
                    while (m.remaining() > 0) {
                        offsets.put(m.u16("channel id"), m.u64("offset"));
                    }
                    return new McapRecord.ChunkIndex(
                            start,
                            end,
                            chunkStart,
                            chunkLength,
                            offsets,
                            r.u64("message_index_length"),
                            r.string("compression"),
                            r.u64("compressed_size"),
                            r.u64("uncompressed_size"));
                }
            case Opcode.ATTACHMENT:
                {
                    long logTime = r.u64("log_time");
                    long createTime = r.u64("create_time");
                    String name = r.string("name");
                    String mediaType = r.string("media_type");
                    int n = r.length(r.u64("data length"), "data");
                    byte[] data = r.bytes(n, "data");
                    return new McapRecord.Attachment(
                            logTime, createTime, name, mediaType, data, r.u32("crc"));
                }
            case Opcode.ATTACHMENT_INDEX:
                return new McapRecord.AttachmentIndex(
                        r.u64("offset"),
                        r.u64("length"),
                        r.u64("log_time"),
                        r.u64("create_time"),
                        r.u64("data_size"),
                        r.string("name"),
                        r.string("media_type"));
            case Opcode.STATISTICS:
                {
                    long messages = r.u64("message_count");
                    int schemas = r.u16("schema_count");
                    long channels = r.u32("channel_count");
                    long attachments = r.u32("attachment_count");
                    long metadata = r.u32("metadata_count");
                    long chunks = r.u32("chunk_count");
                    long start = r.u64("message_start_time");
                    long end = r.u64("message_end_time");
                    LeReader m =
                            r.slice(
                                    r.length(
                                            r.u32("channel_message_counts length"),
                                            "channel_message_counts"),
                                    "channel_message_counts");
                    Map<Integer, Long> counts = new LinkedHashMap<>();
                    while (m.remaining() > 0) {
                        counts.put(m.u16("channel id"), m.u64("count"));
                    }
                    return new McapRecord.Statistics(
                            messages,
                            schemas,
                            channels,
                            attachments,
                            metadata,
                            chunks,
                            start,
                            end,
                            counts);
                }
            case Opcode.METADATA:
                return new McapRecord.Metadata(r.string("name"), stringMap(r, "metadata"));
            case Opcode.METADATA_INDEX:
                return new McapRecord.MetadataIndex(
                        r.u64("offset"), r.u64("length"), r.string("name"));
            case Opcode.SUMMARY_OFFSET:
                return new McapRecord.SummaryOffset(
                        r.u8("group_opcode"), r.u64("group_start"), r.u64("group_length"));
            case Opcode.DATA_END:
                return new McapRecord.DataEnd(r.u32("data_section_crc"));
            default:
                return new McapRecord.Unknown(opcode, r.bytes(r.remaining(), "content"));
        }
    }

    private static Map<String, String> stringMap(LeReader r, String field)
            throws McapFormatException {
        LeReader m = r.slice(r.length(r.u32(field + " length"), field), field);
        Map<String, String> map = new LinkedHashMap<>();
        while (m.remaining() > 0) {
            String k = m.string(field + " key");
            map.put(k, m.string(field + " value of '" + k + "'"));
        }
        return map;
    }
}
