package armature.safety.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AtomicFileTest {
    @TempDir Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesReplaceTheWholeFileAndLeaveNothingElse() throws IOException {
        AtomicFile f = new AtomicFile(dir.resolve("sub/state.json"));
        assertThat(f.read()).isEmpty();
        f.write(utf8("first"));
        f.write(utf8("second, longer"));
        assertThat(f.read())
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("second, longer")));
        try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    /** A write that fails at any step leaves the previous content whole (and no temp file). */
    @ParameterizedTest
    @EnumSource(AtomicFile.Step.class)
    void aWriteThatFailsAtAnyStepLeavesTheOldOrTheNewContent(AtomicFile.Step failing)
            throws IOException {
        Path file = dir.resolve("state.json");
        new AtomicFile(file).write(utf8("old"));
        AtomicFile f =
                new AtomicFile(
                        file,
                        step -> {
                            if (step == failing) {
                                throw new IOException("disk gone at " + step);
                            }
                        });
        assertThatThrownBy(() -> f.write(utf8("new"))).hasMessage("disk gone at " + failing);
        String after = Files.readString(file);
        if (failing == AtomicFile.Step.FORCE_FOLDER) {
            assertThat(after).as("renamed before the folder sync failed").isEqualTo("new");
        } else {
            assertThat(after).isEqualTo("old");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void aTempFileLeftByACrashIsRemovedAndNeverRead() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "good");
        Files.writeString(dir.resolve("state.json.tmp-123"), "half");
        Files.writeString(dir.resolve("other.json.tmp-9"), "not ours");
        assertThat(new AtomicFile(file).read())
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("good")));
        assertThat(dir.resolve("state.json.tmp-123")).doesNotExist();
        assertThat(dir.resolve("other.json.tmp-9")).exists();
    }
}
