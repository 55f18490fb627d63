package armature.record.mcap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The summary section of a file, read and checked by {@link McapReader#open}: its CRC32 (when the
 * footer gives one), that it follows a Data End record, that its records are of the kinds the spec
 * allows there and grouped by opcode, and that each Summary Offset record points at exactly one
 * such group.
 *
 * @param schemas schemas by id
 * @param channels channels by id
 * @param statistics the Statistics record, or {@code null}
 * @param chunkIndexes chunk indexes in file order
 * @param attachmentIndexes attachment indexes
 * @param metadataIndexes metadata indexes
 * @param summaryOffsets the Summary Offset records
 */
public record McapSummary(
        Map<Integer, McapRecord.Schema> schemas,
        Map<Integer, McapRecord.Channel> channels,
        McapRecord.Statistics statistics,
        List<McapRecord.ChunkIndex> chunkIndexes,
        List<McapRecord.AttachmentIndex> attachmentIndexes,
        List<McapRecord.MetadataIndex> metadataIndexes,
        List<McapRecord.SummaryOffset> summaryOffsets) {

    /** Whether the file has a summary section. */
    public boolean present() {
        return !schemas.isEmpty()
                || !channels.isEmpty()
                || statistics != null
                || !chunkIndexes.isEmpty()
                || !attachmentIndexes.isEmpty()
                || !metadataIndexes.isEmpty();
    }

    static McapSummary read(FileChannel ch, McapRecord.Footer f, long footerOffset, long dataStart)
            throws IOException {
        Map<Integer, McapRecord.Schema> schemas = new LinkedHashMap<>();
        Map<Integer, McapRecord.Channel> channels = new LinkedHashMap<>();
        McapRecord.Statistics statistics = null;
        List<McapRecord.ChunkIndex> chunks = new ArrayList<>();
        List<McapRecord.AttachmentIndex> attachments = new ArrayList<>();
        List<McapRecord.MetadataIndex> metadata = new ArrayList<>();
        List<McapRecord.SummaryOffset> offsets = new ArrayList<>();
        long start = f.summaryStart();
        long offsetStart = f.summaryOffsetStart() == 0 ? footerOffset : f.summaryOffsetStart();
        if (start == 0) {
            return new McapSummary(schemas, channels, null, chunks, attachments, metadata, offsets);
        }
        if (start < dataStart || start > offsetStart || offsetStart > footerOffset) {
            throw new McapFormatException(
                    footerOffset,
                    "Footer summary_start "
                            + start
                            + " and summary_offset_start "
                            + f.summaryOffsetStart()
                            + " do not lie in order between the header and the footer (at "
                            + footerOffset
                            + ")");
        }
        if (f.summaryCrc() != 0) {
            // Everything from the summary's start through the footer's summary_offset_start.
            long n = footerOffset + McapReader.RECORD_HEADER_BYTES + 16 - start;
            CRC32 crc = new CRC32();
            crc.update(McapReader.read(ch, start, (int) n));
            if (crc.getValue() != f.summaryCrc()) {
                throw new McapFormatException(
                        start,
                        "summary CRC32 mismatch: the footer says "
                                + f.summaryCrc()
                                + ", the summary has "
                                + crc.getValue()
                                + ": the summary is corrupt");
            }
        }
        long dataEndOffset = start - McapReader.RECORD_HEADER_BYTES - 4;
        RawRecord end = RawRecord.read(ch, dataEndOffset, start);
        if (end.opcode() != Opcode.DATA_END || end.end() != start) {
            throw new McapFormatException(
                    dataEndOffset,
                    "expected the Data End record just before the summary at "
                            + start
                            + ", found "
                            + Opcode.name(end.opcode()));
        }
        Map<Integer, long[]> groups = new LinkedHashMap<>();
        int previous = -1;
        for (long pos = start; pos < offsetStart; ) {
            RawRecord raw = RawRecord.read(ch, pos, offsetStart);
            McapRecord r = raw.decode();
            int op = raw.opcode();
            if (op != previous && groups.containsKey(op)) {
                throw new McapFormatException(
                        raw.offset(),
                        "summary records are not grouped by opcode: a second group of "
                                + Opcode.name(op));
            }
            groups.computeIfAbsent(op, k -> new long[] {raw.offset(), 0})[1] += raw.length();
            previous = op;
            if (r instanceof McapRecord.Schema s) {
                schemas.put(s.id(), s);
            } else if (r instanceof McapRecord.Channel c) {
                channels.put(c.id(), c);
            } else if (r instanceof McapRecord.Statistics s) {
                if (statistics != null) {
                    throw new McapFormatException(raw.offset(), "a second Statistics record");
                }
                statistics = s;
            } else if (r instanceof McapRecord.ChunkIndex ci) {
                chunks.add(ci);
            } else if (r instanceof McapRecord.AttachmentIndex ai) {
                attachments.add(ai);
            } else if (r instanceof McapRecord.MetadataIndex mi) {
                metadata.add(mi);
            } else if (!(r instanceof McapRecord.Unknown)) {
                throw new McapFormatException(
                        raw.offset(),
                        Opcode.name(op) + " record is not allowed in the summary section");
            }
            pos = raw.end();
        }
        for (long pos = offsetStart; pos < footerOffset; ) {
            RawRecord raw = RawRecord.read(ch, pos, footerOffset);
            if (raw.opcode() != Opcode.SUMMARY_OFFSET) {
                throw new McapFormatException(
                        raw.offset(),
                        Opcode.name(raw.opcode())
                                + " record is not allowed in the summary offset section");
            }
            McapRecord.SummaryOffset so = (McapRecord.SummaryOffset) raw.decode();
            long[] g = groups.get(so.groupOpcode());
            if (g == null || g[0] != so.groupStart() || g[1] != so.groupLength()) {
                throw new McapFormatException(
                        raw.offset(),
                        "Summary Offset for "
                                + Opcode.name(so.groupOpcode())
                                + " says "
                                + so.groupLength()
                                + " bytes at "
                                + so.groupStart()
                                + ", but the summary has "
                                + (g == null ? "no such group" : g[1] + " bytes at " + g[0]));
            }
            offsets.add(so);
            pos = raw.end();
        }
        return new McapSummary(
                schemas, channels, statistics, chunks, attachments, metadata, offsets);
    }
}
