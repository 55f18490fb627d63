package armature.control.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.loop.FakeDriver;
import armature.control.loop.RealtimeRights;
import armature.driver.api.DriverCommandMode;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DS component with its real loop thread (200 Hz) on an in-memory bus and a fake driver: wiring
 * of topics, command frames, e-stop requests, statistics, the retained documents and the loop's
 * state files. Waits poll a condition with a timeout; nothing is timed.
 */
class ControlLoopComponentTest {
    private static final LoopTopics LOOP = ContainerTopics.of("c1").loop("hand");

    @TempDir Path runtime;

    private final JsonCodec json = new JsonCodec();

    private ControlConfig config(Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>();
        m.put("loopName", "hand");
        m.put("rateHz", 200.0);
        m.put("jointNames", new String[] {"j0", "j1"});
        m.put("minPositionRad", new double[] {-1, -1});
        m.put("maxPositionRad", new double[] {1, 1});
        m.put("maxVelocityRadPerSec", new double[] {2, 2});
        m.put("maxAccelerationRadPerSec2", new double[] {20, 20});
        m.put("maxEffort", new double[] {1, 1});
        m.put("statisticsIntervalMillis", 100L);
        m.putAll(extra);
        return Configs.of(ControlConfig.class, m);
    }

    private ControlLoopComponent start(FakeBus bus) throws Exception {
        return new ControlLoopComponent(bus, config(Map.of()), null, runtime);
    }

    private Path loopFolder() {
        return runtime.resolve("control/hand");
    }

    @Test
    void theStatisticsSayHowTheLoopThreadIsScheduled() throws Exception {
        // The default asks for SCHED_FIFO 50: granted with CAP_SYS_NICE (CI runs as root) or an
        // rtprio limit of 50, otherwise refused with chrt's reason; 0 asks for nothing.
        boolean linuxWithChrt = RealtimeRights.linuxWithChrt();
        boolean mayRealtime = RealtimeRights.mayRequest(50);
        for (int priority : new int[] {50, 0}) {
            FakeBus bus = new FakeBus();
            ControlLoopComponent c =
                    new ControlLoopComponent(
                            bus,
                            config(
                                    priority == 50
                                            ? Map.of()
                                            : Map.of("realtimePriority", priority)),
                            null,
                            runtime);
            try {
                await(
                        "statistics with the loop thread's scheduling settled",
                        () ->
                                bus.last(LOOP.statistics()) != null
                                        && !"pending"
                                                .equals(
                                                        doc(bus.last(LOOP.statistics()))
                                                                .get("scheduling")));
                String scheduling = (String) doc(bus.last(LOOP.statistics())).get("scheduling");
                if (priority == 0) {
                    assertThat(scheduling).startsWith("SCHED_OTHER (realtime priority 0");
                } else if (mayRealtime) {
                    assertThat(scheduling).isEqualTo("SCHED_FIFO 50");
                } else if (linuxWithChrt) {
                    assertThat(scheduling)
                            .startsWith("SCHED_OTHER: chrt --fifo 50 refused")
                            .contains("CAP_SYS_NICE");
                } else {
                    assertThat(scheduling).startsWith("SCHED_OTHER: ");
                }
            } finally {
                c.deactivate();
            }
        }
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        new FakeBus(),
                                        config(Map.of("realtimePriority", 100)),
                                        null,
                                        runtime))
                .hasMessage("realtimePriority = 100; allowed: [0, 99]");
    }

    @Test
    void commandsFromTheBusMoveTheDriverAndEStopRequestsLatch() throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent c = start(bus);
        FakeDriver d = FakeDriver.position(System::nanoTime, 0.0, 0.0);
        try {
            c.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "fake"));
            await("a state frame", () -> bus.last(LOOP.state()) != null);
            assertThat(bus.last(LOOP.stateSchema()).retained()).isTrue();
            assertThat(bus.last(LOOP.stateSchema()).payloadAsString())
                    .contains("\"channelNames\":[\"positionRad\",\"velocityRadPerSec\",\"effort\"]")
                    .contains("\"effortUnit\":\"Nm\"");
            Message state = bus.last(LOOP.state());
            assertThat(state.contentType()).isEqualTo(ContentTypes.FRAME);
            long epoch = new FrameReader().wrap(state.payload()).epoch();

            long[] seq = {0};
            await(
                    "joints at the commanded pose",
                    () -> {
                        bus.publish(command("policy", epoch, ++seq[0], 0.2, -0.1));
                        return Math.abs(d.positionRad[0] - 0.2) < 1e-9
                                && Math.abs(d.positionRad[1] + 0.1) < 1e-9;
                    });
            await("statistics", () -> bus.last(LOOP.statistics()) != null);
            assertThat(bus.last(LOOP.statistics()).payloadAsString())
                    .contains("\"latenessP99Nanos\"")
                    .contains("\"commandsApplied\"")
                    .contains("\"driverHealth\":{\"state\":\"OK\"")
                    .containsPattern(
                            "\"epochs\":\\[\\{\"epoch\":[0-9]+,\"driver\":\"fake\",\"offered\":[1-9]");
            // Per joint: the wear counters of the joints the commands moved (0.2 and 0.1 rad).
            await(
                    "statistics with each joint's travel",
                    () -> {
                        Map<?, ?> stats = doc(bus.last(LOOP.statistics()));
                        List<?> joints = (List<?>) stats.get("joints");
                        Map<?, ?> j0 = (Map<?, ?>) joints.get(0);
                        Map<?, ?> j1 = (Map<?, ?>) joints.get(1);
                        return joints.size() == 2
                                && "j0".equals(j0.get("joint"))
                                && "j1".equals(j1.get("joint"))
                                && j0.get("totalTravelRad") instanceof Number t0
                                && t0.doubleValue() > 0.1
                                && j1.get("totalTravelRad") instanceof Number t1
                                && t1.doubleValue() > 0.05
                                && j0.containsKey("estimatedTemperatureDegC")
                                && j0.containsKey("measuredTemperatureDegC");
                    });
            await(
                    "retained supervisor document naming the sender's floor",
                    () -> {
                        Map<?, ?> doc = doc(bus.last(LOOP.supervisor()));
                        return doc != null
                                && ((Number) doc.get("epoch")).longValue() == epoch
                                && doc.get("senders") instanceof Map<?, ?> s
                                && s.get("policy") instanceof String floor
                                && Long.parseLong(floor) >= seq[0] - 10;
                    });
            assertThat(bus.last(LOOP.supervisor()).retained()).isTrue();

            // The source is the sender level of the topic; a "source" field is ignored.
            bus.publish(
                    Message.builder(LOOP.eStopRequest("alice"))
                            .payload("{\"action\":\"trip\",\"source\":\"mallory\"}")
                            .build());
            await(
                    "retained e-stop state LATCHED",
                    () -> {
                        Message m = bus.last(LOOP.eStop());
                        return m != null && m.payloadAsString().contains("LATCHED");
                    });
            assertThat(bus.last(LOOP.eStop()).retained()).isTrue();
            await("torque off", () -> !d.torqueOn);
            await("ESTOP_LATCHED event", () -> events(bus).contains("e-stop latched by 'alice'"));
            assertThat(events(bus)).doesNotContain("mallory");
            assertThat(Files.readString(loopFolder().resolve("estop.json"))).contains("LATCHED");

            await("DRIVER_HEALTH event", () -> events(bus).contains("\"DRIVER_HEALTH\""));

            // Hot swap through the DS bind/unbind methods: a new epoch shows in the state frames.
            FakeDriver second = FakeDriver.position(System::nanoTime, 0.05, 0.05);
            c.bindDriver(second, Map.of(JointDriver.NAME_PROPERTY, "second"));
            c.unbindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "fake"));
            await(
                    "a state frame of the new epoch",
                    () ->
                            new FrameReader().wrap(bus.last(LOOP.state()).payload()).epoch()
                                    == epoch + 1);
            await(
                    "attach and detach events",
                    () ->
                            events(bus).contains("driver 'second' attached")
                                    && events(bus).contains("driver 'fake' detached"));

            bus.publish(Message.builder(LOOP.command("policy")).payload(new byte[] {1, 2}).build());
            await("malformed frame event", () -> events(bus).contains("COMMAND_FRAME_MALFORMED"));
        } finally {
            c.deactivate();
        }
        assertThat(Files.readString(loopFolder().resolve("wear.json"))).contains("\"j0\"");
        assertThat(bus.last(LOOP.eStop()).payload())
                .as("retained documents cleared when the loop goes")
                .isEmpty();
    }

    @Test
    void aLoopThatStoppedLatchedStartsLatchedInANewerEpochAndOnlyAcknowledgeAndResetClearIt()
            throws Exception {
        FakeBus first = new FakeBus();
        ControlLoopComponent c = start(first);
        long firstEpoch;
        try {
            c.bindDriver(
                    FakeDriver.position(System::nanoTime, 0.0, 0.0),
                    Map.of(JointDriver.NAME_PROPERTY, "fake"));
            await("a state frame", () -> first.last(LOOP.state()) != null);
            firstEpoch = new FrameReader().wrap(first.last(LOOP.state()).payload()).epoch();
            first.publish(
                    Message.builder(LOOP.eStopTrip("observer")).payload("not json at all").build());
            await(
                    "latched by a trip whatever its payload",
                    () -> events(first).contains("e-stop latched by 'observer'"));
        } finally {
            c.deactivate();
        }

        FakeBus bus = new FakeBus();
        c = start(bus);
        FakeDriver d = FakeDriver.position(System::nanoTime, 0.0, 0.0);
        try {
            c.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "fake"));
            assertThat(doc(bus.on(LOOP.eStop()).get(0)).get("state"))
                    .as("the first e-stop document after the restart")
                    .isEqualTo("LATCHED");
            await("ESTOP_RESTORED event", () -> events(bus).contains("ESTOP_RESTORED"));
            await("a state frame", () -> bus.last(LOOP.state()) != null);
            long epoch = new FrameReader().wrap(bus.last(LOOP.state()).payload()).epoch();
            assertThat(epoch).as("epochs continue across restarts").isGreaterThan(firstEpoch);

            bus.publish(command("policy", firstEpoch, 1, 0.3, 0.3));
            await("stale epoch rejected", () -> events(bus).contains("COMMAND_WRONG_EPOCH"));
            bus.publish(command("policy", epoch, 1, 0.3, 0.3));
            await("refused while latched", () -> events(bus).contains("COMMAND_REFUSED_ESTOP"));
            assertThat(d.torqueOn).isFalse();

            // Stored requests (a retained acknowledge and reset left on an external broker,
            // delivered again at every subscription) never release the latch.
            bus.publish(request("op", "acknowledge").toBuilder().retained(true).build());
            bus.publish(request("op", "reset").toBuilder().retained(true).build());
            await(
                    "the retained reset refused",
                    () -> events(bus).contains("a retained e-stop request ('reset' from 'op')"));
            assertThat(doc(bus.last(LOOP.eStop())).get("state")).isEqualTo("LATCHED");

            bus.publish(request("op", "acknowledge"));
            bus.publish(request("op", "reset"));
            await(
                    "cleared by acknowledge and reset, named by sender",
                    () ->
                            events(bus).contains("e-stop reset by 'op'")
                                    && "CLEAR".equals(doc(bus.last(LOOP.eStop())).get("state")));
            await(
                    "the file follows",
                    () -> read(loopFolder().resolve("estop.json")).contains("\"CLEAR\""));
            long[] seq = {1};
            await(
                    "commands move the joints again",
                    () -> {
                        bus.publish(command("policy", epoch, ++seq[0], 0.3, 0.3));
                        return Math.abs(d.positionRad[0] - 0.3) < 1e-9;
                    });
        } finally {
            c.deactivate();
        }
    }

    @Test
    void anUnreadableEStopFileStartsLatchedWithANamedEvent() throws Exception {
        Files.createDirectories(loopFolder());
        Files.writeString(loopFolder().resolve("estop.json"), "{\"format\":\"armature.saf");
        FakeBus bus = new FakeBus();
        ControlLoopComponent c = start(bus);
        try {
            assertThat(doc(bus.on(LOOP.eStop()).get(0)).get("state")).isEqualTo("LATCHED");
            await(
                    "STATE_FILE_UNREADABLE naming the file",
                    () ->
                            events(bus).contains("\"type\":\"STATE_FILE_UNREADABLE\"")
                                    && events(bus)
                                            .contains(
                                                    "\"file\":\""
                                                            + loopFolder().resolve("estop.json")
                                                            + "\""));
            assertThat(events(bus)).contains("restored LATCHED (fail safe)");
            try (var files = Files.list(loopFolder())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.startsWith("estop.json.corrupt-"));
            }
            assertThat(Files.readString(loopFolder().resolve("estop.json"))).contains("LATCHED");
        } finally {
            c.deactivate();
        }
    }

    /**
     * The latch and the epoch counter deleted while the loop runs (latched) are written again at
     * the next wear save, so a crash after that still restarts LATCHED; and a folder whose latch
     * and counter are both gone but whose wear counts remain restarts LATCHED too.
     */
    @Test
    void stateFilesDeletedWhileLatchedAreWrittenAgainAndWearCountsAreEvidenceAtStart()
            throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent c =
                new ControlLoopComponent(
                        bus, config(Map.of("wearSaveIntervalSeconds", 1L)), null, runtime);
        try {
            bus.publish(Message.builder(LOOP.eStopTrip("op")).payload("{}").build());
            await("latched", () -> read(loopFolder().resolve("estop.json")).contains("LATCHED"));
            await("wear saved", () -> Files.exists(loopFolder().resolve("wear.json")));
            Files.delete(loopFolder().resolve("estop.json"));
            Files.deleteIfExists(loopFolder().resolve("epoch.json"));
            await(
                    "the latch written again",
                    () -> read(loopFolder().resolve("estop.json")).contains("LATCHED"));
            await(
                    "the counter written again",
                    () -> Files.exists(loopFolder().resolve("epoch.json")));
            await(
                    "the event saying so",
                    () ->
                            events(bus)
                                    .contains(
                                            "disappeared while the loop ran; written again"
                                                    + " (LATCHED)"));
        } finally {
            c.deactivate();
        }

        // What a crash right after deleting both would have left: only the wear counts.
        Files.delete(loopFolder().resolve("estop.json"));
        Files.delete(loopFolder().resolve("epoch.json"));
        FakeBus again = new FakeBus();
        c = start(again);
        try {
            assertThat(doc(again.on(LOOP.eStop()).get(0)).get("state")).isEqualTo("LATCHED");
            await(
                    "the event naming the wear counts as the evidence",
                    () -> events(again).contains("wear.json shows the loop ran here"));
        } finally {
            c.deactivate();
        }
    }

    /**
     * A latch that cannot be saved (here a folder where the file goes; a full disk alike) is
     * published all the same, saying so in the document itself: the requester reads it with the
     * state, whatever order the QoS 0 event arrives in.
     */
    @Test
    void aLatchThatCannotBeSavedSaysSoInItsDocument() throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent c = start(bus);
        try {
            Path file = loopFolder().resolve("estop.json");
            Files.deleteIfExists(file);
            Files.createDirectories(file.resolve("in-the-way"));
            bus.publish(Message.builder(LOOP.eStopTrip("op")).payload("{}").build());
            await(
                    "a LATCHED document saying it was not saved",
                    () -> {
                        Map<?, ?> d = doc(bus.last(LOOP.eStop()));
                        return d != null
                                && "LATCHED".equals(d.get("state"))
                                && String.valueOf(d.get("notSaved"))
                                        .startsWith("e-stop state LATCHED not saved to " + file);
                    });
        } finally {
            c.deactivate();
        }
    }

    /**
     * The wear file is written every few seconds after renaming one it cannot read: it stays home.
     */
    @Test
    void aWearFileOutsideTheHomeOrOnItsConfigIsRefused() throws Exception {
        Path home = Files.createDirectories(runtime.resolve("home"));
        Files.createDirectories(home.resolve("config"));
        FakeBus bus = new FakeBus();
        for (String bad :
                new String[] {
                    "/etc/passwd",
                    "../outside.json",
                    "config/armature.control-hand.json",
                    "deploy/x.json",
                    "wear.txt",
                    "."
                }) {
            assertThatThrownBy(
                            () ->
                                    new ControlLoopComponent(
                                            bus,
                                            config(Map.of("wearFile", bad)),
                                            home.toString(),
                                            runtime))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("wearFile = '" + bad + "'")
                    .hasMessageContaining("allowed: a .json file inside the container home");
        }
        assertThat(Files.exists(Path.of("/etc/passwd"))).isTrue();
        ControlLoopComponent c =
                new ControlLoopComponent(
                        bus,
                        config(
                                Map.of(
                                        "wearFile",
                                        "wear/hand-1234.json",
                                        "wearSaveIntervalSeconds",
                                        1L)),
                        home.toString(),
                        runtime);
        try {
            await(
                    "wear saved at the configured place",
                    () -> Files.exists(home.resolve("wear/hand-1234.json")));
        } finally {
            c.deactivate();
        }
    }

    @Test
    void retainedDocumentsArePublishedAgainAfterTheBusConnects() throws Exception {
        FakeBus bus = new FakeBus();
        bus.failNextPublishes.set(1); // the schema, published before the bus connected
        ControlLoopComponent c = start(bus);
        try {
            await("e-stop document", () -> bus.last(LOOP.eStop()) != null);
            assertThat(bus.last(LOOP.stateSchema())).isNull();
            bus.state = ConnectionState.CONNECTED;
            await(
                    "schema and e-stop published again",
                    () -> bus.last(LOOP.stateSchema()) != null && bus.on(LOOP.eStop()).size() >= 2);
        } finally {
            c.deactivate();
        }
    }

    /**
     * One loop per driver: a second loop whose target matches a driven driver is refused, so its
     * commands cannot move the hand past the first loop's latched e-stop.
     */
    @Test
    void aDriverAnotherLoopDrivesIsRefusedNamingThatLoop() throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent first = start(bus);
        ControlLoopComponent second =
                new ControlLoopComponent(bus, config(Map.of("loopName", "hand2")), null, runtime);
        LoopTopics loop2 = ContainerTopics.of("c1").loop("hand2");
        FakeDriver d = FakeDriver.position(System::nanoTime, 0.0, 0.0);
        try {
            first.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "hand"));
            second.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "hand"));
            await(
                    "the second loop's refusal",
                    () -> {
                        StringBuilder sb = new StringBuilder();
                        for (Message m : bus.on(loop2.events())) {
                            sb.append(m.payloadAsString());
                        }
                        return sb.toString()
                                .contains(
                                        "driver 'hand' refused: loop 'hand' drives it already (one"
                                                + " loop per driver");
                    });
            // Once the first loop lets go, a later bind of the second takes it.
            first.unbindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "hand"));
            second.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "hand"));
            await(
                    "the second loop's attach",
                    () -> {
                        StringBuilder sb = new StringBuilder();
                        for (Message m : bus.on(loop2.events())) {
                            sb.append(m.payloadAsString());
                        }
                        return sb.toString().contains("DRIVER_ATTACHED");
                    });
        } finally {
            second.deactivate();
            first.deactivate();
        }
    }

    @Test
    void aDriverThatMakesAConfiguredLimitLooseIsRefusedWithANamedEvent() throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent c = start(bus);
        try {
            FakeDriver slow =
                    FakeDriver.describing(
                            System::nanoTime,
                            List.of(joint("j0", 1.0), joint("j1", 5.0)),
                            0.0,
                            0.0);
            c.bindDriver(slow, Map.of(JointDriver.NAME_PROPERTY, "slow"));
            await("DRIVER_REFUSED event", () -> events(bus).contains("DRIVER_REFUSED"));
            assertThat(events(bus))
                    .contains(
                            "{\"type\":\"DRIVER_REFUSED\",\"driver\":\"slow\",\"joint\":\"j0\","
                                    + "\"field\":\"maxVelocityRadPerSec\",\"configured\":2.0,"
                                    + "\"driverValue\":1.0,\"message\":\"driver 'slow' refused: joint"
                                    + " 'j0' maxVelocityRadPerSec: configured 2.0 loosens 1.0 stated"
                                    + " by driver 'slow'");
            assertThat(slow.writes()).isEmpty();
            await(
                    "the statistics saying why the loop has no driver",
                    () -> {
                        Message m = bus.last(LOOP.statistics());
                        return m != null
                                && String.valueOf(doc(m).get("driverRefused"))
                                        .startsWith("driver 'slow' refused: joint 'j0'");
                    });
        } finally {
            c.deactivate();
        }
    }

    private static JointDescription joint(String name, double maxVelocityRadPerSec) {
        return new JointDescription(
                name,
                -1,
                1,
                maxVelocityRadPerSec,
                Double.POSITIVE_INFINITY,
                "Nm",
                EnumSet.of(DriverCommandMode.POSITION));
    }

    @Test
    void invalidConfigurationNamesTheField() {
        FakeBus bus = new FakeBus();
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        bus,
                                        config(Map.of("maxEffort", new double[] {1, 1, 1})),
                                        null,
                                        runtime))
                .hasMessage(
                        "maxEffort has 3 values; allowed: none (from the robot description or"
                                + " driver), 1 (every joint) or 2 (one per joint name)");
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        bus, config(Map.of("rateHz", 5.0)), null, runtime))
                .hasMessage("rateHz = 5.0; allowed: [50, 1000]");
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        bus,
                                        config(Map.of("safeStateAction", "FLOP")),
                                        null,
                                        runtime))
                .hasMessageStartingWith("safeStateAction = 'FLOP'; allowed:");
    }

    private Map<?, ?> doc(Message m) {
        return m == null || m.payload().length == 0 ? null : json.decode(m.payload(), Map.class);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String events(FakeBus bus) {
        StringBuilder sb = new StringBuilder();
        for (Message m : bus.on(LOOP.events())) {
            sb.append(m.payloadAsString()).append('\n');
        }
        return sb.toString();
    }

    private static Message request(String sender, String action) {
        return Message.builder(LOOP.eStopRequest(sender))
                .payload("{\"action\":\"" + action + "\"}")
                .build();
    }

    private static Message command(String sender, long epoch, long seq, double... values) {
        byte[] buf = new byte[256];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, values.length)
                        .epoch(epoch)
                        .sequence(seq)
                        .putChannel(values)
                        .finish();
        return Message.builder(LOOP.command(sender))
                .payload(Arrays.copyOf(buf, len))
                .contentType(ContentTypes.FRAME)
                .expiry(Duration.ofSeconds(1))
                .build();
    }

    /** Polls (2 ms apart) until the condition holds; fails after 10 s. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after 10 s waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
