package armature.record.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an MCAP file (https://mcap.dev/spec) to a stream: magic, Header, the data section (Schema,
 * Channel and Message records in uncompressed Chunks, each followed by its Message Index records;
 * Metadata and Attachment records between chunks), Data End with the data section's CRC32, and on
 * {@link #close()} the summary section (Schemas, Channels, Statistics, Chunk Indexes, Attachment
 * and Metadata Indexes, grouped by opcode), one Summary Offset per group, the Footer with the
 * summary CRC32, and the closing magic.
 *
 * <p>Chunks are never compressed ({@link Options}): see ADR 0095. Not thread-safe: one thread
 * writes. The stream is closed by {@link #close()}.
 */
public final class McapWriter implements Closeable {
    /** The 8 magic bytes that begin and end every MCAP file of major version 0. */
    static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

    /**
     * How to write.
     *
     * @param profile the Header's profile ({@code ""} or an {@code x-} name)
     * @param library the Header's library, e.g. {@code armature.record 0.1.0}
     * @param chunked whether messages go into chunks (and are indexed); false writes them straight
     *     into the data section
     * @param chunkSizeBytes a chunk is written once its records reach this size
     */
    public record Options(String profile, String library, boolean chunked, int chunkSizeBytes) {
        public Options {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(library, "library");
            if (chunkSizeBytes < 1024 || chunkSizeBytes > 256 << 20) {
                throw new IllegalArgumentException(
                        "chunkSizeBytes must be 1024..268435456, was " + chunkSizeBytes);
            }
        }

        /** Chunked, 1 MiB chunks, no profile. */
        public static Options defaults(String library) {
            return new Options("", library, true, 1 << 20);
        }

        public Options withChunkSizeBytes(int bytes) {
            return new Options(profile, library, chunked, bytes);
        }

        public Options unchunked() {
            return new Options(profile, library, false, chunkSizeBytes);
        }
    }

    private final OutputStream out;
    private final Options options;
    private final LeBuffer scratch = new LeBuffer(1 << 16);
    private final CRC32 dataCrc = new CRC32();
    private final ChunkBuilder chunk;
    private final Map<Integer, McapRecord.Schema> schemas = new LinkedHashMap<>();
    private final Map<Integer, McapRecord.Channel> channels = new LinkedHashMap<>();
    private final Map<Integer, Long> channelCounts = new TreeMap<>();
    private final List<McapRecord> chunkIndexes = new ArrayList<>();
    private final List<McapRecord> attachmentIndexes = new ArrayList<>();
    private final List<McapRecord> metadataIndexes = new ArrayList<>();
    private long position;
    private long messageCount;
    private long startTime;
    private long endTime;
    private long attachmentCount;
    private long metadataCount;
    private long chunkCount;
    private boolean closed;

    /** Writes the magic and the Header at once. */
    public McapWriter(OutputStream out, Options options) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        this.options = Objects.requireNonNull(options, "options");
        this.chunk = new ChunkBuilder(Math.min(options.chunkSizeBytes() + (64 << 10), 32 << 20));
        write(MAGIC, 0, MAGIC.length, true);
        writeRecord(new McapRecord.Header(options.profile(), options.library()), true);
    }

    /**
     * Adds a schema; it is written into the data section before the first channel that uses it.
     *
     * @return its id (1, 2, ...)
     * @throws IllegalStateException past 65535 schemas
     */
    public int addSchema(String name, String encoding, byte[] data) throws IOException {
        int id = schemas.size() + 1;
        if (id > 0xFFFF) {
            throw new IllegalStateException("more than 65535 schemas in one file");
        }
        McapRecord.Schema s = new McapRecord.Schema(id, name, encoding, data.clone());
        schemas.put(id, s);
        emit(s);
        return id;
    }

    /**
     * Adds a channel.
     *
     * @param schemaId an id from {@link #addSchema}, or 0 for none
     * @return its id (1, 2, ...)
     * @throws IllegalArgumentException for an unknown schema id
     * @throws IllegalStateException past 65535 channels
     */
    public int addChannel(
            int schemaId, String topic, String messageEncoding, Map<String, String> metadata)
            throws IOException {
        if (schemaId != 0 && !schemas.containsKey(schemaId)) {
            throw new IllegalArgumentException("unknown schema id " + schemaId);
        }
        int id = channels.size() + 1;
        if (id > 0xFFFF) {
            throw new IllegalStateException("more than 65535 channels in one file");
        }
        McapRecord.Channel c =
                new McapRecord.Channel(id, schemaId, topic, messageEncoding, metadata);
        channels.put(id, c);
        channelCounts.put(id, 0L);
        emit(c);
        return id;
    }

    /**
     * Adds a message.
     *
     * @param sequence the publisher's or the recorder's counter (kept modulo 2^32)
     * @param logTime when it was recorded [ns]
     * @param publishTime when it was published [ns]; the log time when unknown
     * @throws IllegalArgumentException for an unknown channel id
     */
    public void addMessage(
            int channelId, long sequence, long logTime, long publishTime, byte[] data)
            throws IOException {
        if (!channels.containsKey(channelId)) {
            throw new IllegalArgumentException("unknown channel id " + channelId);
        }
        McapRecord.Message m =
                new McapRecord.Message(
                        channelId, sequence & 0xFFFFFFFFL, logTime, publishTime, data);
        if (messageCount == 0 || Long.compareUnsigned(logTime, startTime) < 0) {
            startTime = logTime;
        }
        if (messageCount == 0 || Long.compareUnsigned(logTime, endTime) > 0) {
            endTime = logTime;
        }
        messageCount++;
        channelCounts.merge(channelId, 1L, Long::sum);
        if (options.chunked()) {
            chunk.addMessage(m);
            if (chunk.size() >= options.chunkSizeBytes()) {
                flushChunk();
            }
        } else {
            writeRecord(m, true);
        }
    }

    /** Adds a Metadata record (between chunks: the current chunk is written first). */
    public void addMetadata(String name, Map<String, String> metadata) throws IOException {
        flushChunk();
        long offset = position;
        long length = writeRecord(new McapRecord.Metadata(name, metadata), true);
        metadataIndexes.add(new McapRecord.MetadataIndex(offset, length, name));
        metadataCount++;
    }

    /** Adds an Attachment record with its CRC32 (between chunks). */
    public void addAttachment(
            long logTime, long createTime, String name, String mediaType, byte[] data)
            throws IOException {
        flushChunk();
        // The CRC covers the fields before it: encode once without it, then with it.
        scratch.clear();
        RecordEncoder.encode(
                new McapRecord.Attachment(logTime, createTime, name, mediaType, data, 0), scratch);
        CRC32 crc = new CRC32();
        crc.update(scratch.array(), 9, scratch.size() - 9 - 4);
        long offset = position;
        long length =
                writeRecord(
                        new McapRecord.Attachment(
                                logTime, createTime, name, mediaType, data, crc.getValue()),
                        true);
        attachmentIndexes.add(
                new McapRecord.AttachmentIndex(
                        offset, length, logTime, createTime, data.length, name, mediaType));
        attachmentCount++;
    }

    /** Writes the chunk being filled, if any, with its message indexes. */
    public void flushChunk() throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        McapRecord.Chunk c = chunk.chunk();
        long chunkStart = position;
        long chunkLength = writeRecord(c, true);
        Map<Integer, Long> indexOffsets = new TreeMap<>();
        long indexStart = position;
        for (McapRecord.MessageIndex mi : chunk.messageIndexes()) {
            indexOffsets.put(mi.channelId(), position);
            writeRecord(mi, true);
        }
        chunkIndexes.add(
                new McapRecord.ChunkIndex(
                        c.messageStartTime(),
                        c.messageEndTime(),
                        chunkStart,
                        chunkLength,
                        indexOffsets,
                        position - indexStart,
                        "",
                        c.records().length,
                        c.uncompressedSize()));
        chunkCount++;
        chunk.reset();
    }

    /** Bytes written so far (what is still in the open chunk not included). */
    public long bytesWritten() {
        return position;
    }

    /** Messages added so far. */
    public long messageCount() {
        return messageCount;
    }

    /**
     * Writes the open chunk, Data End, the summary, the footer and the magic; closes the stream.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushChunk();
            writeRecord(new McapRecord.DataEnd(dataCrc.getValue()), false);
            LeBuffer summary =
                    SummaryWriter.summaryAndFooter(
                            position,
                            List.of(
                                    new ArrayList<McapRecord>(schemas.values()),
                                    new ArrayList<McapRecord>(channels.values()),
                                    List.of(statistics()),
                                    chunkIndexes,
                                    attachmentIndexes,
                                    metadataIndexes));
            write(summary.array(), 0, summary.size(), false);
            write(MAGIC, 0, MAGIC.length, false);
            out.flush();
        } finally {
            out.close();
        }
    }

    private McapRecord.Statistics statistics() {
        return new McapRecord.Statistics(
                messageCount,
                schemas.size(),
                channels.size(),
                attachmentCount,
                metadataCount,
                chunkCount,
                messageCount == 0 ? 0 : startTime,
                messageCount == 0 ? 0 : endTime,
                channelCounts);
    }

    /** Schema and Channel records: into the open chunk, or straight into the data section. */
    private void emit(McapRecord r) throws IOException {
        if (options.chunked()) {
            chunk.add(r);
        } else {
            writeRecord(r, true);
        }
    }

    private long writeRecord(McapRecord r, boolean data) throws IOException {
        scratch.clear();
        int n = RecordEncoder.encode(r, scratch);
        write(scratch.array(), 0, n, data);
        return n;
    }

    private void write(byte[] b, int off, int len, boolean data) throws IOException {
        out.write(b, off, len);
        if (data) {
            dataCrc.update(b, off, len);
        }
        position += len;
    }
}
