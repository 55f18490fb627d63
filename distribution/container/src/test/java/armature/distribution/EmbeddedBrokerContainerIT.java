package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution on its embedded HiveMQ broker, driven through the CLI, deploy/, config/ and
 * MQTT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedBrokerContainerIT {
    private static final Duration READY = Duration.ofSeconds(60);
    @TempDir static Path home;
    ContainerProcess container;
    final ContainerTopics topics = ContainerTopics.of("e2e");
    int port;
    final java.util.Set<String> topicsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() throws Exception {
        port = ContainerProcess.freePort();
        container =
                ContainerProcess.start(
                        home,
                        "e2e",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "heartbeat");
        container.awaitReady(READY);
        container
                .observer()
                .subscribe("#", Qos.AT_MOST_ONCE, m -> topicsSeen.add(m.topic()))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    @Test
    @Order(1)
    void statusNamesEveryBundleAndComponentAndSaysReady() throws Exception {
        JsonNode s = container.statusJson();
        assertThat(s.path("container").asText()).isEqualTo("e2e");
        assertThat(s.path("ready").asBoolean()).as(s.toPrettyString()).isTrue();
        assertThat(s.path("broker").asText()).isEqualTo("tcp://127.0.0.1:" + port);
        assertThat(ContainerProcess.component(s, "armature.bus.paho").path("state").asText())
                .isEqualTo("ACTIVE");
        assertThat(ContainerProcess.component(s, "armature.management").path("state").asText())
                .isEqualTo("ACTIVE");
        assertThat(
                        ContainerProcess.component(s, "armature.example.heartbeat")
                                .path("state")
                                .asText())
                .isEqualTo("ACTIVE");
        assertThat(s.path("features").toString()).contains("heartbeat");
        ContainerProcess.Result text = container.cli("status");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("ready: yes").contains("armature.management");
    }

    @Test
    @Order(2)
    void deployUpdateAndUndeployRestartOnlyTheSwappedBundle() throws Exception {
        Path greeter = Jars.example("armature.example.greeter");
        Path v1 = Jars.withVersion(greeter, home.resolve("greeter-1.0.1.jar"), "1.0.1");
        Path v2 = Jars.withVersion(greeter, home.resolve("greeter-1.0.2.jar"), "1.0.2");
        String versionTopic = "armature/v1/e2e/greeter/version";

        ContainerProcess.Result d1 = container.cli("deploy", v1.toString());
        assertThat(d1.exit()).as(d1.toString()).isZero();
        assertThat(d1.out()).contains("deployed armature.example.greeter 1.0.1: ACTIVE");
        container.awaitMessage(
                versionTopic, n -> n.path("version").asText().equals("1.0.1"), READY);

        JsonNode before = container.statusJson();
        long heartbeatId =
                ContainerProcess.component(before, "armature.example.heartbeat")
                        .path("id")
                        .asLong();
        long busId = ContainerProcess.component(before, "armature.bus.paho").path("id").asLong();

        ContainerProcess.Result d2 = container.cli("deploy", v2.toString());
        assertThat(d2.exit()).as(d2.toString()).isZero();
        container.awaitMessage(
                versionTopic, n -> n.path("version").asText().equals("1.0.2"), READY);

        JsonNode after = container.statusJson();
        // SCR numbers every activation; an unchanged id means the component was not restarted.
        assertThat(
                        ContainerProcess.component(after, "armature.example.heartbeat")
                                .path("id")
                                .asLong())
                .isEqualTo(heartbeatId);
        assertThat(ContainerProcess.component(after, "armature.bus.paho").path("id").asLong())
                .isEqualTo(busId);
        assertThat(
                        ContainerProcess.bundle(after, "armature.example.greeter")
                                .path("version")
                                .asText())
                .isEqualTo("1.0.2");
        assertThat(home.resolve("deploy/armature.example.greeter.jar")).exists();

        ContainerProcess.Result u = container.cli("undeploy", "armature.example.greeter");
        assertThat(u.exit()).as(u.toString()).isZero();
        assertThat(
                        ContainerProcess.bundle(container.statusJson(), "armature.example.greeter")
                                .isMissingNode())
                .isTrue();
        assertThat(home.resolve("deploy/armature.example.greeter.jar")).doesNotExist();
    }

    @Test
    @Order(3)
    void jarDroppedIntoDeployIsStartedAndRemovedWhenDeleted() throws Exception {
        Path jar =
                Jars.withVersion(
                        Jars.example("armature.example.greeter"), home.resolve("g.jar"), "2.0.0");
        Path target = home.resolve("deploy/greeter-by-hand.jar");
        Files.copy(jar, target);
        String stateTopic = "armature/v1/e2e/components/armature.example.greeter/state";
        container.awaitMessage(stateTopic, n -> n.path("state").asText().equals("ACTIVE"), READY);
        Files.delete(target);
        container.awaitMessage(stateTopic, JsonNode::isMissingNode, READY);
    }

    @Test
    @Order(4)
    void featuresInstallAndUninstallAtRuntime() throws Exception {
        ContainerProcess.Result list = container.cli("feature", "list");
        assertThat(list.out()).contains("[x] heartbeat").contains("[ ] greeter");
        assertThat(container.cli("feature", "install", "greeter").exit()).isZero();
        assertThat(
                        ContainerProcess.component(
                                        container.statusJson(), "armature.example.greeter")
                                .path("state")
                                .asText())
                .isEqualTo("ACTIVE");
        Path v9 =
                Jars.withVersion(
                        Jars.example("armature.example.greeter"), home.resolve("g9.jar"), "9.0.0");
        ContainerProcess.Result overFeature = container.cli("deploy", v9.toString());
        assertThat(overFeature.exit()).as(overFeature.toString()).isZero();
        JsonNode afterUpdate = container.statusJson();
        assertThat(
                        afterUpdate.path("bundles").findValues("symbolicName").stream()
                                .filter(n -> n.asText().equals("armature.example.greeter"))
                                .count())
                .as("updated in place, not installed twice")
                .isEqualTo(1);
        assertThat(
                        ContainerProcess.bundle(afterUpdate, "armature.example.greeter")
                                .path("version")
                                .asText())
                .isEqualTo("9.0.0");
        assertThat(container.cli("feature", "uninstall", "greeter").exit()).isZero();
        Path core =
                Jars.withVersion(
                        Jars.example("armature.example.greeter"),
                        home.resolve("core.jar"),
                        "1.0.0");
        Path fakeCore =
                Jars.withManifest(
                        core,
                        home.resolve("fake-core.jar"),
                        a -> a.putValue("Bundle-SymbolicName", "armature.bus.paho"));
        ContainerProcess.Result refused = container.cli("deploy", fakeCore.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("part of the container core");
        assertThat(
                        ContainerProcess.bundle(container.statusJson(), "armature.example.greeter")
                                .isMissingNode())
                .isTrue();

        ContainerProcess.Result unknown = container.cli("feature", "install", "warp-drive");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown feature 'warp-drive'").contains("heartbeat");
    }

    @Test
    @Order(5)
    void badBundlesAreRefusedWithTheReasonAndNothingElseMoves() throws Exception {
        long heartbeatId =
                ContainerProcess.component(container.statusJson(), "armature.example.heartbeat")
                        .path("id")
                        .asLong();

        Path garbage = Files.write(home.resolve("garbage.jar"), new byte[] {1, 2, 3, 4, 5});
        ContainerProcess.Result g = container.cli("deploy", garbage.toString());
        assertThat(g.exit()).isEqualTo(1);
        assertThat(g.err()).contains("not a bundle");

        Path unresolvable =
                Jars.withManifest(
                        Jars.example("armature.example.greeter"),
                        home.resolve("broken.jar"),
                        a -> {
                            a.putValue("Bundle-SymbolicName", "armature.example.broken");
                            a.putValue(
                                    "Import-Package",
                                    a.getValue("Import-Package") + ",org.nowhere.missing");
                        });
        ContainerProcess.Result u = container.cli("deploy", unresolvable.toString());
        assertThat(u.exit()).as(u.toString()).isEqualTo(1);
        assertThat(u.err())
                .contains("was not deployed: it does not resolve")
                .contains("org.nowhere.missing")
                .contains("nothing stays installed and deploy/ holds no copy");
        JsonNode s = container.statusJson();
        assertThat(ContainerProcess.bundle(s, "armature.example.broken").isMissingNode()).isTrue();
        assertThat(s.path("ready").asBoolean()).as(s.toPrettyString()).isTrue();
        assertThat(home.resolve("deploy/armature.example.broken.jar")).doesNotExist();

        assertThat(
                        ContainerProcess.component(
                                        container.statusJson(), "armature.example.heartbeat")
                                .path("id")
                                .asLong())
                .isEqualTo(heartbeatId);
    }

    @Test
    @Order(6)
    void managementAnswersWithoutATokenAndRefusesMalformedRequestsAndGarbage() throws Exception {
        var bus = container.observer();
        // The tester is an operator: no token, the broker vouches for it.
        Message noToken = Message.builder(topics.management(ManagementOperation.STATUS)).build();
        Message r1 =
                bus.request(noToken, Duration.ofSeconds(10))
                        .toCompletableFuture()
                        .get(15, TimeUnit.SECONDS);
        assertThat(r1.userProperty(BusProperties.STATUS_PROPERTY)).hasValue("ok");

        Message malformed =
                Message.builder(topics.management(ManagementOperation.CONFIG_GET))
                        .payload("{not json")
                        .contentType(ContentTypes.JSON)
                        .build();
        Message r2 =
                bus.request(malformed, Duration.ofSeconds(10))
                        .toCompletableFuture()
                        .get(15, TimeUnit.SECONDS);
        assertThat(r2.payloadAsString()).contains("malformed request");

        Message unknownOp = Message.builder(topics.managementPrefix() + "reboot-universe").build();
        Message r3 =
                bus.request(unknownOp, Duration.ofSeconds(10))
                        .toCompletableFuture()
                        .get(15, TimeUnit.SECONDS);
        assertThat(r3.payloadAsString()).contains("unknown management operation 'reboot-universe'");

        Message oversized =
                Message.builder(topics.management(ManagementOperation.BUNDLES_INSTALL))
                        .payload(new byte[64 * 1024 * 1024 + 1])
                        .qos(Qos.AT_LEAST_ONCE)
                        .contentType(ContentTypes.OCTETS)
                        .build();
        // 64 MiB through the broker twice takes tens of seconds on a busy machine.
        Message r4 =
                bus.request(oversized, Duration.ofSeconds(90))
                        .toCompletableFuture()
                        .get(100, TimeUnit.SECONDS);
        assertThat(r4.payloadAsString()).contains("67108865 bytes; the limit is 67108864");

        ContainerProcess.publish(
                bus,
                Message.builder(topics.management(ManagementOperation.STATUS))
                        .payload(new byte[] {(byte) 0xFF, 0})
                        .qos(Qos.AT_MOST_ONCE)
                        .build());
        // The CLI has no --token any more (the broker authorises management requests).
        ContainerProcess.Result tokenOption = container.cli("status", "--token", "x");
        assertThat(tokenOption.exit()).isEqualTo(2);
        assertThat(tokenOption.err()).contains("unknown option --token");
        assertThat(container.statusJson().path("ready").asBoolean()).isTrue();

        // Garbage is answered every time but logged once per interval, with the repeats counted.
        for (int i = 0; i < 20; i++) {
            Message r =
                    bus.request(malformed, Duration.ofSeconds(10))
                            .toCompletableFuture()
                            .get(15, TimeUnit.SECONDS);
            assertThat(r.payloadAsString()).contains("malformed request");
        }
        long end = System.nanoTime() + READY.toNanos();
        while (!container.log().contains("not logged one by one") && System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        assertThat(container.log()).contains("not logged one by one");
        assertThat(container.log().lines().filter(l -> l.contains("refused management request")))
                .as("23 refusals of garbage")
                .hasSizeLessThan(5);

        // A wrong password never reaches management: the broker refuses the login.
        Path wrong = Files.writeString(home.resolve("wrong.password"), "not-the-password\n");
        ContainerProcess.Result refused =
                container.cli(
                        "status",
                        "--timeout",
                        "3",
                        "--broker-user",
                        ContainerProcess.TESTER,
                        "--broker-password-file",
                        wrong.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err())
                .contains("refused the login of user '" + ContainerProcess.TESTER + "'")
                .contains("check --broker-user and --broker-password-file");
        assertThat(container.statusJson().path("ready").asBoolean()).isTrue();
        assertThat(container.log()).contains("broker refused login by 'tester'");
    }

    @Test
    @Order(7)
    void configurationChangesApplyLiveAndInvalidValuesAreNamed() throws Exception {
        ContainerProcess.Result bad =
                container.cli("config", "set", "armature.example.heartbeat", "periodMillis=5");
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.err())
                .contains(
                        "configuration key 'periodMillis' = '5' is not allowed for"
                                + " armature.example.heartbeat; allowed: 10 to 60000");
        // Refused before anything was applied: the heartbeat keeps running and nothing is written.
        assertThat(container.statusJson().path("ready").asBoolean()).isTrue();
        assertThat(home.resolve("config/armature.example.heartbeat.config")).doesNotExist();

        ContainerProcess.Result good =
                container.cli("config", "set", "armature.example.heartbeat", "periodMillis=250");
        assertThat(good.exit()).as(good.toString()).isZero();
        container.awaitMessage("armature/v1/e2e/status", n -> n.path("ready").asBoolean(), READY);
        container.awaitMessage(
                "armature/v1/e2e/heartbeat", n -> n.path("periodMillis").asLong() == 250, READY);
        // config set writes Felix's typed format and keeps the key's type (the feature's long).
        assertThat(home.resolve("config/armature.example.heartbeat.config"))
                .content()
                .contains("periodMillis=L\"250\"");

        // A file edited by hand is applied too.
        Files.writeString(
                home.resolve("config/armature.example.heartbeat.config"),
                "periodMillis=L\"300\"\n");
        container.awaitMessage(
                "armature/v1/e2e/heartbeat", n -> n.path("periodMillis").asLong() == 300, READY);
        assertThat(container.cli("config", "get", "armature.example.heartbeat").out())
                .contains("periodMillis = 300");
    }

    @Test
    @Order(8)
    void aSecondContainerOnTheSamePortIsAClearError() throws Exception {
        try (ContainerProcess twin =
                ContainerProcess.start(
                        home.resolve("twin"),
                        "twin",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port))) {
            assertThat(twin.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
            assertThat(twin.log()).contains("port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    @Order(9)
    void twoContainersShareOneBroker() throws Exception {
        // The second container logs in to the first one's broker with a container credential.
        ContainerProcess.Login second = container.createCredential("second", "container");
        try (ContainerProcess c2 =
                ContainerProcess.start(
                        home.resolve("second"),
                        "second",
                        "tcp://127.0.0.1:" + port,
                        "--broker",
                        "tcp://127.0.0.1:" + port,
                        "--broker-user",
                        "second",
                        "--broker-password-file",
                        second.passwordFile().toString(),
                        "--features",
                        "greeter")) {
            c2.loginAs(container.operatorLogin());
            c2.awaitReady(READY);
            assertThat(c2.statusJson().path("container").asText()).isEqualTo("second");
            assertThat(
                            ContainerProcess.component(c2.statusJson(), "armature.example.greeter")
                                    .path("state")
                                    .asText())
                    .isEqualTo("ACTIVE");
            assertThat(
                            ContainerProcess.component(
                                            container.statusJson(), "armature.example.greeter")
                                    .isMissingNode())
                    .isTrue();
        }
    }

    @Test
    @Order(100)
    void everyTopicOnTheBusIsInTheAsyncApiDocument() throws Exception {
        AsyncApiChannels doc =
                new AsyncApiChannels(
                        Path.of(System.getProperty("armature.repo", "../.."))
                                .resolve("docs/asyncapi.yaml"));
        assertThat(topicsSeen).as("topics recorded during this class").isNotEmpty();
        assertThat(topicsSeen)
                .allSatisfy(
                        t ->
                                assertThat(doc.documents(t))
                                        .as(
                                                "'"
                                                        + t
                                                        + "' is documented in docs/asyncapi.yaml "
                                                        + doc.addresses())
                                        .isTrue());
    }
}
