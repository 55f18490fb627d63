package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import armature.broker.EmbeddedBroker;
import armature.bus.api.Message;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.control.api.CommandContract;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop commands in-process against a real broker, with the test playing the loop's side of the
 * protocol ({@link ScriptedLoop}). Each test uses its own container id, so retained documents of
 * one never reach another.
 */
class LoopCommandsTest {
    @TempDir static Path brokerDir;
    private static EmbeddedBroker broker;
    private static final List<String> JOINTS = List.of("a", "b", "c");

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(0, brokerDir);
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private String id;

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo info) {
        id = info.getTestMethod().orElseThrow().getName();
    }

    private CliRun cli(String... argv) {
        List<String> a = new ArrayList<>(List.of(argv));
        a.addAll(List.of("--broker", broker.url(), "--id", id, "--timeout", "10"));
        return CliRun.of(a.toArray(String[]::new));
    }

    private ScriptedLoop loop(String name) throws Exception {
        return new ScriptedLoop(broker.url(), id, name, JOINTS);
    }

    @Test
    void theOnlyLoopIsTheDefaultSeveralNeedLoopNoneIsAnError() throws Exception {
        CliRun none = cli("joint", "get");
        assertThat(none.exit()).as(none.toString()).isEqualTo(1);
        assertThat(none.err()).contains("has no control loop");
        try (ScriptedLoop hand = loop("hand").streaming()) {
            CliRun one = cli("joint", "get");
            assertThat(one.exit()).as(one.toString()).isZero();
            assertThat(one.out()).startsWith("loop hand: 3 joints, epoch 7");
            try (ScriptedLoop arm = loop("arm")) {
                CliRun two = cli("joint", "get");
                assertThat(two.exit()).as(two.toString()).isEqualTo(2);
                assertThat(two.err())
                        .contains("has several loops: arm, hand; choose one with --loop")
                        .contains("usage: armature joint get");
                assertThat(cli("joint", "get", "--loop", "hand").exit()).isZero();
            }
        }
    }

    @Test
    void jointGetGivesEveryJointByName() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            hand.setPosition(0, 0.125);
            hand.setPosition(2, -1.5);
            hand.streaming();
            CliRun r = cli("joint", "get", "--json");
            assertThat(r.exit()).as(r.toString()).isZero();
            JsonNode doc = JsonDocs.MAPPER.readTree(r.out());
            assertThat(doc.path("loop").asText()).isEqualTo("hand");
            assertThat(doc.path("epoch").asLong()).isEqualTo(7);
            assertThat(doc.path("effortUnit").asText()).isEqualTo("Nm");
            List<String> names = new ArrayList<>();
            doc.path("joints").fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("a", "b", "c");
            assertThat(doc.path("joints").path("a").path("positionRad").asDouble())
                    .isEqualTo(0.125);
            assertThat(doc.path("joints").path("c").path("positionRad").asDouble()).isEqualTo(-1.5);
            assertThat(doc.path("joints").path("b").path("effort").asDouble()).isEqualTo(0.25);

            CliRun text = cli("joint", "get");
            assertThat(text.out()).contains("POSITION [rad]").containsPattern("a\\s+0\\.1250");
        }
    }

    @Test
    void jointSetStreamsAboveTheSenderFloorAtTheContractRateUntilReached() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            hand.setPosition(0, 0.3);
            hand.setPosition(2, -0.2);
            hand.retain(
                    hand.topics.supervisor(),
                    Map.of(
                            "epoch",
                            7,
                            "watchdog",
                            "ACTIVE",
                            "eStop",
                            "CLEAR",
                            "senders",
                            Map.of("cli", "41", "someone", "99")));
            List<Message> commands = new CopyOnWriteArrayList<>();
            List<Long> arrivals = new CopyOnWriteArrayList<>();
            // Joint b follows the newest command at 1 rad/s, as a real joint takes its time.
            double[] target = {Double.NaN};
            hand.on(
                    hand.topics.commandFilter(),
                    m -> {
                        commands.add(m);
                        arrivals.add(System.nanoTime());
                        FrameReader r = new FrameReader().wrap(m.payload());
                        target[0] = r.get(0, 1);
                    });
            hand.streaming();
            java.util.concurrent.ScheduledExecutorService follow =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            follow.scheduleAtFixedRate(
                    () -> {
                        if (!Double.isNaN(target[0])) {
                            double b = hand.position(1);
                            double step = Math.max(-0.01, Math.min(0.01, target[0] - b));
                            hand.setPosition(1, b + step);
                        }
                    },
                    10,
                    10,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                CliRun r = cli("joint", "set", "b=0.5", "--json", "--seconds", "10");
                assertThat(r.exit()).as(r.toString()).isZero();
                JsonNode doc = JsonDocs.MAPPER.readTree(r.out());
                assertThat(doc.path("reached").asBoolean()).isTrue();
                assertThat(doc.path("joints").path("b").path("positionRad").asDouble())
                        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
                assertThat(doc.path("joints").path("b").path("targetRad").asDouble())
                        .isEqualTo(0.5);
            } finally {
                follow.shutdownNow();
            }

            assertThat(commands).hasSizeGreaterThan(10);
            long expectedSequence = 42;
            for (Message m : commands) {
                assertThat(m.topic()).isEqualTo(hand.topics.command("cli"));
                assertThat(m.userProperty(UserProperties.COMMAND_MODE)).contains("position");
                FrameReader f = new FrameReader().wrap(m.payload());
                assertThat(f.kind()).isEqualTo(FrameKind.JOINT_COMMAND);
                assertThat(f.epoch()).isEqualTo(7);
                assertThat(f.sequence()).as("sequence").isEqualTo(expectedSequence++);
                assertThat(f.channels()).isEqualTo(1);
                assertThat(f.get(0, 0)).as("a is held where it was").isEqualTo(0.3);
                assertThat(f.get(0, 1)).isEqualTo(0.5);
                assertThat(f.get(0, 2)).as("c is held where it was").isEqualTo(-0.2);
            }
            double meanIntervalMillis =
                    (arrivals.get(arrivals.size() - 1) - arrivals.get(0))
                            / 1e6
                            / (arrivals.size() - 1);
            assertThat(meanIntervalMillis)
                    .as("mean command interval [ms]")
                    .isBetween(
                            1000.0 / CommandContract.RECOMMENDED_COMMAND_RATE_HZ * 0.75,
                            1000.0 / CommandContract.MIN_COMMAND_RATE_HZ);
        }
    }

    /** A joint already at its target still gets a command: the set takes the loop over. */
    @Test
    void jointSetCommandsEvenWhenTheJointIsThereAlready() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            hand.setPosition(1, 0.5);
            hand.streaming();
            java.util.concurrent.CountDownLatch command =
                    new java.util.concurrent.CountDownLatch(1);
            hand.on(hand.topics.commandFilter(), m -> command.countDown());
            CliRun r = cli("joint", "set", "b=0.5");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("reached after");
            assertThat(command.await(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("a command reached the loop")
                    .isTrue();
        }
    }

    @Test
    void jointSetExitsOneWithTheSupervisorsReason() throws Exception {
        try (ScriptedLoop hand = loop("hand").streaming()) {
            AtomicInteger seen = new AtomicInteger();
            hand.on(
                    hand.topics.commandFilter(),
                    m -> {
                        if (seen.incrementAndGet() == 1) {
                            hand.send(
                                    hand.topics.events(),
                                    Map.of(
                                            "type", "COMMAND_REJECTED",
                                            "field", "values[1] (joint 'b')",
                                            "message",
                                                    "command rejected: values[1] (joint 'b') = 9.0;"
                                                            + " allowed: [-1.0, 1.0]"));
                        }
                    });
            CliRun r = cli("joint", "set", "b=9");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err())
                    .contains("the supervisor refused the command: COMMAND_REJECTED")
                    .contains("values[1] (joint 'b') = 9.0; allowed: [-1.0, 1.0]");
            assertThat(r.out()).startsWith("refused after");
        }
    }

    @Test
    void jointSetRefusesToHoldAJointWithoutAMeasurement() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            hand.positionRad[1] = Double.NaN; // joint b's servo does not answer
            hand.streaming();
            AtomicInteger commands = new AtomicInteger();
            hand.on(hand.topics.commandFilter(), m -> commands.incrementAndGet());
            CliRun r = cli("joint", "set", "a=0.2");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err())
                    .isEqualTo(
                            "armature: no valid measurement of b, which this command would hold"
                                    + " where they are (the driver reports no position: is the"
                                    + " hardware answering? `armature loop stats` shows the"
                                    + " driver's health); nothing was sent\n");
            assertThat(commands.get()).isZero();
        }
    }

    @Test
    void jointSetThatDoesNotGetThereInTimeExitsOne() throws Exception {
        try (ScriptedLoop hand = loop("hand").streaming()) {
            CliRun r = cli("joint", "set", "c=0.5", "--seconds", "0.5", "--tolerance", "0.001");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.out())
                    .startsWith("not reached after")
                    .contains("c  0.0000 rad  (target 0.5000 rad");
            assertThat(r.err())
                    .contains("not every joint within 0.0010 rad of its target after 0.50 s");
        }
    }

    @Test
    void jointSetNamesTheJointsItKnows() throws Exception {
        try (ScriptedLoop hand = loop("hand").streaming()) {
            CliRun r = cli("joint", "set", "x=0.5", "b=0.1");
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.err())
                    .contains("loop 'hand' has no joint x; its joints: a, b, c")
                    .contains("usage: armature joint set");
        }
    }

    @Test
    void jointSetSendsNothingWhileTheEStopIsLatched() throws Exception {
        try (ScriptedLoop hand = loop("hand").streaming()) {
            hand.retain(
                    hand.topics.eStop(), Map.of("state", "LATCHED", "assertedSources", List.of()));
            List<Message> commands = new CopyOnWriteArrayList<>();
            hand.on(hand.topics.commandFilter(), commands::add);
            CliRun r = cli("joint", "set", "a=0.1");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).contains("the e-stop of loop 'hand' is LATCHED");
            assertThat(commands).isEmpty();
        }
    }

    @Test
    void eStopStatusReadsTheRetainedLatch() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            hand.retain(
                    hand.topics.eStop(),
                    Map.of("state", "ACKNOWLEDGED", "assertedSources", List.of("pedal")));
            CliRun r = cli("estop", "status", "--json");
            assertThat(r.exit()).as(r.toString()).isZero();
            JsonNode doc = JsonDocs.MAPPER.readTree(r.out());
            assertThat(doc.path("loop").asText()).isEqualTo("hand");
            assertThat(doc.path("state").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(doc.path("assertedSources").get(0).asText()).isEqualTo("pedal");
            assertThat(cli("estop", "status").out())
                    .isEqualTo("e-stop of loop hand: ACKNOWLEDGED (asserted by pedal)\n");
        }
    }

    @Test
    void eStopRequestsGoOutUnderTheCliUserAndWaitForTheLatch() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            hand.retain(
                    hand.topics.eStop(), Map.of("state", "CLEAR", "assertedSources", List.of()));
            List<String> requests = new CopyOnWriteArrayList<>();
            AtomicInteger trips = new AtomicInteger();
            hand.on(
                    hand.topics.eStopRequestFilter(),
                    m -> {
                        requests.add(m.topic() + " " + m.payloadAsString());
                        String action =
                                JsonDocs.MAPPER.readTree(m.payload()).path("action").asText();
                        if (action.equals("reset")) {
                            hand.send(
                                    hand.topics.events(),
                                    Map.of(
                                            "type",
                                            "ESTOP_RESET_REFUSED",
                                            "message",
                                            "e-stop reset refused: state is LATCHED;"
                                                    + " acknowledge first"));
                        } else if (trips.incrementAndGet() == 1) {
                            hand.send(
                                    hand.topics.events(),
                                    Map.of("type", "ESTOP_LATCHED", "message", "latched"));
                            hand.retain(
                                    hand.topics.eStop(),
                                    Map.of("state", "LATCHED", "assertedSources", List.of()));
                        } else {
                            // Already latched: the latch does not change, only the event says
                            // the trip was taken.
                            hand.send(
                                    hand.topics.events(),
                                    Map.of(
                                            "type",
                                            "ESTOP_SOURCE_ASSERTED",
                                            "message",
                                            "tripped while already latched"));
                        }
                    });
            CliRun trip = cli("estop", "trip");
            assertThat(trip.exit()).as(trip.toString()).isZero();
            assertThat(trip.out()).isEqualTo("e-stop of loop hand: LATCHED\n");
            assertThat(requests)
                    .containsExactly(hand.topics.eStopRequest("cli") + " {\"action\":\"trip\"}");

            CliRun again = cli("estop", "trip", "--json");
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(JsonDocs.MAPPER.readTree(again.out()).path("state").asText())
                    .isEqualTo("LATCHED");

            CliRun reset = cli("estop", "reset", "--json");
            assertThat(reset.exit()).as(reset.toString()).isEqualTo(1);
            assertThat(reset.err())
                    .isEqualTo(
                            "armature: e-stop reset refused: state is LATCHED; acknowledge first\n");
            assertThat(reset.out()).isEmpty();
        }
    }

    @Test
    void anEStopChangeTheLoopCouldNotSaveIsNotASuccess() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            hand.retain(
                    hand.topics.eStop(), Map.of("state", "CLEAR", "assertedSources", List.of()));
            String full =
                    "e-stop state LATCHED not saved to /h/estop.json: java.io.IOException: No space"
                            + " left on device";
            AtomicInteger resets = new AtomicInteger();
            hand.on(
                    hand.topics.eStopRequestFilter(),
                    m -> {
                        String action =
                                JsonDocs.MAPPER.readTree(m.payload()).path("action").asText();
                        if (action.equals("trip")) {
                            // As the loop does: the latch saying it was not saved, and the events,
                            // which are QoS 0 and may come after it.
                            hand.retain(
                                    hand.topics.eStop(),
                                    Map.of(
                                            "state",
                                            "LATCHED",
                                            "assertedSources",
                                            List.of(),
                                            "notSaved",
                                            full));
                            hand.send(
                                    hand.topics.events(),
                                    Map.of("type", "ESTOP_LATCHED", "message", "latched"));
                            hand.send(
                                    hand.topics.events(),
                                    Map.of("type", "STATE_FILE_NOT_SAVED", "message", full));
                        } else if (resets.incrementAndGet() == 1) {
                            hand.send(
                                    hand.topics.events(),
                                    Map.of(
                                            "type",
                                            "STATE_FILE_NOT_SAVED",
                                            "message",
                                            full.replace("LATCHED", "CLEAR")));
                        } else {
                            // the event lost (QoS 0): only the latch the loop set again comes
                            hand.retain(
                                    hand.topics.eStop(),
                                    Map.of("state", "LATCHED", "assertedSources", List.of()));
                        }
                    });
            CliRun trip = cli("estop", "trip");
            assertThat(trip.exit()).as(trip.toString()).isEqualTo(1);
            assertThat(trip.out()).isEqualTo("e-stop of loop hand: LATCHED\n");
            assertThat(trip.err())
                    .isEqualTo(
                            "armature: "
                                    + full
                                    + "; the e-stop is LATCHED now, but a crash or restart would"
                                    + " not keep it\n");

            CliRun reset = cli("estop", "reset");
            assertThat(reset.exit()).as(reset.toString()).isEqualTo(1);
            assertThat(reset.err())
                    .contains("e-stop state CLEAR not saved to /h/estop.json")
                    .contains("the loop latched the e-stop again");

            CliRun noEvent = cli("estop", "reset");
            assertThat(noEvent.exit()).as(noEvent.toString()).isEqualTo(1);
            assertThat(noEvent.err())
                    .contains("the loop latched the e-stop again instead of resetting it");
        }
    }

    @Test
    void loopStatsReadsOneDocumentInWords() throws Exception {
        try (ScriptedLoop hand = loop("hand")) {
            Map<String, Object> stats =
                    Map.of(
                            "timing",
                            Map.of(
                                    "ticks", 100,
                                    "overruns", 2,
                                    "missedPeriods", 1,
                                    "latenessP50Nanos", 12_000,
                                    "latenessP99Nanos", 85_000,
                                    "latenessMaxNanos", 1_250_000,
                                    "durationP99Nanos", 900),
                            "scheduling",
                            "SCHED_FIFO 50",
                            "supervisor",
                            Map.of(
                                    "commandsApplied", 40,
                                    "rejectedDuplicate", 3,
                                    "refusedEStop", 1,
                                    "watchdogState", "HOLDING",
                                    "eStopState", "CLEAR",
                                    "epoch", 7),
                            "epochs",
                            List.of(Map.of("epoch", 7, "driver", "hand")),
                            "driverHealth",
                            Map.of("state", "OK", "message", "simulated"),
                            "malformedCommandFrames",
                            0);
            // Statistics are not retained: the loop publishes them at its interval.
            java.util.concurrent.ScheduledExecutorService every =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            every.scheduleAtFixedRate(
                    () -> hand.send(hand.topics.statistics(), stats),
                    0,
                    100,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                CliRun r = cli("loop", "stats");
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out())
                        .isEqualTo(
                                """
                                loop hand
                                  rate       100 Hz nominal; 100 ticks in the last window
                                  lateness   p50 12.0 us, p99 85.0 us, max 1.25 ms; tick duration p99 900 ns
                                  overruns   2 (1 missed periods)
                                  thread     SCHED_FIFO 50
                                  safety     watchdog HOLDING, e-stop CLEAR, epoch 7
                                  commands   40 applied, 4 rejected (duplicate sequence 3, e-stop 1), 0 malformed frames (since the loop started)
                                  driver     hand: OK (simulated)
                                """);
                CliRun json = cli("loop", "stats", "--json");
                JsonNode doc = JsonDocs.MAPPER.readTree(json.out());
                assertThat(doc.path("loop").asText()).isEqualTo("hand");
                assertThat(
                                doc.path("statistics")
                                        .path("supervisor")
                                        .path("commandsApplied")
                                        .asLong())
                        .isEqualTo(40);
            } finally {
                every.shutdownNow();
            }
        }
    }
}
