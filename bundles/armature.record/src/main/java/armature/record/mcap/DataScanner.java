package armature.record.mcap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/** One pass over the data section for {@link McapReader#scan}: reads and checks every record. */
final class DataScanner {
    private final FileChannel ch;
    private final long size;
    private final long dataStart;
    private final McapVisitor visitor;
    private final CRC32 crc = new CRC32();
    private final Map<Integer, McapRecord.Schema> schemas = new LinkedHashMap<>();
    private final Map<Integer, McapRecord.Channel> channels = new LinkedHashMap<>();
    private final Map<Integer, Long> channelCounts = new TreeMap<>();
    private final Map<String, Long> recordCounts = new TreeMap<>();
    private final List<McapRecord.ChunkIndex> chunks = new ArrayList<>();
    private final List<McapRecord.AttachmentIndex> attachments = new ArrayList<>();
    private final List<McapRecord.MetadataIndex> metadata = new ArrayList<>();
    private long messages;
    private long startTime;
    private long endTime;

    /** The last chunk, whose Message Index records may follow. */
    private RawRecord lastChunk;

    private McapRecord.Chunk lastChunkRecord;
    private Map<Integer, List<long[]>> lastChunkMessages;
    private Map<Integer, Long> lastChunkIndexOffsets;
    private long lastChunkIndexEnd;

    DataScanner(FileChannel ch, long size, long dataStart, McapVisitor visitor) {
        this.ch = ch;
        this.size = size;
        this.dataStart = dataStart;
        this.visitor = visitor;
    }

    DataScan run() throws IOException {
        crc.update(McapReader.read(ch, 0, (int) dataStart));
        long pos = dataStart;
        while (true) {
            RawRecord raw = RawRecord.read(ch, pos, size - McapWriter.MAGIC.length);
            McapRecord r = raw.decode();
            count(r);
            if (r instanceof McapRecord.DataEnd end) {
                closeChunk();
                long computed = crc.getValue();
                if (end.dataSectionCrc() != 0 && end.dataSectionCrc() != computed) {
                    throw new McapFormatException(
                            raw.offset(),
                            "data section CRC32 mismatch: Data End says "
                                    + end.dataSectionCrc()
                                    + ", the data section has "
                                    + computed
                                    + ": the data is corrupt");
                }
                return new DataScan(
                        messages,
                        messages == 0 ? 0 : startTime,
                        messages == 0 ? 0 : endTime,
                        channelCounts,
                        schemas,
                        channels,
                        chunks,
                        attachments,
                        metadata,
                        recordCounts,
                        raw.offset(),
                        computed);
            }
            crc.update(header(raw));
            crc.update(raw.content());
            visitor.record(r, raw.offset(), false);
            if (r instanceof McapRecord.MessageIndex mi) {
                messageIndex(raw, mi);
            } else {
                closeChunk();
                top(raw, r);
            }
            pos = raw.end();
        }
    }

    private void top(RawRecord raw, McapRecord r) throws IOException {
        switch (r.opcode()) {
            case Opcode.SCHEMA, Opcode.CHANNEL, Opcode.MESSAGE -> inner(r, raw.offset());
            case Opcode.CHUNK -> chunk(raw, (McapRecord.Chunk) r);
            case Opcode.ATTACHMENT -> attachment(raw, (McapRecord.Attachment) r);
            case Opcode.METADATA -> {
                McapRecord.Metadata m = (McapRecord.Metadata) r;
                metadata.add(new McapRecord.MetadataIndex(raw.offset(), raw.length(), m.name()));
            }
            case Opcode.HEADER,
                            Opcode.FOOTER,
                            Opcode.CHUNK_INDEX,
                            Opcode.ATTACHMENT_INDEX,
                            Opcode.STATISTICS,
                            Opcode.METADATA_INDEX,
                            Opcode.SUMMARY_OFFSET ->
                    throw new McapFormatException(
                            raw.offset(),
                            Opcode.name(r.opcode()) + " record is not allowed in the data section");
            default -> {
                // Unknown opcodes are skipped, as the spec asks.
            }
        }
    }

    private void chunk(RawRecord raw, McapRecord.Chunk c) throws IOException {
        if (!c.compression().isEmpty()) {
            throw new McapFormatException(
                    raw.offset(),
                    "Chunk compression '"
                            + c.compression()
                            + "' is not supported; this reader reads uncompressed chunks only"
                            + " (ADR 0095)");
        }
        byte[] records = c.records();
        long recordsOffset = raw.end() - records.length;
        if (c.uncompressedSize() != records.length) {
            throw new McapFormatException(
                    raw.offset(),
                    "Chunk uncompressed_size is "
                            + c.uncompressedSize()
                            + " but its records are "
                            + records.length
                            + " bytes");
        }
        if (c.uncompressedCrc() != 0) {
            CRC32 chunkCrc = new CRC32();
            chunkCrc.update(records);
            if (chunkCrc.getValue() != c.uncompressedCrc()) {
                throw new McapFormatException(
                        raw.offset(),
                        "Chunk CRC32 mismatch: the chunk says "
                                + c.uncompressedCrc()
                                + ", its records have "
                                + chunkCrc.getValue()
                                + ": the chunk is corrupt");
            }
        }
        Map<Integer, List<long[]>> found = new TreeMap<>();
        int p = 0;
        while (p < records.length) {
            if (records.length - p < McapReader.RECORD_HEADER_BYTES) {
                throw new McapFormatException(
                        recordsOffset + p, "Chunk ends inside a record header");
            }
            LeReader h = new LeReader(records, p, p + 9, recordsOffset, "record in a chunk");
            int opcode = h.u8("opcode");
            long length = h.u64("record length");
            int start = p + McapReader.RECORD_HEADER_BYTES;
            if (length < 0 || length > records.length - start) {
                throw new McapFormatException(
                        recordsOffset + p,
                        Opcode.name(opcode)
                                + " record in a chunk declares "
                                + Long.toUnsignedString(length)
                                + " bytes but the chunk has "
                                + (records.length - start)
                                + " left");
            }
            McapRecord r =
                    RecordDecoder.decode(
                            opcode,
                            new LeReader(
                                    records,
                                    start,
                                    start + (int) length,
                                    recordsOffset,
                                    Opcode.name(opcode) + " record in a chunk"));
            count(r);
            visitor.record(r, p, true);
            if (opcode != Opcode.SCHEMA && opcode != Opcode.CHANNEL && opcode != Opcode.MESSAGE) {
                if (!(r instanceof McapRecord.Unknown)) {
                    throw new McapFormatException(
                            recordsOffset + p,
                            Opcode.name(opcode) + " record is not allowed inside a chunk");
                }
            } else {
                inner(r, recordsOffset + p);
                if (r instanceof McapRecord.Message m) {
                    found.computeIfAbsent(m.channelId(), k -> new ArrayList<>())
                            .add(new long[] {m.logTime(), p});
                }
            }
            p = start + (int) length;
        }
        lastChunk = raw;
        lastChunkRecord = c;
        lastChunkMessages = found;
        lastChunkIndexOffsets = new TreeMap<>();
        lastChunkIndexEnd = raw.end();
    }

    private void inner(McapRecord r, long offset) throws IOException {
        if (r instanceof McapRecord.Schema s) {
            if (s.id() == 0) {
                return; // invalid, and to be ignored (spec)
            }
            McapRecord.Schema before = schemas.putIfAbsent(s.id(), s);
            if (before != null && !same(before, s)) {
                throw new McapFormatException(
                        offset, "Schema " + s.id() + " differs from an earlier one of that id");
            }
        } else if (r instanceof McapRecord.Channel c) {
            if (c.schemaId() != 0 && !schemas.containsKey(c.schemaId())) {
                throw new McapFormatException(
                        offset,
                        "Channel "
                                + c.id()
                                + " ("
                                + c.topic()
                                + ") refers to schema "
                                + c.schemaId()
                                + ", which is not defined before it");
            }
            McapRecord.Channel before = channels.putIfAbsent(c.id(), c);
            if (before != null && !before.equals(c)) {
                throw new McapFormatException(
                        offset, "Channel " + c.id() + " differs from an earlier one of that id");
            }
        } else if (r instanceof McapRecord.Message m) {
            McapRecord.Channel c = channels.get(m.channelId());
            if (c == null) {
                throw new McapFormatException(
                        offset,
                        "Message on channel " + m.channelId() + ", which is not defined before it");
            }
            if (messages == 0 || Long.compareUnsigned(m.logTime(), startTime) < 0) {
                startTime = m.logTime();
            }
            if (messages == 0 || Long.compareUnsigned(m.logTime(), endTime) > 0) {
                endTime = m.logTime();
            }
            messages++;
            channelCounts.merge(m.channelId(), 1L, Long::sum);
            visitor.message(c, c.schemaId() == 0 ? null : schemas.get(c.schemaId()), m);
        }
    }

    private void messageIndex(RawRecord raw, McapRecord.MessageIndex mi) throws IOException {
        if (lastChunk == null || raw.offset() != lastChunkIndexEnd) {
            throw new McapFormatException(
                    raw.offset(), "Message Index record does not follow a chunk");
        }
        List<long[]> found = lastChunkMessages.getOrDefault(mi.channelId(), List.of());
        long[][] listed = new long[mi.offsets().length][];
        for (int i = 0; i < listed.length; i++) {
            listed[i] = new long[] {mi.logTimes()[i], mi.offsets()[i]};
        }
        long[][] actual = found.toArray(new long[0][]);
        java.util.Comparator<long[]> byOffset = (a, b) -> Long.compare(a[1], b[1]);
        Arrays.sort(listed, byOffset);
        Arrays.sort(actual, byOffset);
        if (!Arrays.deepEquals(listed, actual)) {
            throw new McapFormatException(
                    raw.offset(),
                    "Message Index for channel "
                            + mi.channelId()
                            + " lists "
                            + listed.length
                            + " messages that do not match the "
                            + actual.length
                            + " the chunk at offset "
                            + lastChunk.offset()
                            + " holds on that channel");
        }
        lastChunkIndexOffsets.put(mi.channelId(), raw.offset());
        lastChunkIndexEnd = raw.end();
    }

    /** The chunk before is complete (with its message indexes): remember it as an index entry. */
    private void closeChunk() throws McapFormatException {
        if (lastChunk == null) {
            return;
        }
        if (!lastChunkIndexOffsets.isEmpty()
                && !lastChunkIndexOffsets.keySet().equals(lastChunkMessages.keySet())) {
            throw new McapFormatException(
                    lastChunk.offset(),
                    "the Message Index records after this chunk cover channels "
                            + lastChunkIndexOffsets.keySet()
                            + " but it holds messages on "
                            + lastChunkMessages.keySet());
        }
        chunks.add(
                new McapRecord.ChunkIndex(
                        lastChunkRecord.messageStartTime(),
                        lastChunkRecord.messageEndTime(),
                        lastChunk.offset(),
                        lastChunk.length(),
                        lastChunkIndexOffsets,
                        lastChunkIndexEnd - lastChunk.end(),
                        lastChunkRecord.compression(),
                        lastChunkRecord.records().length,
                        lastChunkRecord.uncompressedSize()));
        lastChunk = null;
    }

    private void attachment(RawRecord raw, McapRecord.Attachment a) throws McapFormatException {
        if (a.crc() != 0) {
            CRC32 c = new CRC32();
            c.update(raw.content(), 0, raw.content().length - 4);
            if (c.getValue() != a.crc()) {
                throw new McapFormatException(
                        raw.offset(),
                        "Attachment '" + a.name() + "' CRC32 mismatch: the attachment is corrupt");
            }
        }
        attachments.add(
                new McapRecord.AttachmentIndex(
                        raw.offset(),
                        raw.length(),
                        a.logTime(),
                        a.createTime(),
                        a.data().length,
                        a.name(),
                        a.mediaType()));
    }

    private void count(McapRecord r) {
        String name = r instanceof McapRecord.Unknown ? "Unknown" : Opcode.name(r.opcode());
        recordCounts.merge(name.replaceAll(" \\(.*", ""), 1L, Long::sum);
    }

    private static boolean same(McapRecord.Schema a, McapRecord.Schema b) {
        return a.name().equals(b.name())
                && a.encoding().equals(b.encoding())
                && Arrays.equals(a.data(), b.data());
    }

    private static byte[] header(RawRecord raw) {
        LeBuffer b = new LeBuffer(9);
        b.u8(raw.opcode()).u64(raw.content().length);
        return b.toByteArray();
    }
}
