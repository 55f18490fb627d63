package armature.record.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: each fault is refused with the file offset where it was found and what was wrong
 * there, never a stray exception or a silently shorter recording.
 */
class McapCorruptFileTest {
    @TempDir Path tmp;
    private Path good;
    private byte[] bytes;
    private DataScan scan;

    @BeforeEach
    void write() throws Exception {
        good = tmp.resolve("good.mcap");
        McapFiles.write(good, McapWriter.Options.defaults("test").withChunkSizeBytes(2048), 300);
        bytes = Files.readAllBytes(good);
        try (McapReader r = McapReader.open(good)) {
            scan = r.verify();
        }
    }

    private Path copy(byte[] content) throws Exception {
        Path f = tmp.resolve("bad-" + System.nanoTime() + ".mcap");
        Files.write(f, content);
        return f;
    }

    @Test
    void aFlippedByteInsideAChunkFailsItsCrcNamingTheChunksOffset() throws Exception {
        McapRecord.ChunkIndex second = scan.chunks().get(1);
        byte[] bad = bytes.clone();
        int inRecords = (int) (second.chunkStartOffset() + second.chunkLength() - 10);
        bad[inRecords] ^= 0x40;
        try (McapReader r = McapReader.open(copy(bad))) {
            assertThatThrownBy(() -> r.scan(new McapVisitor() {}))
                    .isInstanceOf(McapFormatException.class)
                    .hasMessageStartingWith("offset " + second.chunkStartOffset() + ": ")
                    .hasMessageContaining("Chunk CRC32 mismatch")
                    .satisfies(
                            e ->
                                    assertThat(((McapFormatException) e).offset())
                                            .isEqualTo(second.chunkStartOffset()));
        }
    }

    @Test
    void aFlippedByteInTheHeaderFailsTheDataSectionCrc() throws Exception {
        byte[] bad = bytes.clone();
        int library =
                new String(bytes, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .indexOf("test");
        bad[library] = 'T';
        try (McapReader r = McapReader.open(copy(bad))) {
            assertThat(r.header().library()).isEqualTo("Test");
            assertThatThrownBy(() -> r.scan(new McapVisitor() {}))
                    .hasMessageStartingWith("offset " + scan.dataEndOffset() + ": ")
                    .hasMessageContaining("data section CRC32 mismatch");
        }
    }

    @Test
    void aFlippedByteInTheSummaryFailsTheSummaryCrcWhenOpened() throws Exception {
        byte[] bad = bytes.clone();
        long summaryStart;
        try (McapReader r = McapReader.open(good)) {
            summaryStart = r.footer().summaryStart();
        }
        bad[(int) summaryStart + 20] ^= 1;
        assertThatThrownBy(() -> McapReader.open(copy(bad)))
                .isInstanceOf(McapFormatException.class)
                .hasMessageStartingWith("offset " + summaryStart + ": ")
                .hasMessageContaining("summary CRC32 mismatch");
    }

    @Test
    void aTruncatedFileIsNamedAsTruncatedAtItsEnd() throws Exception {
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> McapReader.open(copy(cut)))
                .isInstanceOf(McapFormatException.class)
                .hasMessageStartingWith("offset " + (cut.length - 8) + ": ")
                .hasMessageContaining("does not end with the MCAP magic")
                .hasMessageContaining("truncated");
    }

    @Test
    void aRecordLengthRunningPastTheEndNamesTheRecordAndItsOffset() throws Exception {
        byte[] bad = bytes.clone();
        McapRecord.ChunkIndex first = scan.chunks().get(0);
        int lengthField = (int) first.chunkStartOffset() + 1;
        bad[lengthField + 6] = 0x7f; // the chunk's record length, now far beyond the file
        try (McapReader r = McapReader.open(copy(bad))) {
            assertThatThrownBy(() -> r.scan(new McapVisitor() {}))
                    .hasMessageStartingWith("offset " + first.chunkStartOffset() + ": ")
                    .hasMessageContaining("Chunk (0x06) record declares")
                    .hasMessageContaining("the file is truncated or the length is corrupt");
        }
    }

    @Test
    void somethingElseIsNotMcap() throws Exception {
        byte[] text =
                "PK\u0003\u0004 this is a zip, not a recording, and long enough to check"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> McapReader.open(copy(text)))
                .hasMessageStartingWith("offset 0: not an MCAP file: it starts with 50 4b 03 04");
        assertThatThrownBy(() -> McapReader.open(copy(new byte[10])))
                .hasMessageContaining("shorter than the smallest MCAP file");
    }

    @Test
    void aSummaryThatDisagreesWithTheDataIsRefusedByVerify() throws Exception {
        // A valid file whose Statistics lie: written by hand, with correct CRCs.
        Path f = tmp.resolve("lying.mcap");
        try (var out = Files.newOutputStream(f)) {
            LeBuffer b = new LeBuffer(256);
            b.raw(McapWriter.MAGIC);
            RecordEncoder.encode(new McapRecord.Header("", "hand"), b);
            RecordEncoder.encode(
                    new McapRecord.Channel(1, 0, "a", "x-armature-bytes", java.util.Map.of()), b);
            RecordEncoder.encode(new McapRecord.Message(1, 0, 5, 5, new byte[] {1}), b);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(b.array(), 0, b.size());
            RecordEncoder.encode(new McapRecord.DataEnd(crc.getValue()), b);
            long summaryStart = b.size();
            LeBuffer tail =
                    SummaryWriter.summaryAndFooter(
                            summaryStart,
                            java.util.List.of(
                                    java.util.List.of(
                                            new McapRecord.Statistics(
                                                    2,
                                                    0,
                                                    1,
                                                    0,
                                                    0,
                                                    0,
                                                    5,
                                                    5,
                                                    java.util.Map.of(1, 2L)))));
            b.raw(tail.toByteArray());
            b.raw(McapWriter.MAGIC);
            out.write(b.toByteArray());
        }
        try (McapReader r = McapReader.open(f)) {
            assertThat(r.scan(new McapVisitor() {}).messageCount()).isEqualTo(1);
            assertThatThrownBy(r::verify)
                    .hasMessageContaining("the summary does not match the data section")
                    .hasMessageContaining("Statistics message_count: summary 2, data section 1");
        }
    }

    @Test
    void compressedChunksAreRefusedByNameAndUnknownRecordsSkipped() throws Exception {
        Path f = tmp.resolve("zstd.mcap");
        LeBuffer b = new LeBuffer(256);
        b.raw(McapWriter.MAGIC);
        RecordEncoder.encode(new McapRecord.Header("", "hand"), b);
        // An application record (opcodes 0x80-0xFF are for extensions): readers skip it.
        RecordEncoder.encode(new McapRecord.Unknown(0x81, new byte[] {1, 2, 3}), b);
        long chunkOffset = b.size();
        RecordEncoder.encode(new McapRecord.Chunk(0, 0, 100, 0, "zstd", new byte[] {9, 9}), b);
        RecordEncoder.encode(new McapRecord.DataEnd(0), b);
        b.raw(SummaryWriter.summaryAndFooter(b.size(), java.util.List.of()).toByteArray());
        b.raw(McapWriter.MAGIC);
        Files.write(f, b.toByteArray());
        try (McapReader r = McapReader.open(f)) {
            assertThatThrownBy(() -> r.scan(new McapVisitor() {}))
                    .hasMessageStartingWith("offset " + chunkOffset + ": ")
                    .hasMessageContaining("Chunk compression 'zstd' is not supported");
        }
    }
}
