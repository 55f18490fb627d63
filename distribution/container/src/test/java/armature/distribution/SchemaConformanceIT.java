package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.control.api.CommandContract;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published contract against the real thing: the distribution with its default features
 * (sim-hand, heartbeat) is driven through the CLI and MQTT (status, bundles, config, a refused
 * request, an e-stop trip / acknowledge / reset, simulator control, a command stream with a float32
 * frame, a duplicate and a malformed frame), everything under {@code armature/v1/<id>/} is
 * recorded, and every message is checked against docs/asyncapi.yaml by {@link ConformanceCheck}
 * with a JSON Schema validator. A topic without a channel fails; a payload that does not validate
 * is printed with its topic and the schema errors.
 */
class SchemaConformanceIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "conform";
    private static final int STREAMED = 25;

    /**
     * Channels the run must have produced JSON for; a missing one means the run tested nothing
     * there.
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

    @TempDir Path home;

    @Test
    void everyMessageOfARunMatchesItsChannelInTheAsyncApiDocument() throws Exception {
        Files.createSymbolicLink(
                home.resolve("examples"),
                AsyncApiDocument.REPO.resolve("examples").toAbsolutePath().normalize());
        int port = ContainerProcess.freePort();
        ContainerTopics topics = ContainerTopics.of(ID);
        LoopTopics hand = topics.loop("hand");
        ConformanceCheck check = new ConformanceCheck(AsyncApiDocument.load());
        try (ContainerProcess c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand,heartbeat")) {
            // QoS 2, so every message arrives with the QoS it was published with.
            var recording =
                    c.observer()
                            .subscribe(topics.all(), Qos.EXACTLY_ONCE, check::record)
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
            c.awaitReady(WAIT);

            manage(c, topics, check);
            eStopRoundTrip(c, hand);
            simControl(c, topics.sim("hand"), check);
            commandStream(c, hand);
            c.awaitMessage(hand.supervisor(), n -> n.path("senders").has(c.operatorUser()), WAIT);
            // One more statistics window, so counters after the last command are checked too.
            long seen = check.count(hand.statistics());
            c.awaitMessage(hand.statistics(), n -> check.count(hand.statistics()) > seen, WAIT);
            recording.cancel();
        }

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
        assertThat(check.framesDecoded()).containsKey("controlState");
    }

    /**
     * Management through the CLI (what an observer with the container's rights sees of it is
     * recorded) and as the test's own requests, one of them refused (an error reply).
     */
    private static void manage(ContainerProcess c, ContainerTopics topics, ConformanceCheck check)
            throws Exception {
        c.cliJson("status");
        c.cliJson("bundles");
        c.cliJson("config", "get", "armature.control~hand");
        c.cliJson("feature", "list");
        ContainerProcess.Result refused = c.cli("undeploy", "armature.no.such.bundle");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);

        exchange(c, check, topics.management(ManagementOperation.STATUS), "{}", "ok");
        exchange(c, check, topics.management(ManagementOperation.BUNDLES_LIST), "", "ok");
        exchange(
                c,
                check,
                topics.management(ManagementOperation.CONFIG_GET),
                "{\"pid\":\"armature.control~hand\"}",
                "ok");
        exchange(c, check, topics.management(ManagementOperation.FEATURES_LIST), "{}", "ok");
        exchange(
                c,
                check,
                topics.management(ManagementOperation.BUNDLES_UNINSTALL),
                "{\"bundle\":\"armature.no.such.bundle\"}",
                "error");
    }

    private static void eStopRoundTrip(ContainerProcess c, LoopTopics hand) throws Exception {
        String me = c.operatorUser();
        send(c, hand.eStopTrip(me), "{\"reason\":\"schema conformance\"}");
        awaitEStop(c, hand, "LATCHED");
        send(c, hand.eStopRequest(me), "{\"action\":\"acknowledge\"}");
        awaitEStop(c, hand, "ACKNOWLEDGED");
        send(c, hand.eStopRequest(me), "{\"action\":\"reset\"}");
        awaitEStop(c, hand, "CLEAR");
    }

    private static void simControl(ContainerProcess c, SimTopics sim, ConformanceCheck check)
            throws Exception {
        exchange(c, check, sim.control(SimTopics.Operation.STATUS), "", "ok");
        exchange(
                c, check, sim.control(SimTopics.Operation.SPEED), "{\"realTimeFactor\":1.0}", "ok");
    }

    /** A request as the test's operator; its reply must carry {@code status}. */
    private static void exchange(
            ContainerProcess c, ConformanceCheck check, String topic, String json, String status)
            throws Exception {
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

    /**
     * Holds the hand where it is with {@value #STREAMED} commands at the recommended rate (the last
     * one float32), then a duplicate and a malformed frame, and waits until the statistics count
     * all three kinds.
     */
    private static void commandStream(ContainerProcess c, LoopTopics hand) throws Exception {
        FrameReader state = latestState(c, hand);
        int joints = state.elementsPerChannel();
        double[] hold = new double[joints];
        state.copyChannel(0, hold, 0);
        long epoch = state.epoch();
        AtomicLong sequence = new AtomicLong();
        CompletableFuture<Void> streamed = new CompletableFuture<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleAtFixedRate(
                    () -> {
                        long seq = sequence.incrementAndGet();
                        if (seq <= STREAMED) {
                            ElementType type =
                                    seq == STREAMED ? ElementType.FLOAT32 : ElementType.FLOAT64;
                            sendCommand(c, hand, command(type, epoch, seq, hold));
                        } else {
                            streamed.complete(null);
                        }
                    },
                    0,
                    1000 / CommandContract.RECOMMENDED_COMMAND_RATE_HZ,
                    TimeUnit.MILLISECONDS);
            streamed.get(30, TimeUnit.SECONDS);
        } finally {
            timer.shutdownNow();
        }
        awaitStatistics(
                c,
                hand,
                n -> n.path("supervisor").path("commandsApplied").asLong() >= STREAMED - 5);
        // Sequence 1 again: below the sender's floor, so a duplicate (counted, named on events).
        sendCommand(c, hand, command(ElementType.FLOAT64, epoch, 1, hold));
        awaitStatistics(c, hand, n -> n.path("supervisor").path("rejectedDuplicate").asLong() >= 1);
        sendCommand(c, hand, "not a frame".getBytes(StandardCharsets.UTF_8));
        awaitStatistics(c, hand, n -> n.path("malformedCommandFrames").asLong() >= 1);
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

    private static void sendCommand(ContainerProcess c, LoopTopics hand, byte[] frame) {
        c.observer()
                .publish(
                        Message.builder(hand.command(c.operatorUser()))
                                .payload(frame)
                                .contentType(ContentTypes.FRAME)
                                .userProperty(
                                        UserProperties.COMMAND_MODE,
                                        CommandMode.POSITION.wireName())
                                .expiry(Duration.ofSeconds(1))
                                .build());
    }

    private static FrameReader latestState(ContainerProcess c, LoopTopics hand) throws Exception {
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

    private static void send(ContainerProcess c, String topic, String json) {
        ContainerProcess.publish(
                c.observer(),
                Message.builder(topic)
                        .payload(json)
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
    }

    private static void awaitEStop(ContainerProcess c, LoopTopics hand, String state)
            throws Exception {
        c.awaitMessage(hand.eStop(), n -> state.equals(n.path("state").asText()), WAIT);
    }

    private static void awaitStatistics(
            ContainerProcess c, LoopTopics hand, java.util.function.Predicate<JsonNode> test)
            throws Exception {
        c.awaitMessage(hand.statistics(), test, WAIT);
    }
}
