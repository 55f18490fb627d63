package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.SimTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's embedded broker as a hostile client on the same machine meets it: no login, an
 * observer trying to command, trip, reset and pause, a {@code #} sniffer trying to learn how to
 * manage, and a second container with the same id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BAD_LOGIN = 0x86;
    @TempDir static Path home;
    private ContainerProcess c;
    private final ContainerTopics acc = ContainerTopics.of("acc");
    private final LoopTopics hand = acc.loop("hand");
    private final SimTopics sim = acc.sim("hand");

    @BeforeAll
    void start() throws Exception {
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        c =
                ContainerProcess.start(
                        home,
                        "acc",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--ws-port",
                        "0",
                        "--features",
                        "sim-hand,heartbeat");
        c.awaitReady(WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        c.close();
    }

    @Test
    @Order(1)
    void secretsLiveOwnerOnlyAndTheStoreHoldsNoPassword() throws Exception {
        Path runtime = home.resolve("runtime/acc");
        for (String f : List.of("access.json", "cli.password")) {
            assertThat(
                            PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(runtime.resolve(f))))
                    .as(f)
                    .isEqualTo("rw-------");
        }
        String cliPassword = Files.readString(runtime.resolve("cli.password")).trim();
        assertThat(Files.readString(runtime.resolve("access.json")))
                .contains("\"cli\"")
                .contains("PBKDF2WithHmacSHA256")
                .doesNotContain(cliPassword);
        assertThat(runtime.resolve("mgmt.token")).doesNotExist();
        // The CLI logged in by itself, as the local operator.
        ContainerProcess.Result list = c.cli("access", "list", "--json");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out())
                .contains("\"cli\"")
                .contains("\"tester\"")
                .doesNotContain(cliPassword);
    }

    @Test
    @Order(2)
    void clientsWithoutALoginAreRefusedAtConnect() throws Exception {
        assertThatThrownBy(() -> c.raw(null, "intruder"))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        Path wrong = Files.writeString(home.resolve("wrong.pw"), "guess\n");
        assertThatThrownBy(
                        () -> c.raw(new ContainerProcess.Login("tester", wrong, null), "guesser"))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
        // Not even as the container itself: its password is made at each start, never stored.
        assertThatThrownBy(() -> c.raw(new ContainerProcess.Login("acc", wrong, null), "acc-fake"))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
        JsonNode broker = brokerStatistics();
        assertThat(broker.at("/refusedByUser/anonymous/connect").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(broker.at("/refusedByUser/tester/connect").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(c.log()).contains("broker refused login by 'anonymous'");
    }

    @Test
    @Order(3)
    void anObserverCannotCommandResetOrPauseAndNothingReachesTheLoop() throws Exception {
        ContainerProcess.Login watcher = c.createCredential("watcher", "observer");
        PahoMessageBusRef tester = new PahoMessageBusRef(c);
        long before = malformedAfter(tester, -1);

        // Each refused publish is answered NOT_AUTHORIZED and the client is disconnected.
        List<String> refused =
                List.of(
                        hand.command("watcher"),
                        hand.eStopRequest("watcher"),
                        sim.control(SimTopics.Operation.PAUSE),
                        // Impersonating the operator is refused the same way.
                        hand.command("tester"));
        int n = 0;
        for (String topic : refused) {
            try (RawMqttClient w = c.raw(watcher, "watcher-" + n++)) {
                w.publish(topic, "{\"action\":\"RESET\",\"garbage\":true}", false);
                assertThat(w.disconnectedWith.get(10, TimeUnit.SECONDS))
                        .as("refusal of " + topic)
                        .isEqualTo(NOT_AUTHORIZED);
            }
        }
        // The loop saw exactly one more malformed command: the operator's own, sent after them.
        assertThat(malformedAfter(tester, before)).isEqualTo(before + 1);
        JsonNode sim = tester.request(this.sim.control(SimTopics.Operation.STATUS));
        assertThat(sim.path("paused").asBoolean()).as(sim.toString()).isFalse();
        JsonNode broker = brokerStatistics();
        assertThat(broker.at("/refusedByUser/watcher/publish").asLong()).isEqualTo(refused.size());
        assertThat(c.log()).contains("broker refused publish by 'watcher'");
    }

    @Test
    @Order(4)
    void aWildcardObserverLearnsNothingThatLetsItManage() throws Exception {
        ContainerProcess.Login sniffer = c.createCredential("sniffer", "observer");
        RawMqttClient s = c.raw(sniffer, "sniffer-client");
        try {
            assertThat(s.subscribe("#")).isEqualTo(1);
            // Management traffic of the CLI and of the harness while the sniffer listens.
            assertThat(c.cli("status").exit()).isZero();
            assertThat(c.cli("bundles").exit()).isZero();
            PahoMessageBusRef tester = new PahoMessageBusRef(c);
            tester.request(acc.management(ManagementOperation.STATUS));
            // A marker the sniffer may see, sent after all of it by the same operator.
            String marker = sim.control(SimTopics.Operation.STATUS);
            tester.request(marker);
            List<RawMqttClient.Received> seen = new ArrayList<>();
            while (seen.stream().noneMatch(r -> r.topic().equals(marker))) {
                RawMqttClient.Received r = s.received.poll(30, TimeUnit.SECONDS);
                assertThat(r).as("the sniffer receives the marker").isNotNull();
                seen.add(r);
            }
            assertThat(seen).anyMatch(r -> r.topic().equals(hand.state()));
            assertThat(seen)
                    .noneMatch(r -> r.topic().contains("/mgmt/") || r.topic().contains("/reply/"));
            assertThat(seen).noneMatch(r -> r.userProperties().contains("armature-token"));
            assertThat(brokerStatistics().at("/refusedByUser/sniffer/delivery").asLong())
                    .isGreaterThanOrEqualTo(4);

            // Its own management request is refused by the broker: no reply, no effect.
            s.publish(acc.management(ManagementOperation.BUNDLES_LIST), "{}", false);
            assertThat(s.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
            assertThat(brokerStatistics().at("/refusedByUser/sniffer/publish").asLong())
                    .isEqualTo(1);
        } finally {
            s.close();
        }
    }

    @Test
    @Order(5)
    void removingACredentialEndsItsSessionsAndConcurrentAddsLoseNothing() throws Exception {
        ContainerProcess.Login leaving = c.createCredential("leaving", "observer");
        RawMqttClient l = c.raw(leaving, "leaving-client");
        assertThat(c.cli("access", "remove", "leaving").exit()).isZero();
        assertThat(l.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        l.close();

        List<CompletableFuture<ContainerProcess.Result>> adds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "parallel" + i;
            adds.add(
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return c.cli("access", "add", name, "--role", "observer");
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }));
        }
        for (var f : adds) {
            assertThat(f.get(90, TimeUnit.SECONDS).exit()).isZero();
        }
        JsonNode list = ContainerProcess.JSON.readTree(c.cli("access", "list", "--json").out());
        assertThat(list.findValuesAsText("name"))
                .contains("parallel0", "parallel1", "parallel2", "parallel3", "cli", "tester")
                .doesNotContain("leaving");
    }

    @Test
    @Order(6)
    void aSecondContainerWithTheSameIdIsRefusedWithOneLine() throws Exception {
        try (ContainerProcess twin =
                ContainerProcess.start(
                        home,
                        "acc",
                        c.brokerUrl,
                        "--port",
                        Integer.toString(ContainerProcess.freePort()))) {
            assertThat(twin.awaitExit(Duration.ofSeconds(60))).isEqualTo(4);
            assertThat(twin.log())
                    .contains("armature: container 'acc' is already running from " + home)
                    .doesNotContain("embedded MQTT 5 broker listening");
        }
        // Same id from another home, on this container's broker: its retained state says online.
        ContainerProcess.Login other = c.createCredential("acc-twin", "container");
        try (ContainerProcess twin =
                ContainerProcess.start(
                        home.resolve("elsewhere"),
                        "acc",
                        c.brokerUrl,
                        "--broker",
                        c.brokerUrl,
                        "--broker-user",
                        "acc-twin",
                        "--broker-password-file",
                        other.passwordFile().toString())) {
            assertThat(twin.awaitExit(Duration.ofSeconds(60))).isEqualTo(4);
            assertThat(twin.log()).contains("container 'acc' is already online on " + c.brokerUrl);
        }
        assertThat(c.isAlive()).isTrue();
        assertThat(c.statusJson().path("ready").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void mqttOverWebSocketHasTheSameLoginsAndRights() throws Exception {
        String ws = c.statusJson().path("mqttWebSocket").asText();
        assertThat(ws).matches("ws://127\\.0\\.0\\.1:[0-9]+/mqtt");
        assertThat(c.log()).contains("mqttWebSocket: " + ws);
        assertThatThrownBy(() -> RawMqttClient.connect(ws, "ws-intruder", null, null, null))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        ContainerProcess.Login page = c.createCredential("ws-page", "observer");
        char[] pw = Files.readString(page.passwordFile()).trim().toCharArray();
        try (RawMqttClient p = RawMqttClient.connect(ws, "ws-page-client", "ws-page", pw, null)) {
            // The simulated hand's 500 Hz joint frames reach a WebSocket observer.
            assertThat(p.subscribe(hand.state())).isEqualTo(1);
            RawMqttClient.Received frame = p.received.poll(30, TimeUnit.SECONDS);
            assertThat(frame).isNotNull();
            assertThat(frame.topic()).isEqualTo(hand.state());
            // And an observer over WebSocket cannot command, as over TCP.
            p.publish(hand.command("ws-page"), "{}", false);
            assertThat(p.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(brokerStatistics().at("/refusedByUser/ws-page/publish").asLong()).isEqualTo(1);
    }

    /** The broker statistics in status (see docs/security.md). */
    private JsonNode brokerStatistics() throws Exception {
        JsonNode s = c.statusJson();
        JsonNode b = s.path("broker").isObject() ? s.path("broker") : s.path("brokerStatistics");
        assertThat(b.path("accessControl").asBoolean()).as(s.toString()).isTrue();
        return b;
    }

    /**
     * Publishes one garbage command frame as the operator and waits until the loop's statistics
     * count it; returns the count.
     */
    private long malformedAfter(PahoMessageBusRef tester, long before) throws Exception {
        long floor =
                before >= 0
                        ? before
                        : c.awaitMessage(
                                        hand.statistics(),
                                        n -> n.has("malformedCommandFrames"),
                                        WAIT)
                                .path("malformedCommandFrames")
                                .asLong();
        ContainerProcess.publish(
                tester.bus,
                Message.builder(hand.command(c.operatorUser()))
                        .payload(new byte[] {1, 2, 3})
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
        JsonNode after =
                c.awaitMessage(
                        hand.statistics(),
                        n -> n.path("malformedCommandFrames").asLong() > floor,
                        WAIT);
        // One more statistics round: nothing else arrives late.
        long seen = after.path("malformedCommandFrames").asLong();
        long ticks = after.path("supervisor").path("ticks").asLong();
        JsonNode next =
                c.awaitMessage(
                        hand.statistics(),
                        n -> n.path("supervisor").path("ticks").asLong() > ticks,
                        WAIT);
        assertThat(next.path("malformedCommandFrames").asLong()).isEqualTo(seen);
        return seen;
    }

    /** The harness operator's bus with a request helper. */
    private static final class PahoMessageBusRef {
        final armature.bus.paho.PahoMessageBus bus;

        PahoMessageBusRef(ContainerProcess c) {
            this.bus = c.observer();
        }

        JsonNode request(String topic) throws Exception {
            Message reply =
                    bus.request(
                                    Message.builder(topic).payload("{}").build(),
                                    Duration.ofSeconds(10))
                            .toCompletableFuture()
                            .get(15, TimeUnit.SECONDS);
            return ContainerProcess.JSON.readTree(reply.payload());
        }
    }
}
