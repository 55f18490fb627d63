package armature.record.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files {@link McapWriter} wrote, opened by the official reader ({@code @mcap/core}): every record
 * read from start to end with the chunk CRCs checked, the data section CRC, the summary (CRC,
 * statistics, channels, schemas, summary offsets) and every message again through the indexes.
 */
class McapOfficialReaderTest {
    @TempDir Path tmp;

    @BeforeEach
    void requireTheOfficialReader() {
        OfficialReader.require();
    }

    @Test
    void aChunkedFileWithThreeChannelsPassesAndEveryMessageIsTheOneWeWrote() throws Exception {
        Path f = tmp.resolve("chunked.mcap");
        List<McapFiles.Written> written =
                McapFiles.write(
                        f,
                        McapWriter.Options.defaults("armature test").withChunkSizeBytes(4096),
                        1200);
        OfficialReader.Check c = OfficialReader.check(f, true);
        assertThat(c.exit()).as(c.output()).isZero();
        JsonNode r = c.report();
        assertThat(r.get("ok").asBoolean()).isTrue();
        assertThat(r.get("messages").asInt()).isEqualTo(1200);
        assertThat(r.get("chunks").asInt()).isGreaterThan(10);
        assertThat(r.at("/records/Chunk").asInt()).isEqualTo(r.get("chunks").asInt());
        assertThat(r.at("/records/MessageIndex").asInt())
                .isGreaterThanOrEqualTo(r.get("chunks").asInt());
        assertThat(r.at("/statistics/messageCount").asText()).isEqualTo("1200");
        assertThat(r.at("/statistics/chunkCount").asInt()).isEqualTo(r.get("chunks").asInt());
        assertThat(r.get("summaryCrc").asLong()).isNotZero();
        assertThat(r.get("dataSectionCrc").asLong()).isNotZero();
        // Schemas, channels, statistics, chunk indexes: one Summary Offset each.
        assertThat(r.get("summaryOffsets").toString()).isEqualTo("[3,4,8,11]");
        List<String> topics = new ArrayList<>();
        r.get("channels")
                .forEach(
                        ch ->
                                topics.add(
                                        ch.get("topic").asText()
                                                + " "
                                                + ch.get("messageEncoding").asText()));
        assertThat(topics)
                .containsExactly(
                        "armature/v1/local/status json",
                        "armature/v1/local/control/hand/state x-armature-frame-v1",
                        "third/party/raw x-armature-bytes");
        JsonNode list = r.get("messageList");
        assertThat(list).hasSize(written.size());
        for (int i = 0; i < written.size(); i++) {
            McapFiles.Written w = written.get(i);
            JsonNode m = list.get(i);
            assertThat(m.get("channelId").asInt()).isEqualTo(w.channelId());
            assertThat(m.get("sequence").asLong()).isEqualTo(w.sequence());
            assertThat(m.get("logTime").asText()).isEqualTo(Long.toUnsignedString(w.logTime()));
            assertThat(m.get("publishTime").asText())
                    .isEqualTo(Long.toUnsignedString(w.publishTime()));
            assertThat(Base64.getDecoder().decode(m.get("data").asText())).isEqualTo(w.data());
        }
    }

    @Test
    void unchunkedEmptyAndMetadataFilesPass() throws Exception {
        Path flat = tmp.resolve("flat.mcap");
        McapFiles.write(flat, McapWriter.Options.defaults("t").unchunked(), 40);
        Path empty = tmp.resolve("empty.mcap");
        new McapWriter(Files.newOutputStream(empty), McapWriter.Options.defaults("t")).close();
        Path meta = tmp.resolve("meta.mcap");
        try (McapWriter w =
                new McapWriter(Files.newOutputStream(meta), McapWriter.Options.defaults("t"))) {
            w.addMetadata("armature.recording", Map.of("filters", "#"));
            int ch = w.addChannel(0, "a", "x-armature-bytes", Map.of());
            w.addMessage(ch, 0, 1, 1, new byte[] {9});
            w.addAttachment(2, 0, "calibration.json", "application/json", McapFiles.bytes("{}"));
        }
        for (Path f : List.of(flat, empty, meta)) {
            OfficialReader.Check c = OfficialReader.check(f, false);
            assertThat(c.exit()).as(f + ": " + c.output()).isZero();
        }
        assertThat(OfficialReader.check(flat, false).report().get("messages").asInt())
                .isEqualTo(40);
        JsonNode m = OfficialReader.check(meta, false).report();
        assertThat(m.at("/statistics/metadataCount").asInt()).isEqualTo(1);
        assertThat(m.at("/statistics/attachmentCount").asInt()).isEqualTo(1);
        assertThat(m.get("summaryOffsets").toString()).isEqualTo("[4,8,10,11,13]");
    }

    @Test
    void theOfficialReaderRefusesAChunkWhoseCrcDoesNotMatch() throws Exception {
        // Proves the check can fail: the same file with one byte flipped inside a chunk.
        Path f = tmp.resolve("good.mcap");
        McapFiles.write(f, McapWriter.Options.defaults("t").withChunkSizeBytes(4096), 300);
        DataScan scan;
        try (McapReader r = McapReader.open(f)) {
            scan = r.verify();
        }
        byte[] bytes = Files.readAllBytes(f);
        McapRecord.ChunkIndex chunk = scan.chunks().get(1);
        bytes[(int) (chunk.chunkStartOffset() + chunk.chunkLength() - 5)] ^= 0x10;
        Path bad = tmp.resolve("bad.mcap");
        Files.write(bad, bytes);
        OfficialReader.Check c = OfficialReader.check(bad, false);
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.report().get("error").asText()).contains("Incorrect chunk CRC");
    }
}
