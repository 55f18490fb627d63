package armature.safety.persist;

import static org.assertj.core.api.Assertions.assertThat;

import armature.safety.wear.JointWear;
import armature.safety.wear.ThresholdTime;
import armature.safety.wear.WearSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WearStoreTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-23T20:15:30Z"), ZoneOffset.UTC);

    @TempDir Path dir;

    private static WearSnapshot sample() {
        return new WearSnapshot(
                List.of(
                        new JointWear(
                                "ffj1",
                                List.of(new ThresholdTime(0.5, 12.25), new ThresholdTime(0.8, 0.1)),
                                6.283185307179586,
                                40,
                                2,
                                40.00001,
                                3600.5),
                        new JointWear("thumb \"j\\4\" \u00e9", List.of(), 0, 0, 0, 0, 1e-300)));
    }

    @Test
    void roundTripPreservesEveryValueExactly() throws IOException {
        WearStore store = new WearStore(dir.resolve("wear.json"), CLOCK);
        store.save(sample());
        WearStore.Loaded loaded = new WearStore(dir.resolve("wear.json"), CLOCK).load();
        assertThat(loaded.problem()).isEmpty();
        assertThat(loaded.snapshot()).isEqualTo(sample());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("wear.json");
        }
    }

    @Test
    void saveReplacesThePreviousFile() throws IOException {
        WearStore store = new WearStore(dir.resolve("wear.json"), CLOCK);
        store.save(sample());
        store.save(WearSnapshot.empty());
        assertThat(store.load().snapshot()).isEqualTo(WearSnapshot.empty());
    }

    @Test
    void missingFileIsAFreshStart() throws IOException {
        WearStore.Loaded loaded = new WearStore(dir.resolve("none.json"), CLOCK).load();
        assertThat(loaded.snapshot().joints()).isEmpty();
        assertThat(loaded.problem()).isEmpty();
        assertThat(loaded.keptAsidePath()).isEmpty();
    }

    static Stream<Arguments> corruptFiles() {
        String good = new String(WearStore.write(sample()), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of(
                        "truncated",
                        good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8),
                        "not valid JSON"),
                Arguments.of("empty", new byte[0], "not valid JSON: empty"),
                Arguments.of(
                        "binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, "not UTF-8 text"),
                Arguments.of(
                        "trailing",
                        (good + "x").getBytes(StandardCharsets.UTF_8),
                        "not valid JSON: Unrecognized token 'x'"),
                Arguments.of(
                        "other format",
                        "{\"format\":\"x\",\"version\":1,\"joints\":[]}"
                                .getBytes(StandardCharsets.UTF_8),
                        "format = \"x\""),
                Arguments.of(
                        "negative count",
                        good.replace("\"directionReversals\" : 40", "\"directionReversals\" : -1")
                                .getBytes(StandardCharsets.UTF_8),
                        "joints[0].directionReversals = -1"),
                Arguments.of(
                        "missing field",
                        good.replace("\"poweredSeconds\" : 3600.5", "\"powered\" : 3600.5")
                                .getBytes(StandardCharsets.UTF_8),
                        "joints[0].poweredSeconds = null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptFiles")
    void corruptFileIsNamedKeptAsideAndCountsStartFromZero(String name, byte[] bytes, String reason)
            throws IOException {
        Path file = dir.resolve("wear.json");
        Files.write(file, bytes);
        WearStore store = new WearStore(file, CLOCK);

        WearStore.Loaded loaded = store.load();

        Path aside = dir.resolve("wear.json.corrupt-20261123T201530Z");
        assertThat(loaded.snapshot().joints()).isEmpty();
        assertThat(loaded.keptAsidePath()).contains(aside);
        assertThat(loaded.problem().orElseThrow())
                .contains("wear file " + file)
                .contains(reason)
                .contains("moved it to " + aside);
        assertThat(Files.readAllBytes(aside)).isEqualTo(bytes);
        assertThat(file).doesNotExist();

        store.save(sample());
        assertThat(store.load().snapshot()).isEqualTo(sample());
    }

    @Test
    void aSecondCorruptFileDoesNotOverwriteTheFirst() throws IOException {
        Path file = dir.resolve("wear.json");
        WearStore store = new WearStore(file, CLOCK);
        Files.writeString(file, "first");
        store.load();
        Files.writeString(file, "second");
        WearStore.Loaded loaded = store.load();
        assertThat(loaded.keptAsidePath())
                .contains(dir.resolve("wear.json.corrupt-20261123T201530Z-1"));
        assertThat(Files.readString(dir.resolve("wear.json.corrupt-20261123T201530Z")))
                .isEqualTo("first");
        assertThat(Files.readString(dir.resolve("wear.json.corrupt-20261123T201530Z-1")))
                .isEqualTo("second");
    }
}
