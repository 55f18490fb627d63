package armature.safety.persist;

import static org.assertj.core.api.Assertions.assertThat;

import armature.safety.EStopSnapshot;
import armature.safety.EStopState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EStopStoreTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-23T20:15:30Z"), ZoneOffset.UTC);
    private static final EStopSnapshot ASSERTED =
            new EStopSnapshot(EStopState.ACKNOWLEDGED, List.of("button", "eve \"x\" \u00e9"));

    @TempDir Path dir;

    @Test
    void everyStateRoundTrips() throws IOException {
        EStopStore store = new EStopStore(dir.resolve("estop.json"), CLOCK);
        for (EStopSnapshot s : List.of(EStopSnapshot.LATCHED, ASSERTED, EStopSnapshot.CLEAR)) {
            store.save(s);
            EStopStore.Loaded loaded = new EStopStore(dir.resolve("estop.json"), CLOCK).load();
            assertThat(loaded.snapshot()).isEqualTo(s);
            assertThat(loaded.found()).isTrue();
            assertThat(loaded.problem()).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("estop.json")))
                .contains("\"format\" : \"armature.safety.estop\"")
                .contains("\"state\" : \"CLEAR\"");
    }

    @Test
    void aMissingFileIsALoopThatNeverRanHere() throws IOException {
        EStopStore.Loaded loaded = new EStopStore(dir.resolve("estop.json"), CLOCK).load();
        assertThat(loaded.snapshot()).isEqualTo(EStopSnapshot.CLEAR);
        assertThat(loaded.found()).isFalse();
        assertThat(loaded.problem()).isEmpty();
    }

    static Stream<Arguments> unreadable() {
        byte[] good = EStopStore.write(ASSERTED);
        String text = new String(good, StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("empty (truncated to nothing)", new byte[0], "not valid JSON"),
                Arguments.of("truncated", Arrays.copyOf(good, good.length / 2), "not valid JSON"),
                Arguments.of("garbled", utf8(text.replace('{', '#')), "not valid JSON"),
                Arguments.of("binary", new byte[] {(byte) 0xff, 0, 1, 2}, "not UTF-8 text"),
                Arguments.of(
                        "unknown state",
                        utf8(text.replace("ACKNOWLEDGED", "GREEN")),
                        "state = \"GREEN\"; allowed: CLEAR, LATCHED, ACKNOWLEDGED"),
                Arguments.of(
                        "CLEAR with a source asserted",
                        utf8(text.replace("ACKNOWLEDGED", "CLEAR")),
                        "with state CLEAR"),
                Arguments.of(
                        "other version",
                        utf8(text.replace("\"version\" : 1", "\"version\" : 2")),
                        "version = 2; allowed: 1"),
                Arguments.of(
                        "sources not a list",
                        utf8(text.replaceAll("\\[[^]]*]", "\"button\"")),
                        "assertedSources = \"button\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void anUnreadableFileRestoresLatchedNeverClearAndIsKeptAside(
            String name, byte[] bytes, String reason) throws IOException {
        Path file = dir.resolve("estop.json");
        Files.write(file, bytes);
        EStopStore store = new EStopStore(file, CLOCK);

        EStopStore.Loaded loaded = store.load();

        Path aside = dir.resolve("estop.json.corrupt-20261123T201530Z");
        assertThat(loaded.snapshot()).isEqualTo(EStopSnapshot.LATCHED);
        assertThat(loaded.found()).isTrue();
        assertThat(loaded.problem().orElseThrow())
                .contains("e-stop state file " + file)
                .contains(reason)
                .contains("restored LATCHED (fail safe)")
                .contains(aside.toString());
        assertThat(Files.readAllBytes(aside)).isEqualTo(bytes);

        store.save(loaded.snapshot());
        assertThat(store.load().snapshot()).isEqualTo(EStopSnapshot.LATCHED);
    }

    @Test
    void aSaveThatFailsHalfwayLeavesTheLastSavedLatch() throws IOException {
        Path file = dir.resolve("estop.json");
        new EStopStore(file, CLOCK).save(EStopSnapshot.LATCHED);
        EStopStore failing =
                new EStopStore(
                        new AtomicFile(
                                file,
                                step -> {
                                    if (step == AtomicFile.Step.RENAME) {
                                        throw new IOException("power cut");
                                    }
                                }),
                        CLOCK);
        try {
            failing.save(EStopSnapshot.CLEAR);
        } catch (IOException expected) {
            assertThat(expected).hasMessage("power cut");
        }
        assertThat(new EStopStore(file, CLOCK).load().snapshot()).isEqualTo(EStopSnapshot.LATCHED);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
