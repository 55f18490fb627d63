package armature.record.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by {@link McapWriter} read back by {@link McapReader}, record by record. */
class McapRoundTripTest {
    @TempDir Path tmp;

    @Test
    void aChunkedFileGivesBackEveryMessageAndItsSummaryMatchesItsData() throws Exception {
        Path f = tmp.resolve("chunked.mcap");
        List<McapFiles.Written> written =
                McapFiles.write(
                        f, McapWriter.Options.defaults("test").withChunkSizeBytes(4096), 3000);
        try (McapReader r = McapReader.open(f)) {
            DataScan scan = r.verify();
            assertThat(scan.chunks()).hasSizeGreaterThan(10);
            assertThat(scan.messageCount()).isEqualTo(3000);
            assertThat(scan.channelMessageCounts()).isEqualTo(Map.of(1, 1000L, 2, 1000L, 3, 1000L));
            assertThat(McapFiles.read(r)).containsExactlyElementsOf(written);
            McapSummary s = r.summary();
            assertThat(s.statistics().messageCount()).isEqualTo(3000);
            assertThat(s.statistics().chunkCount()).isEqualTo(scan.chunks().size());
            assertThat(s.statistics().messageStartTime()).isEqualTo(written.get(0).logTime());
            assertThat(s.statistics().messageEndTime()).isEqualTo(written.get(2999).logTime());
            assertThat(s.chunkIndexes()).hasSameSizeAs(scan.chunks());
            assertThat(s.channels().get(3).schemaId()).isZero();
            assertThat(s.channels().get(3).metadata()).containsEntry("mqtt.retained", "true");
            assertThat(s.schemas().get(2).encoding()).isEqualTo("x-armature-frame-schema-v1");
            // One Summary Offset per group: schemas, channels, statistics, chunk indexes.
            assertThat(s.summaryOffsets())
                    .extracting(McapRecord.SummaryOffset::groupOpcode)
                    .containsExactly(
                            Opcode.SCHEMA, Opcode.CHANNEL, Opcode.STATISTICS, Opcode.CHUNK_INDEX);
            assertThat(r.header().library()).isEqualTo("test");
        }
    }

    @Test
    void aChannelWithoutMessagesReadsBack() throws Exception {
        // the writer counts it as 0 in its statistics; the data section has no count for it
        Path f = tmp.resolve("quiet.mcap");
        try (var out = Files.newOutputStream(f);
                McapWriter w = new McapWriter(out, McapWriter.Options.defaults("test"))) {
            w.addChannel(0, "a/quiet", "json", Map.of());
            int busy = w.addChannel(0, "a/busy", "json", Map.of());
            w.addMessage(busy, 0, 5, 5, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (McapReader r = McapReader.open(f)) {
            DataScan scan = r.verify();
            assertThat(scan.messageCount()).isEqualTo(1);
            assertThat(scan.channels()).hasSize(2);
        }
    }

    @Test
    void anUnchunkedFileHasMessagesInTheDataSectionAndNoChunkIndex() throws Exception {
        Path f = tmp.resolve("flat.mcap");
        List<McapFiles.Written> written =
                McapFiles.write(f, McapWriter.Options.defaults("test").unchunked(), 50);
        try (McapReader r = McapReader.open(f)) {
            DataScan scan = r.verify();
            assertThat(scan.chunks()).isEmpty();
            assertThat(scan.recordCounts())
                    .containsEntry("Message", 50L)
                    .doesNotContainKey("Chunk");
            assertThat(McapFiles.read(r)).containsExactlyElementsOf(written);
        }
    }

    @Test
    void metadataAndAttachmentsAreIndexedAndReadBack() throws Exception {
        Path f = tmp.resolve("meta.mcap");
        try (McapWriter w =
                new McapWriter(Files.newOutputStream(f), McapWriter.Options.defaults("test"))) {
            w.addMetadata("armature.recording", Map.of("filters", "armature/v1/#", "user", "cli"));
            int c = w.addChannel(0, "a", "x-armature-bytes", Map.of());
            w.addMessage(c, 0, 10, 10, new byte[] {1, 2, 3});
            w.addAttachment(20, 5, "notes.txt", "text/plain", McapFiles.bytes("hello"));
        }
        try (McapReader r = McapReader.open(f)) {
            DataScan scan = r.verify();
            assertThat(scan.metadata())
                    .extracting(McapRecord.MetadataIndex::name)
                    .containsExactly("armature.recording");
            assertThat(r.summary().metadataIndexes()).isEqualTo(scan.metadata());
            assertThat(r.summary().attachmentIndexes())
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.name()).isEqualTo("notes.txt");
                                assertThat(a.dataSize()).isEqualTo(5);
                            });
            McapRecord.Metadata[] meta = new McapRecord.Metadata[1];
            McapRecord.Attachment[] att = new McapRecord.Attachment[1];
            r.scan(
                    new McapVisitor() {
                        @Override
                        public void record(McapRecord rec, long offset, boolean inChunk) {
                            if (rec instanceof McapRecord.Metadata m) {
                                meta[0] = m;
                            } else if (rec instanceof McapRecord.Attachment a) {
                                att[0] = a;
                            }
                        }
                    });
            assertThat(meta[0].metadata()).containsEntry("filters", "armature/v1/#");
            assertThat(new String(att[0].data(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("hello");
            assertThat(att[0].crc()).isNotZero();
        }
    }

    @Test
    void aFileWithoutMessagesIsValid() throws Exception {
        Path f = tmp.resolve("empty.mcap");
        new McapWriter(Files.newOutputStream(f), McapWriter.Options.defaults("test")).close();
        try (McapReader r = McapReader.open(f)) {
            DataScan scan = r.verify();
            assertThat(scan.messageCount()).isZero();
            assertThat(r.summary().statistics().messageStartTime()).isZero();
        }
    }

    @Test
    void readsAFileTheOfficialTypeScriptWriterWrote() throws Exception {
        // tools/mcap/write-sample.mjs: @mcap/core's McapWriter, 10 messages in 4 chunks, channel 0.
        Path f = tmp.resolve("official.mcap");
        try (var in = getClass().getResourceAsStream("/official-writer.mcap")) {
            Files.copy(in, f);
        }
        try (McapReader r = McapReader.open(f)) {
            DataScan scan = r.verify();
            assertThat(scan.messageCount()).isEqualTo(10);
            assertThat(scan.chunks()).hasSize(4);
            assertThat(r.channels().get(0).topic()).isEqualTo("t");
            assertThat(McapFiles.read(r))
                    .extracting(w -> new String(w.data(), java.nio.charset.StandardCharsets.UTF_8))
                    .containsExactly(
                            "{\"a\":0}",
                            "{\"a\":1}",
                            "{\"a\":2}",
                            "{\"a\":3}",
                            "{\"a\":4}",
                            "{\"a\":5}",
                            "{\"a\":6}",
                            "{\"a\":7}",
                            "{\"a\":8}",
                            "{\"a\":9}");
        }
    }

    @Test
    void theSequenceIsKeptModulo2To32AndSchemaIdsAreCheckedWhenAChannelIsAdded() throws Exception {
        Path f = tmp.resolve("seq.mcap");
        try (McapWriter w =
                new McapWriter(Files.newOutputStream(f), McapWriter.Options.defaults("test"))) {
            int c = w.addChannel(0, "a", "x-armature-bytes", Map.of());
            w.addMessage(c, (1L << 32) + 7, 1, 1, new byte[0]);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> w.addChannel(9, "b", "json", Map.of()))
                    .hasMessage("unknown schema id 9");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> w.addMessage(42, 0, 1, 1, new byte[0]))
                    .hasMessage("unknown channel id 42");
        }
        try (McapReader r = McapReader.open(f)) {
            assertThat(McapFiles.read(r))
                    .singleElement()
                    .satisfies(m -> assertThat(m.sequence()).isEqualTo(7));
        }
    }
}
