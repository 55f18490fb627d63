package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.control.api.CommandMode;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.SimTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published contract against the real thing. The distribution with its default features
 * (sim-hand, heartbeat) runs while everything under {@code armature/v1/<id>/} is recorded; the
 * docs/control.md example moves a joint; the test adds management (CLI and its own requests, one
 * refused), an e-stop trip / acknowledge / reset, simulator control, a float32 command, a duplicate
 * and a malformed frame. Then {@link ConformanceCheck} checks every message against
 * docs/asyncapi.yaml with a JSON Schema validator: a topic without a channel fails, and a payload
 * that does not validate is printed with its topic and the schema errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaConformanceIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "conform";

    /** The example's joint: the wrist, which moves freely whatever the block does. */
    private static final String JOINT = "robot0:A_WRJ0";

    /**
     * Close enough to the target to say the example moved the joint there (the simulated joint
     * tracks through the supervisor's shaping and its own servo, not to the last milliradian).
     */
    private static final double TOLERANCE_RAD = 0.1;

    /**
     * Channels the run must have produced JSON for; a missing one means nothing was tested there.
     */
    private static final List<String> EXERCISED =
            List.of(
                    "containerState",
                    "containerStatus",
                    "componentState",
                    "heartbeat",
                    "controlStateSchema",
                    "controlEvents",
                    "controlStatistics",
                    "controlEStop",
                    "controlEStopTrip",
                    "controlEStopRequest",
                    "controlSupervisor",
                    "simObjects",
                    "simControl",
                    "driverHealth",
                    "mgmtStatus",
                    "mgmtBundlesList",
                    "mgmtConfigGet",
                    "mgmtFeaturesList",
                    "mgmtBundlesUninstall",
                    "reply");

    @TempDir static Path home;
    private final ContainerTopics topics = ContainerTopics.of(ID);
    private final LoopTopics hand = topics.loop("hand");
    private ConformanceCheck check;
    private ContainerProcess c;
    private Subscription recording;
    private JointCommandExample.Outcome example;

    @BeforeAll
    void start() throws Exception {
        check = new ConformanceCheck(AsyncApiDocument.load());
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand,heartbeat");
        // QoS 2, so every message arrives with the QoS it was published with.
        recording =
                c.observer()
                        .subscribe(topics.all(), Qos.EXACTLY_ONCE, check::record)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        c.awaitReady(WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        c.close();
    }

    /** The example of docs/control.md, run as a third party would: its own MQTT client. */
    @Test
    @Order(1)
    void theControlDocumentsExampleMovesAJoint() throws Exception {
        JsonNode driver =
                c.awaitMessage(topics.driverHealth("hand"), n -> n.path("joints").size() > 0, WAIT);
        JsonNode limits = JSON_MISSING;
        for (JsonNode j : driver.path("joints")) {
            if (j.path("name").asText().equals(JOINT)) {
                limits = j;
            }
        }
        assertThat(limits.isMissingNode()).as(JOINT + " in " + driver).isFalse();
        double min = limits.path("minPositionRad").asDouble();
        double max = limits.path("maxPositionRad").asDouble();
        int index = jointNames().indexOf(JOINT);
        double now = latestState().get(0, index);
        // A quarter of the range away from where it is, inside the range.
        double targetRad = now - min > max - now ? now - (max - min) / 4 : now + (max - min) / 4;

        ContainerProcess.Login login = c.operatorLogin();
        example =
                JointCommandExample.run(
                        c.brokerUrl,
                        hand,
                        c.operatorUser(),
                        login == null
                                ? null
                                : Files.readString(login.passwordFile()).trim().toCharArray(),
                        JOINT,
                        targetRad,
                        Duration.ofSeconds(3));
        assertThat(example.measuredRad())
                .as("%s after 3 s of commands to %.3f rad (from %.3f)", JOINT, targetRad, now)
                .isCloseTo(targetRad, org.assertj.core.data.Offset.offset(TOLERANCE_RAD));
        assertThat(example.lastSequence()).isGreaterThan(100);
    }

    /** Management through the CLI and as the test's own requests, one of them refused. */
    @Test
    @Order(2)
    void management() throws Exception {
        c.cliJson("status");
        c.cliJson("bundles");
        c.cliJson("config", "get", "armature.control~hand");
        c.cliJson("feature", "list");
        ContainerProcess.Result refused = c.cli("undeploy", "armature.no.such.bundle");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);

        exchange(topics.management(ManagementOperation.STATUS), "{}", "ok");
        exchange(topics.management(ManagementOperation.BUNDLES_LIST), "", "ok");
        exchange(
                topics.management(ManagementOperation.CONFIG_GET),
                "{\"pid\":\"armature.control~hand\"}",
                "ok");
        exchange(topics.management(ManagementOperation.FEATURES_LIST), "{}", "ok");
        exchange(
                topics.management(ManagementOperation.BUNDLES_UNINSTALL),
                "{\"bundle\":\"armature.no.such.bundle\"}",
                "error");
    }

    @Test
    @Order(3)
    void eStopTripAcknowledgeReset() throws Exception {
        String me = c.operatorUser();
        send(hand.eStopTrip(me), "{\"reason\":\"schema conformance\"}");
        awaitEStop("LATCHED");
        send(hand.eStopRequest(me), "{\"action\":\"acknowledge\"}");
        awaitEStop("ACKNOWLEDGED");
        send(hand.eStopRequest(me), "{\"action\":\"reset\"}");
        awaitEStop("CLEAR");
    }

    @Test
    @Order(4)
    void simulatorControl() throws Exception {
        SimTopics sim = topics.sim("hand");
        exchange(sim.control(SimTopics.Operation.STATUS), "", "ok");
        exchange(sim.control(SimTopics.Operation.SPEED), "{\"realTimeFactor\":1.0}", "ok");
    }

    /** A float32 command is applied; a duplicate and a malformed frame are counted. */
    @Test
    @Order(5)
    void float32DuplicateAndMalformedCommands() throws Exception {
        assertThat(example).as("the example ran first").isNotNull();
        FrameReader state = latestState();
        double[] hold = new double[state.elementsPerChannel()];
        state.copyChannel(0, hold, 0);
        long epoch = state.epoch();
        long applied = statistics(n -> true).path("supervisor").path("commandsApplied").asLong();
        long next = epoch == example.epoch() ? example.lastSequence() + 1 : 1;
        sendCommand(command(ElementType.FLOAT32, epoch, next, hold));
        statistics(n -> n.path("supervisor").path("commandsApplied").asLong() > applied);
        // Sequence 1 again: below the sender's floor, so a duplicate (counted, named on events).
        sendCommand(command(ElementType.FLOAT64, epoch, 1, hold));
        statistics(n -> n.path("supervisor").path("rejectedDuplicate").asLong() >= 1);
        byte[] garbage = "not a frame".getBytes(StandardCharsets.UTF_8);
        check.allowInvalid(garbage);
        sendCommand(garbage);
        statistics(n -> n.path("malformedCommandFrames").asLong() >= 1);
    }

    @Test
    @Order(100)
    void everyMessageOfTheRunMatchesItsChannelInTheAsyncApiDocument() throws Exception {
        c.awaitMessage(hand.supervisor(), n -> n.path("senders").has(c.operatorUser()), WAIT);
        // One more statistics window, so counters after the last command are checked too.
        long seen = check.count(hand.statistics());
        c.awaitMessage(hand.statistics(), n -> check.count(hand.statistics()) > seen, WAIT);
        recording.cancel();

        List<String> failures = check.check();
        System.out.println(
                "schema conformance: "
                        + check.size()
                        + " messages; JSON validated per channel "
                        + check.jsonValidated()
                        + "; frames decoded "
                        + check.framesDecoded()
                        + "; retained cleared "
                        + check.cleared());
        assertThat(failures).as("messages that do not match docs/asyncapi.yaml").isEmpty();
        assertThat(check.jsonValidated().keySet())
                .as("channels with validated JSON")
                .containsAll(EXERCISED);
        assertThat(check.framesDecoded()).containsKeys("controlState", "controlCommand");
    }

    private static final JsonNode JSON_MISSING = ContainerProcess.JSON.missingNode();

    /** A request as the test's operator; its reply must carry {@code status}. */
    private void exchange(String topic, String json, String status) throws Exception {
        Message.Builder b = Message.builder(topic).payload(json).qos(Qos.AT_LEAST_ONCE);
        if (!json.isEmpty()) {
            b.contentType(ContentTypes.JSON);
        }
        Message request = b.build();
        Message reply =
                c.observer()
                        .request(request, Duration.ofSeconds(15))
                        .toCompletableFuture()
                        .get(20, TimeUnit.SECONDS);
        assertThat(reply.userProperties())
                .as(topic + " -> " + reply.payloadAsString())
                .containsEntry(UserProperties.STATUS, status);
        check.recordExchange(request, reply);
    }

    private List<String> jointNames() throws Exception {
        JsonNode schema = c.awaitMessage(hand.stateSchema(), n -> n.has("elementNames"), WAIT);
        return ContainerProcess.JSON.convertValue(
                schema.path("elementNames"),
                ContainerProcess.JSON
                        .getTypeFactory()
                        .constructCollectionType(List.class, String.class));
    }

    private FrameReader latestState() throws Exception {
        CompletableFuture<byte[]> frame = new CompletableFuture<>();
        var sub =
                c.observer()
                        .subscribe(hand.state(), Qos.AT_MOST_ONCE, m -> frame.complete(m.payload()))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        try {
            return new FrameReader().wrap(frame.get(30, TimeUnit.SECONDS));
        } finally {
            sub.cancel();
        }
    }

    private static byte[] command(
            ElementType type, long epoch, long sequence, double[] targetsRad) {
        byte[] buffer = new byte[FrameFormat.HEADER_BYTES + 8 * targetsRad.length];
        int length =
                new FrameWriter()
                        .wrap(buffer, 0)
                        .begin(FrameKind.JOINT_COMMAND, type, 1, targetsRad.length)
                        .epoch(epoch)
                        .sequence(sequence)
                        .timestampNs(System.nanoTime())
                        .putChannel(targetsRad)
                        .finish();
        return Arrays.copyOf(buffer, length);
    }

    private void sendCommand(byte[] frame) {
        ContainerProcess.publish(
                c.observer(),
                Message.builder(hand.command(c.operatorUser()))
                        .payload(frame)
                        .contentType(ContentTypes.FRAME)
                        .userProperty(UserProperties.COMMAND_MODE, CommandMode.POSITION.wireName())
                        .expiry(Duration.ofSeconds(1))
                        .build());
    }

    private void send(String topic, String json) {
        ContainerProcess.publish(
                c.observer(),
                Message.builder(topic)
                        .payload(json)
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
    }

    private void awaitEStop(String state) throws Exception {
        c.awaitMessage(hand.eStop(), n -> state.equals(n.path("state").asText()), WAIT);
    }

    private JsonNode statistics(Predicate<JsonNode> test) throws Exception {
        return c.awaitMessage(hand.statistics(), test, WAIT);
    }
}
