package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.record.SchemaSource;
import armature.record.mcap.McapWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code record}'s operands ({@code -o FILE} among the filters) and its bundled schemas. */
class RecordingFilesTest {
    @TempDir Path dir;

    /** An MCAP file with {@code n} messages on one topic, all at the same log time. */
    private Path recording(String name, int n) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                McapWriter w = new McapWriter(out, McapWriter.Options.defaults("test"))) {
            int channel = w.addChannel(0, "armature/v1/x/t", "json", java.util.Map.of());
            for (int i = 0; i < n; i++) {
                w.addMessage(channel, i, 1_000, 1_000, "{}".getBytes());
            }
        }
        return file;
    }

    @Test
    void anEmptyRecordingAndARepeatWithoutTimeAreRefusedBeforeConnecting() throws Exception {
        CliRun r = CliRun.of("replay", recording("empty.mcap", 0).toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("empty.mcap holds no messages: nothing to replay");
        r = CliRun.of("replay", recording("instant.mcap", 3).toString(), "--repeat");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("--repeat needs a recording that spans time")
                .contains("holds 3 message(s) at one instant");
        r = CliRun.of("record", "a/#", "-o", "");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("-o needs a file name (FILE.mcap), not ''");
    }

    @Test
    void theOutputIsTakenFromAmongTheFilters() {
        List<String> filters = new ArrayList<>();
        assertThat(RecordingFiles.splitOutput(List.of("a/#", "-o", "x.mcap", "b/+"), filters))
                .isEqualTo("x.mcap");
        assertThat(filters).containsExactly("a/#", "b/+");
    }

    @Test
    void aMissingRepeatedOrDanglingOutputAndAMissingFilterAreUsageErrors() {
        assertThatThrownBy(
                        () ->
                                RecordingFiles.splitOutput(
                                        List.of("a/#", "x.mcap"), new ArrayList<>()))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("missing -o FILE.mcap");
        assertThatThrownBy(
                        () ->
                                RecordingFiles.splitOutput(
                                        List.of("a", "-o", "x", "-o", "y"), new ArrayList<>()))
                .hasMessage("-o given twice; record writes one file");
        assertThatThrownBy(() -> RecordingFiles.splitOutput(List.of("a", "-o"), new ArrayList<>()))
                .hasMessage("-o needs a file name (FILE.mcap)");
        assertThatThrownBy(() -> RecordingFiles.splitOutput(List.of("-o", "x"), new ArrayList<>()))
                .hasMessageStartingWith("missing TOPIC-FILTER");
        assertThatThrownBy(
                        () ->
                                RecordingFiles.splitOutput(
                                        List.of("a", "-x", "-o", "f"), new ArrayList<>()))
                .hasMessage("unknown option -x (the output file is -o FILE.mcap)");
    }

    @Test
    void theCliCarriesTheDocumentedSchemas() {
        SchemaSource s = RecordingFiles.documentedSchemas();
        assertThat(s).isNotSameAs(SchemaSource.NONE);
        assertThat(s.jsonSchema("armature/v1/local/status")).isPresent();
    }

    @Test
    void recordAndReplayRefuseBadUsageBeforeConnecting() {
        CliRun r = CliRun.of("record", "a/#");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing -o FILE.mcap");
        for (String rate : new String[] {"0", "0.0001", "5000", "NaN", "Infinity", "fast"}) {
            r = CliRun.of("replay", "f.mcap", "--rate", rate);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--rate must be 0.001..1000, was " + rate);
        }
    }
}
