package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.CommandContract;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety state that survives anything (issue 8, section 1), end to end: the real distribution with
 * the simulated hand, killed with SIGKILL and started again with the same {@code --id} and {@code
 * --home}. A latched e-stop comes back latched and only acknowledge + reset clears it; a command
 * stream stamped before the restart is never applied; a frame numbered 2^63-1 from one sender does
 * not lock out another; wear counts continue. The methods run in order on one home.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyStateIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "safeit";
    private static final LoopTopics LOOP = ContainerTopics.of(ID).loop("hand");
    private static final String FFJ2 = "robot0:A_FFJ2";

    /**
     * Close enough to a target to say the commands moved the joint: the simulated finger may touch
     * the block or its neighbours on the way, so arriving exactly is not what these tests check.
     */
    private static final double ARRIVED_RAD = 0.15;

    /** Where the tests move {@value #FFJ2} to and from (its range is [0, 1.571] rad). */
    private static final double HIGH_RAD = 1.3;

    private static final double LOW_RAD = 0.5;

    /** A joint whose command was not applied is at least this far from the commanded target. */
    private static final double NOT_MOVED_RAD = 0.5;

    /** The hand's actuators and their ctrlrange, from its MJCF: commands stay inside them. */
    private static final ShadowHandActuators HAND = ShadowHandActuators.load();

    private static final List<String> JOINTS = HAND.names();
    private static final double[] MIN_RAD = HAND.lowerRad();
    private static final double[] MAX_RAD = HAND.upperRad();

    private static final int J = JOINTS.indexOf(FFJ2);

    @TempDir static Path home;
    private static int port;
    private static ContainerProcess container;
    private static LoopWatch watch;
    private static PahoMessageBus operator;
    private static final AtomicLong operatorSequence = new AtomicLong();
    private static long epochBeforeRestart;

    @BeforeAll
    static void startContainer() throws Exception {
        ContainerProcess.linkExamples(home);
        Path config = Files.createDirectories(home.resolve("config"));
        Files.writeString(config.resolve("armature.control-hand.config"), controlConfig());
        port = ContainerProcess.freePort();
        start();
    }

    @AfterAll
    static void stopContainer() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    /** Starts (or starts again) the container on the same home, id and port. */
    private static void start() throws Exception {
        container =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand");
        container.awaitReady(WAIT);
        watch = new LoopWatch(container.observer(), LOOP, WAIT);
        operator = container.client("op");
        watch.await("a state frame", () -> watch.frame.get() != null, container);
    }

    private static void killAndRestart() throws Exception {
        container.kill9();
        container.close();
        start();
    }

    @Test
    @Order(1)
    void aCommandStreamMovesTheHandAndWearIsSaved() throws Exception {
        long epoch = watch.epoch();
        double[] target = middle();
        target[J] = HIGH_RAD;
        assertThat(stream(operator, "op", epoch, operatorSequence, target, near(target)))
                .as(FFJ2 + " reached " + HIGH_RAD + " rad")
                .isTrue();
        target[J] = LOW_RAD;
        assertThat(stream(operator, "op", epoch, operatorSequence, target, near(target)))
                .as(FFJ2 + " reached " + LOW_RAD + " rad")
                .isTrue();
        awaitFile("wear counts saved", () -> travelRad() > 1.2);
        epochBeforeRestart = epoch;
    }

    @Test
    @Order(2)
    void aLatchedEStopSurvivesKill9AndOnlyAcknowledgeAndResetClearIt() throws Exception {
        PahoMessageBus watcher = container.client("watcher");
        ContainerProcess.publish(
                watcher,
                Message.builder(LOOP.eStopTrip("watcher"))
                        .payload("{\"reason\":\"hand in the way\"}")
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
        container.awaitMessage(LOOP.eStop(), n -> "LATCHED".equals(n.path("state").asText()), WAIT);
        assertThat(Files.readString(stateFolder().resolve("estop.json"))).contains("\"LATCHED\"");

        killAndRestart();

        // The broker is new (embedded, it died with the container): this retained document was
        // published by the restarted loop, from its file, before anything else happened.
        JsonNode eStop = container.awaitMessage(LOOP.eStop(), n -> n.has("state"), WAIT);
        assertThat(eStop.path("state").asText()).isEqualTo("LATCHED");
        JsonNode supervisor =
                container.awaitMessage(LOOP.supervisor(), n -> n.path("epoch").asLong() != 0, WAIT);
        long epoch = supervisor.path("epoch").asLong();
        assertThat(epoch)
                .as("a new epoch, above every epoch used before")
                .isGreaterThan(epochBeforeRestart);
        assertThat(supervisor.path("eStop").asText()).isEqualTo("LATCHED");

        double[] target = middle();
        target[J] = HIGH_RAD;
        stream(operator, "op", epoch, operatorSequence, target, Duration.ofSeconds(1), () -> false);
        watch.await(
                "commands refused while latched",
                () -> watch.supervisorStat("refusedEStop") > 0,
                container);
        assertThat(watch.supervisorStat("commandsApplied")).isZero();
        assertThat(Math.abs(watch.position(J) - HIGH_RAD)).isGreaterThan(NOT_MOVED_RAD);

        request("acknowledge");
        watch.await(
                "acknowledged by 'op'",
                () -> watch.hasEvent("ESTOP_ACKNOWLEDGED", "acknowledged by 'op'"),
                container);
        request("reset");
        container.awaitMessage(LOOP.eStop(), n -> "CLEAR".equals(n.path("state").asText()), WAIT);
        assertThat(Files.readString(stateFolder().resolve("estop.json"))).contains("\"CLEAR\"");
    }

    @Test
    @Order(3)
    void aStreamStampedWithTheEpochFromBeforeTheRestartIsNotApplied() throws Exception {
        double[] target = middle();
        target[J] = HIGH_RAD;
        long offeredBefore = watch.stat("inbox", "offered");
        int sent =
                streamCount(
                        operator,
                        epochBeforeRestart,
                        target,
                        CommandContract.RECOMMENDED_COMMAND_RATE_HZ);
        watch.await(
                "the stale stream reached the loop",
                () ->
                        watch.stat("inbox", "offered") >= offeredBefore + sent
                                && !watch.statBool("inbox", "pending"),
                container);
        assertThat(watch.supervisorStat("commandsApplied")).isZero();
        assertThat(watch.supervisorStat("rejectedWrongEpoch")).isGreaterThanOrEqualTo(sent / 2);
        JsonNode others = watch.epochEntry(0);
        assertThat(others.path("rejectedStaleEpoch").asLong())
                .as("counted as stale under epoch 0 (an epoch this run never began)")
                .isEqualTo(others.path("received").asLong())
                .isPositive();
        assertThat(Math.abs(watch.position(J) - HIGH_RAD)).isGreaterThan(NOT_MOVED_RAD);

        // The same stream stamped with the current epoch moves the joint: the epoch alone stopped
        // it.
        assertThat(stream(operator, "op", watch.epoch(), operatorSequence, target, near(target)))
                .isTrue();
    }

    @Test
    @Order(4)
    void aFrameNumbered2To63Minus1FromOneSenderDoesNotLockOutAnother() throws Exception {
        long epoch = watch.epoch();
        double[] target = middle();
        target[J] = LOW_RAD;
        PahoMessageBus mallory = container.client("mallory");
        ContainerProcess.publish(
                mallory, command(LOOP.command("mallory"), epoch, Long.MAX_VALUE, target));
        watch.await(
                "the jump refused, naming the sender",
                () ->
                        watch.hasEvent(
                                "COMMAND_SEQUENCE_JUMP",
                                "sequence = 9223372036854775807 from sender 'mallory'"),
                container);

        // A restarted sender would continue above its floor in the retained supervisor document.
        JsonNode supervisor =
                container.awaitMessage(LOOP.supervisor(), n -> n.path("senders").has("op"), WAIT);
        assertThat(supervisor.path("senders").has("mallory")).isFalse();
        long floor = Long.parseUnsignedLong(supervisor.path("senders").path("op").asText());
        AtomicLong next = new AtomicLong(Math.max(floor, operatorSequence.get()));
        assertThat(stream(operator, "op", epoch, next, target, near(target)))
                .as("'op' still moves the hand after mallory's 2^63-1")
                .isTrue();
        operatorSequence.set(next.get());
    }

    @Test
    @Order(5)
    void wearCountsSurviveKill9() throws Exception {
        double before = travelRad();
        double[] target = middle();
        target[J] = HIGH_RAD;
        assertThat(stream(operator, "op", watch.epoch(), operatorSequence, target, near(target)))
                .isTrue();
        awaitFile("the move saved", () -> travelRad() > before + 0.5);
        double saved = travelRad();

        long killedAt = System.currentTimeMillis();
        container.kill9();
        assertThat(travelRad())
                .as("the wear file after kill -9: whole, as last saved")
                .isGreaterThanOrEqualTo(saved);
        try (var files = Files.list(stateFolder())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("nothing kept aside as corrupt")
                    .noneMatch(n -> n.contains(".corrupt-"));
        }
        container.close();
        start();
        awaitFile(
                "wear saved again by the restarted loop",
                () -> Files.getLastModifiedTime(wearFile()).toMillis() > killedAt);
        assertThat(travelRad()).as("counts continue from the file").isGreaterThanOrEqualTo(saved);
    }

    // ---- helpers ----

    private static Path stateFolder() {
        return home.resolve("runtime").resolve(ID).resolve("control/hand");
    }

    private static Path wearFile() {
        return stateFolder().resolve("wear.json");
    }

    /**
     * {@value #FFJ2}'s travel in the wear file, read as any client would (a torn file fails here:
     * the parser refuses it).
     */
    private static double travelRad() throws IOException {
        JsonNode wear = ContainerProcess.JSON.readTree(Files.readAllBytes(wearFile()));
        assertThat(wear.path("format").asText()).isEqualTo("armature.safety.wear");
        for (JsonNode j : wear.path("joints")) {
            if (FFJ2.equals(j.path("name").asText())) {
                return j.path("totalTravelRad").asDouble();
            }
        }
        return 0.0;
    }

    private interface FileCondition {
        boolean holds() throws IOException;
    }

    /** Polls a file condition every 100 ms (the loop saves every second). */
    private static void awaitFile(String what, FileCondition c) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (c.holds()) {
                    return;
                }
            } catch (IOException e) {
                // not written yet
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "not within " + WAIT + ": " + what + "\n" + container.log());
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    private static void request(String action) {
        ContainerProcess.publish(
                operator,
                Message.builder(LOOP.eStopRequest("op"))
                        .payload("{\"action\":\"" + action + "\"}")
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
    }

    /**
     * Every joint held where it is now (inside its range), so only the joint a test moves moves and
     * nothing pushes into the block.
     */
    private static double[] middle() {
        double[] t = new double[JOINTS.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.max(MIN_RAD[i], Math.min(MAX_RAD[i], watch.position(i)));
        }
        return t;
    }

    private static BooleanSupplier near(double[] target) {
        return () -> Math.abs(watch.position(J) - target[J]) < ARRIVED_RAD;
    }

    /** Streams at the recommended rate until {@code done} or 30 s; returns whether done. */
    private static boolean stream(
            PahoMessageBus bus,
            String sender,
            long epoch,
            AtomicLong sequence,
            double[] target,
            BooleanSupplier done) {
        if (stream(bus, sender, epoch, sequence, target, Duration.ofSeconds(30), done)) {
            return true;
        }
        throw new AssertionError(
                "'"
                        + sender
                        + "' streaming epoch "
                        + epoch
                        + " did not bring "
                        + FFJ2
                        + " to "
                        + target[J]
                        + " within 30 s; it is at "
                        + watch.position(J)
                        + "; last statistics: "
                        + watch.statistics.get()
                        + "; events: "
                        + watch.events);
    }

    private static boolean stream(
            PahoMessageBus bus,
            String sender,
            long epoch,
            AtomicLong sequence,
            double[] target,
            Duration max,
            BooleanSupplier done) {
        long period = 1_000_000_000L / CommandContract.RECOMMENDED_COMMAND_RATE_HZ;
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            ContainerProcess.publish(
                    bus, command(LOOP.command(sender), epoch, sequence.incrementAndGet(), target));
            if (done.getAsBoolean()) {
                return true;
            }
            // The park paces the stream (it is the command rate); it waits for nothing.
            LockSupport.parkNanos(period);
        }
        return false;
    }

    /** Sends {@code count} frames (1 s at the recommended rate) stamped {@code epoch}. */
    private static int streamCount(PahoMessageBus bus, long epoch, double[] target, int count) {
        AtomicLong seq = new AtomicLong();
        long period = 1_000_000_000L / CommandContract.RECOMMENDED_COMMAND_RATE_HZ;
        for (int i = 0; i < count; i++) {
            ContainerProcess.publish(
                    bus, command(LOOP.command("op"), epoch, seq.incrementAndGet(), target));
            LockSupport.parkNanos(period);
        }
        return count;
    }

    private static Message command(String topic, long epoch, long sequence, double[] target) {
        byte[] frame = new byte[2048];
        int n =
                new FrameWriter()
                        .wrap(frame, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, target.length)
                        .epoch(epoch)
                        .sequence(sequence)
                        .timestampNs(System.nanoTime())
                        .putChannel(target)
                        .finish();
        return Message.builder(topic)
                .payload(Arrays.copyOf(frame, n))
                .contentType(ContentTypes.FRAME)
                .qos(Qos.AT_MOST_ONCE)
                .expiry(Duration.ofSeconds(1))
                .userProperty(UserProperties.COMMAND_MODE, "position")
                .build();
    }

    /** The loop's configuration: the feature's, with fast statistics and wear saves. */
    private static String controlConfig() {
        return "loopName=\"hand\"\n"
                + "rateHz=D\"500.0\"\n"
                + "jointNames="
                + JOINTS.stream()
                        .map(j -> "\"" + j + "\"")
                        .collect(Collectors.joining(",", "[", "]"))
                + "\n"
                + "descriptionPath=\"examples/models/gymnasium-robotics/hand/manipulate_block.xml\"\n"
                + "maxVelocityRadPerSec=D[\"3.0\"]\n"
                + "maxAccelerationRadPerSec2=D[\"50.0\"]\n"
                + "effortUnit=\"NEWTON_METRE\"\n"
                + "statisticsIntervalMillis=L\"200\"\n"
                + "wearSaveIntervalSeconds=L\"1\"\n"
                + "driver.target=\"(armature.driver.name=hand)\"\n";
    }
}
