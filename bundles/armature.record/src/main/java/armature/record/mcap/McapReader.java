package armature.record.mcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads an MCAP file (https://mcap.dev/spec). {@link #open} checks the framing (both magics, the
 * Header, the Footer) and reads the summary section, checking its CRC32, its grouping by opcode and
 * its Summary Offset records; {@link #scan} then reads the data section from start to end, checking
 * the data section CRC32, every chunk's CRC32 and that every message's channel was defined before
 * it. Any fault is a {@link McapFormatException} that names the file offset and what was wrong
 * there. Chunks must be uncompressed (ADR 0095).
 */
public final class McapReader implements Closeable {
    static final int RECORD_HEADER_BYTES = 9;
    private static final int FOOTER_RECORD_BYTES = RECORD_HEADER_BYTES + 20;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final McapRecord.Header header;
    private final long dataStart;
    private final McapRecord.Footer footer;
    private final McapSummary summary;

    private McapReader(
            Path file,
            FileChannel channel,
            long size,
            McapRecord.Header header,
            long dataStart,
            McapRecord.Footer footer,
            McapSummary summary) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.header = header;
        this.dataStart = dataStart;
        this.footer = footer;
        this.summary = summary;
    }

    /**
     * Opens {@code file} and reads its header, footer and summary.
     *
     * @throws McapFormatException when the file is not MCAP, is truncated, or its summary is
     *     corrupt
     */
    public static McapReader open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            long minimum = 2L * McapWriter.MAGIC.length + RECORD_HEADER_BYTES + FOOTER_RECORD_BYTES;
            if (size < minimum) {
                throw new McapFormatException(
                        size,
                        "the file is "
                                + size
                                + " bytes, shorter than the smallest MCAP file ("
                                + minimum
                                + " bytes): it is truncated or not MCAP");
            }
            byte[] magic = read(ch, 0, McapWriter.MAGIC.length);
            if (!Arrays.equals(magic, McapWriter.MAGIC)) {
                throw new McapFormatException(
                        0,
                        "not an MCAP file: it starts with " + hex(magic) + ", not the MCAP magic");
            }
            RawRecord h = RawRecord.read(ch, McapWriter.MAGIC.length, size);
            if (h.opcode() != Opcode.HEADER) {
                throw new McapFormatException(
                        h.offset(), "expected the Header record, found " + Opcode.name(h.opcode()));
            }
            McapRecord.Header header = (McapRecord.Header) h.decode();
            byte[] tail = read(ch, size - McapWriter.MAGIC.length, McapWriter.MAGIC.length);
            if (!Arrays.equals(tail, McapWriter.MAGIC)) {
                throw new McapFormatException(
                        size - McapWriter.MAGIC.length,
                        "the file does not end with the MCAP magic (found "
                                + hex(tail)
                                + "): it is truncated, e.g. the recording was not closed");
            }
            long footerOffset = size - McapWriter.MAGIC.length - FOOTER_RECORD_BYTES;
            RawRecord f = RawRecord.read(ch, footerOffset, size - McapWriter.MAGIC.length);
            if (f.opcode() != Opcode.FOOTER) {
                throw new McapFormatException(
                        footerOffset,
                        "expected the Footer record before the closing magic, found "
                                + Opcode.name(f.opcode()));
            }
            McapRecord.Footer footer = (McapRecord.Footer) f.decode();
            McapSummary summary = McapSummary.read(ch, footer, footerOffset, h.end());
            return new McapReader(file, ch, size, header, h.end(), footer, summary);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public long size() {
        return size;
    }

    public McapRecord.Header header() {
        return header;
    }

    public McapRecord.Footer footer() {
        return footer;
    }

    /** The summary section (empty when the file has none). */
    public McapSummary summary() {
        return summary;
    }

    /** The channels of the summary section, by id (empty when the file has no summary). */
    public Map<Integer, McapRecord.Channel> channels() {
        return summary.channels();
    }

    /**
     * Reads the data section from start to end (the Data End record), checking it as it goes, and
     * passes each record and each message to {@code visitor}.
     *
     * @return what was found
     * @throws McapFormatException at the first fault, naming its offset
     */
    public DataScan scan(McapVisitor visitor) throws IOException {
        return new DataScanner(channel, size, dataStart, visitor).run();
    }

    /**
     * {@link #scan} plus the summary checked against what the data section holds: statistics, chunk
     * indexes, message indexes, channels and schemas.
     */
    public DataScan verify() throws IOException {
        DataScan scan = scan(new McapVisitor() {});
        new SummaryCheck(summary, scan).run();
        return scan;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static byte[] read(FileChannel ch, long offset, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            int r = ch.read(b, offset + b.position());
            if (r < 0) {
                throw new McapFormatException(
                        offset + b.position(), "unexpected end of the file: it is truncated");
            }
        }
        return b.array();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
