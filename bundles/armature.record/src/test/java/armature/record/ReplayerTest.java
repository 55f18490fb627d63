package armature.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.BusException;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.record.mcap.McapReader;
import armature.record.mcap.McapWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Replayer} on a recorded file with a stepped clock: order, timing, rate, refusals. */
class ReplayerTest {
    @TempDir Path tmp;
    private Path file;

    /** Log times (ms): a/x at 0, 10, 30; b/y (retained) at 20; the decoded copy of a frame. */
    @BeforeEach
    void record() throws Exception {
        file = tmp.resolve("r.mcap");
        try (BusRecorder r = recorder(file, true)) {
            long t0 = 5_000_000_000L;
            r.record(json("a/x", "{\"i\":0}", false), t0);
            r.record(json("a/x", "{\"i\":1}", false), t0 + 10_000_000);
            r.record(json("b/y", "{\"i\":2}", true), t0 + 20_000_000);
            r.record(
                    Message.builder("a/f")
                            .payload(Frames.jointState(1, 3, 0, 0))
                            .contentType(ContentTypes.FRAME)
                            .build(),
                    t0 + 30_000_000);
        }
    }

    private static BusRecorder recorder(Path to, boolean decode) throws java.io.IOException {
        return new BusRecorder(
                new McapWriter(Files.newOutputStream(to), McapWriter.Options.defaults("t")),
                SchemaSource.NONE,
                decode);
    }

    private static Message json(String topic, String payload, boolean retained) {
        return Message.builder(topic)
                .payload(payload)
                .contentType(ContentTypes.JSON)
                .retained(retained)
                .build();
    }

    /** A clock that jumps to each deadline, and records when each publish happened. */
    private static final class SteppedClock implements Replayer.Clock {
        long now = 1_000;

        public long nanoTime() {
            return now;
        }

        public void sleepUntil(long t) {
            now = Math.max(now, t);
        }
    }

    private record Sent(String topic, String payload, boolean retained, long atNanos) {}

    @Test
    void publishesEveryMessageInOrderAtItsRecordedOffsetDividedByTheRate() throws Exception {
        SteppedClock clock = new SteppedClock();
        List<Sent> sent = new ArrayList<>();
        Replayer replayer =
                new Replayer(
                        m -> {
                            sent.add(
                                    new Sent(
                                            m.topic(),
                                            m.payloadAsString().substring(0, 1),
                                            m.retained(),
                                            clock.now));
                            return CompletableFuture.completedFuture(null);
                        },
                        (t, r) -> true,
                        clock,
                        2.0,
                        "",
                        null);
        ReplayResult result;
        try (McapReader reader = McapReader.open(file)) {
            result = replayer.replay(reader, Duration.ofSeconds(1));
        }
        assertThat(sent)
                .extracting(Sent::topic)
                .containsExactly("a/x", "a/x", "b/y", "a/f"); // never the a/f#decoded copy
        assertThat(sent)
                .extracting(Sent::atNanos)
                .containsExactly(1_000L, 5_001_000L, 10_001_000L, 15_001_000L);
        assertThat(sent).extracting(Sent::retained).containsExactly(false, false, true, false);
        assertThat(result.published()).isEqualTo(4);
        assertThat(result.refusedCount()).isZero();
        assertThat(result.failedCount()).isZero();
    }

    @Test
    void topicsThatMayNotBePublishedAreCountedAndNeverSent() throws Exception {
        SteppedClock clock = new SteppedClock();
        List<String> sent = new ArrayList<>();
        Replayer replayer =
                new Replayer(
                        m -> {
                            sent.add(m.topic());
                            return CompletableFuture.completedFuture(null);
                        },
                        (topic, retained) -> !retained && topic.startsWith("p/a/"),
                        clock,
                        1.0,
                        "p/",
                        null);
        ReplayResult result;
        try (McapReader reader = McapReader.open(file)) {
            result = replayer.replay(reader, Duration.ofSeconds(1));
        }
        assertThat(sent).containsExactly("p/a/x", "p/a/x", "p/a/f");
        assertThat(result.refused()).isEqualTo(Map.of("p/b/y (retained)", 1L));
        assertThat(result.published()).isEqualTo(3);
    }

    @Test
    void eStopInputsAreNeverReplayed() throws Exception {
        Path withEStop = tmp.resolve("estop.mcap");
        String loop = "armature/v1/lab/control/hand/";
        try (BusRecorder r = recorder(withEStop, false)) {
            long t0 = 5_000_000_000L;
            r.record(json(loop + "estop/trip/cli", "{}", false), t0);
            r.record(
                    json(loop + "estop/request/cli", "{\"action\":\"acknowledge\"}", false),
                    t0 + 1);
            r.record(json(loop + "estop/request/cli", "{\"action\":\"reset\"}", false), t0 + 2);
            r.record(json(loop + "estop", "{\"state\":\"CLEAR\"}", true), t0 + 3);
            r.record(json("lab/estop/request/cli", "{}", false), t0 + 4);
        }
        List<String> sent = new ArrayList<>();
        Replayer replayer =
                new Replayer(
                        m -> {
                            sent.add(m.topic());
                            return CompletableFuture.completedFuture(null);
                        },
                        (t, retained) -> true,
                        new SteppedClock(),
                        1.0,
                        "",
                        null);
        ReplayResult result;
        try (McapReader reader = McapReader.open(withEStop)) {
            result = replayer.replay(reader, Duration.ofSeconds(1));
        }
        assertThat(sent).containsExactly(loop + "estop", "lab/estop/request/cli");
        assertThat(result.published()).isEqualTo(2);
        assertThat(Replayable.isEStopInput(loop + "estop/request/cli")).isTrue();
        assertThat(Replayable.isEStopInput(loop + "estop/trip/dashboard-1")).isTrue();
        assertThat(Replayable.isEStopInput(loop + "estop")).isFalse();
        assertThat(Replayable.isEStopInput(loop + "command/cli")).isFalse();
    }

    @Test
    void failedPublishesAreCountedWithTheFirstReason() throws Exception {
        Replayer replayer =
                new Replayer(
                        m ->
                                m.topic().equals("a/x")
                                        ? CompletableFuture.failedFuture(
                                                new BusException(
                                                        "broker refused 'a/x' with reason code 0x87"))
                                        : CompletableFuture.completedFuture(null),
                        (t, r) -> true,
                        new SteppedClock(),
                        1.0,
                        "",
                        null);
        try (McapReader reader = McapReader.open(file)) {
            ReplayResult result = replayer.replay(reader, Duration.ofSeconds(1));
            assertThat(result.failed()).isEqualTo(Map.of("a/x", 2L));
            assertThat(result.failureReasons().get("a/x")).contains("0x87");
            assertThat(result.published()).isEqualTo(2);
        }
    }

    @Test
    void publishesThatNeverCompleteAreReportedAsUnsettled() throws Exception {
        Replayer replayer =
                new Replayer(
                        m -> new CompletableFuture<>(),
                        (t, r) -> true,
                        new SteppedClock(),
                        1.0,
                        "",
                        null);
        try (McapReader reader = McapReader.open(file)) {
            assertThat(replayer.replay(reader, Duration.ofMillis(20)).unsettled()).isEqualTo(4);
        }
    }

    /** MCAP log times are unsigned: times past 2^63 ns are later, never earlier. */
    @Test
    void logTimesAreUnsigned() {
        long past63 = Long.MIN_VALUE + 5; // 2^63 + 5 ns, negative as a signed long
        assertThat(Replayer.sinceFirst(past63, 1)).isEqualTo(Long.MAX_VALUE); // saturates
        assertThat(Replayer.sinceFirst(1, past63)).isZero(); // out of order: earlier
        assertThat(Replayer.sinceFirst(past63 + 1_000, past63)).isEqualTo(1_000);
        assertThat(Replayer.sinceFirst(-1L, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(Replayer.sinceFirst(7, 7)).isZero();
    }

    @Test
    void theRateIsChecked() {
        assertThatThrownBy(
                        () ->
                                new Replayer(
                                        m -> null, (t, r) -> true, new SteppedClock(), 0, "", null))
                .hasMessage("rate must be 0.001..1000, was 0.0");
    }
}
