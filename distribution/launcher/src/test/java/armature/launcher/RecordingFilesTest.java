package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.record.SchemaSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code record}'s operands ({@code -o FILE} among the filters) and its bundled schemas. */
class RecordingFilesTest {
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
        assertThat(r.err()).contains("missing TOPIC-FILTER... -o FILE.mcap");
        r = CliRun.of("replay", "f.mcap", "--rate", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--rate must be");
    }
}
