package armature.safety.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.control.api.CommandContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochStoreTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-23T20:15:30Z"), ZoneOffset.UTC);

    @TempDir Path dir;

    @Test
    void withoutAFileTheCounterStartsAtARandomEpochAboveTwoTo31() throws IOException {
        Set<Long> starts = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Path file = dir.resolve("epoch-" + i + ".json");
            EpochStore store = new EpochStore(file, CLOCK);
            assertThat(store.found()).isFalse();
            long first = store.next();
            assertThat(first)
                    .isBetween(
                            CommandContract.MIN_RANDOM_EPOCH, CommandContract.MAX_RANDOM_EPOCH - 1);
            starts.add(first);
        }
        assertThat(starts).as("20 random starts are distinct").hasSize(20);
    }

    @Test
    void everyEpochIsOnDiskBeforeItIsHandedOutAndARestartContinuesAboveIt() throws Exception {
        Path file = dir.resolve("epoch.json");
        EpochStore store = new EpochStore(new AtomicFile(file), CLOCK, () -> 1000);
        assertThat(store.next()).isEqualTo(1000);
        assertThat(EpochStore.read(Files.readAllBytes(file))).isEqualTo(1000);
        assertThat(store.next()).isEqualTo(1001);
        assertThat(EpochStore.read(Files.readAllBytes(file))).isEqualTo(1001);

        EpochStore restarted = new EpochStore(file, CLOCK);
        assertThat(restarted.found()).isTrue();
        assertThat(restarted.problem()).isEmpty();
        assertThat(restarted.next()).isEqualTo(1002);
    }

    @Test
    void aFailedWriteHandsOutNothingAndTheNextTryUsesTheSameEpoch() throws Exception {
        Path file = dir.resolve("epoch.json");
        AtomicBoolean fail = new AtomicBoolean();
        EpochStore store =
                new EpochStore(
                        new AtomicFile(
                                file,
                                step -> {
                                    if (fail.get() && step == AtomicFile.Step.FORCE_TEMP) {
                                        throw new IOException("no space left on device");
                                    }
                                }),
                        CLOCK,
                        () -> 50);
        assertThat(store.next()).isEqualTo(50);
        fail.set(true);
        assertThatThrownBy(store::next)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("epoch 51 not saved to " + file)
                .hasMessageContaining("no space left on device");
        assertThat(EpochStore.read(Files.readAllBytes(file))).isEqualTo(50);
        fail.set(false);
        assertThat(store.next()).isEqualTo(51);
    }

    @Test
    void theCounterWrapsFromTheLargest32BitEpochToOne() throws IOException {
        Path file = dir.resolve("epoch.json");
        Files.write(file, EpochStore.write(CommandContract.MAX_EPOCH));
        assertThat(new EpochStore(file, CLOCK).next()).isEqualTo(1);
    }

    @Test
    void anUnreadableFileIsKeptAsideAndTheCounterStartsAtRandom() throws IOException {
        Path file = dir.resolve("epoch.json");
        for (String bad :
                new String[] {
                    "",
                    "{\"format\":\"armature.safety.epoch\",\"version\":1,\"lastEp",
                    "{]",
                    "{\"format\":\"armature.safety.epoch\",\"version\":1,\"lastEpoch\":0}",
                    "{\"format\":\"armature.safety.epoch\",\"version\":1,\"lastEpoch\":1.5}"
                }) {
            Files.writeString(file, bad);
            EpochStore store = new EpochStore(new AtomicFile(file), CLOCK, () -> 777);
            assertThat(store.found()).isTrue();
            assertThat(store.problem().orElseThrow())
                    .as(bad)
                    .contains("epoch counter file " + file + " is unreadable")
                    .contains("starting at a random epoch");
            assertThat(store.next()).isEqualTo(777);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains(".corrupt-")))
                    .hasSize(5);
        }
    }
}
