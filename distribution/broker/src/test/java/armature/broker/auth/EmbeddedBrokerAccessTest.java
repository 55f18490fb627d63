package armature.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import armature.broker.EmbeddedBroker;
import armature.broker.access.CredentialStore;
import armature.broker.access.Secrets;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.Role;
import armature.control.api.SimTopics;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real embedded HiveMQ broker with its access extension, driven by real MQTT 5 clients over TCP
 * and over its WebSocket listener ({@code ws://}, the same logins and rights, loopback only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerAccessTest {
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BAD_LOGIN = 0x86;
    private static final int CLIENT_ID_NOT_VALID = 0x85;

    @TempDir static Path dir;
    private final ContainerTopics robot = ContainerTopics.of("robot");
    private final LoopTopics hand = robot.loop("hand");
    private final char[] containerSecret = Secrets.generate();
    private CredentialStore store;
    private AccessExtension access;
    private EmbeddedBroker broker;
    private final List<MqttTestClient> clients = new ArrayList<>();

    @BeforeAll
    void start() {
        store = CredentialStore.in(dir.resolve("runtime"), "robot");
        access = new AccessExtension("robot", containerSecret, store);
        broker = new EmbeddedBroker(0, dir.resolve("broker"), access).withWebSocket(0);
        broker.start();
    }

    @AfterAll
    void stop() throws Exception {
        for (MqttTestClient c : clients) {
            try {
                c.close();
            } catch (MqttException alreadyGone) {
                // disconnected by the broker
            }
        }
        broker.close();
    }

    private MqttTestClient login(String clientId, String user, char[] password) throws Exception {
        return login(broker.url(), clientId, user, password);
    }

    private MqttTestClient login(String url, String clientId, String user, char[] password)
            throws Exception {
        MqttTestClient c = MqttTestClient.connect(url, clientId, user, password, null);
        clients.add(c);
        return c;
    }

    private MqttTestClient container(String client) throws Exception {
        return login("armature-robot-" + client, "robot", containerSecret);
    }

    private long refused(Refusals.Reason r, String user) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Long>> byUser =
                (Map<String, Map<String, Long>>) broker.statistics().get("refusedByUser");
        return byUser.getOrDefault(user, Map.of()).getOrDefault(r.name().toLowerCase(), 0L);
    }

    @Test
    void clientsWithoutUserNameOrWithAWrongPasswordAreRefusedAtConnectAndCounted() {
        store.add("tester", Role.OBSERVER);
        long before = (Long) ((Map<?, ?>) broker.statistics().get("refused")).get("connect");
        assertThatThrownBy(() -> login("anon", null, null))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        assertThatThrownBy(() -> login("guess", "tester", "wrong".toCharArray()))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
        assertThatThrownBy(() -> login("guess2", "robot", "wrong".toCharArray()))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
        assertThat((Long) ((Map<?, ?>) broker.statistics().get("refused")).get("connect"))
                .isEqualTo(before + 3);
        assertThat(refused(Refusals.Reason.CONNECT, "anonymous")).isGreaterThanOrEqualTo(1);
        assertThat(refused(Refusals.Reason.CONNECT, "tester")).isEqualTo(1);
    }

    @Test
    void anObserverCannotCommandTheRobotAndIsCountedAndDisconnected() throws Exception {
        char[] pw = store.add("watch1", Role.OBSERVER);
        MqttTestClient loop = container("loop1");
        assertThat(loop.subscribe(hand.base() + "/#")).isEqualTo(1);
        MqttTestClient watch = login("watch1-client", "watch1", pw);
        watch.publish(hand.command("watch1"), "go", false);
        assertThat(watch.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        assertThat(refused(Refusals.Reason.PUBLISH, "watch1")).isEqualTo(1);

        // The loop saw nothing of it: the next thing it gets is an operator's command.
        char[] op = store.add("op1", Role.OPERATOR);
        MqttTestClient operator = login("op1-client", "op1", op);
        operator.publish(hand.command("op1"), "first", false);
        assertNextMessageOn(loop, hand.command("op1"));
    }

    /** The next message {@code client} receives (within 10 s) is on {@code topic}. */
    private static void assertNextMessageOn(MqttTestClient client, String topic)
            throws InterruptedException {
        MqttTestClient.Received r = client.received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a message on " + topic).isNotNull();
        assertThat(r.topic()).isEqualTo(topic);
    }

    @Test
    void anOperatorActsOnlyUnderItsOwnNameAndNeverRetains() throws Exception {
        char[] op = store.add("op2", Role.OPERATOR);
        MqttTestClient a = login("op2-a", "op2", op);
        a.publish(hand.command("someone-else"), "x", false);
        assertThat(a.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        MqttTestClient b = login("op2-b", "op2", op);
        b.publish(hand.eStopRequest("op2"), "{}", true);
        assertThat(b.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        assertThat(refused(Refusals.Reason.PUBLISH, "op2")).isEqualTo(2);
    }

    @Test
    void aWildcardObserverNeverSeesManagementOrRepliesAndCannotManage() throws Exception {
        char[] op = store.add("op3", Role.OPERATOR);
        char[] w = store.add("sniff", Role.OBSERVER);
        MqttTestClient mgmt = container("mgmt3");
        assertThat(mgmt.subscribe(robot.managementFilter())).isEqualTo(1);
        MqttTestClient sniffer = login("sniff-client", "sniff", w);
        assertThat(sniffer.subscribe("#")).isEqualTo(1);
        assertThat(sniffer.subscribe("homie/#")).isEqualTo(NOT_AUTHORIZED);
        MqttTestClient operator = login("op3-client", "op3", op);
        assertThat(operator.subscribe(robot.replyPrefix() + "op3/#")).isEqualTo(1);
        assertThat(operator.subscribe(robot.replyPrefix() + "sniff/#")).isEqualTo(1);

        String request = robot.management(ManagementOperation.STATUS);
        operator.publish(request, "{}", false);
        assertNextMessageOn(mgmt, request);
        String reply = robot.reply("op3", "cli-1");
        mgmt.publish(reply, "{\"ready\":true}", false);
        assertNextMessageOn(operator, reply);

        // Markers after the request (same publisher) and after the reply (same publisher).
        String opMarker = robot.sim("hand").control(SimTopics.Operation.STATUS);
        operator.publish(opMarker, "{}", false);
        mgmt.publish(robot.status(), "{\"marker\":true}", false);
        List<String> seen = new ArrayList<>();
        while (!(seen.contains(opMarker) && seen.contains(robot.status()))) {
            MqttTestClient.Received r = sniffer.received.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("sniffer receives the markers; saw " + seen).isNotNull();
            seen.add(r.topic());
        }
        assertThat(seen).noneMatch(t -> t.contains("/mgmt/") || t.contains("/reply/"));
        assertThat(refused(Refusals.Reason.DELIVERY, "sniff")).isGreaterThanOrEqualTo(2);
        // Its "reply" subscription as an operator of another name yields nothing either.
        assertThat(operator.received).isEmpty();

        // Managing is refused at the broker; the container never sees the request.
        sniffer.publish(robot.management(ManagementOperation.BUNDLES_LIST), "{}", false);
        assertThat(sniffer.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        operator.publish(request, "{\"after\":true}", false);
        assertThat(mgmt.received.poll(10, TimeUnit.SECONDS).payload()).contains("after");
    }

    /**
     * A device retaining on ever new topics under its own tree would fill the container's heap: the
     * 257th retained topic is refused (and the device dropped), the others stay, and clearing one
     * makes room for another.
     */
    @Test
    void aDeviceHoldsAtMost256RetainedTopicsAndMayFreeOne() throws Exception {
        char[] pw = store.add("flood", Role.DEVICE);
        String base = robot.sensorDevice("flood");
        MqttTestClient d = login("flood-client", "flood", pw);
        for (int i = 0; i < RetainedQuota.MAX_TOPICS; i++) {
            d.publish(base + "/t" + i, "x" + i, true);
        }
        d.publish(base + "/too-many", "x", true);
        // HiveMQ drops a client whose QoS 0 publish was refused with NOT_AUTHORIZED, whatever the
        // reason code the authorizer gave (QUOTA_EXCEEDED, with the reason string, for QoS 1)
        assertThat(d.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        assertThat(refused(Refusals.Reason.PUBLISH, "flood")).isEqualTo(1);
        assertThat(retainedUnder(base, "flood-reader-1"))
                .hasSize(RetainedQuota.MAX_TOPICS)
                .doesNotContain(base + "/too-many");

        MqttTestClient again = login("flood-client-2", "flood", pw);
        again.publish(base + "/t0", "", true);
        again.publish(base + "/room", "x", true);
        assertThat(retainedUnder(base, "flood-reader-2"))
                .hasSize(RetainedQuota.MAX_TOPICS)
                .contains(base + "/room")
                .doesNotContain(base + "/t0");
        assertThat(again.disconnectedWith).isNotDone();
        assertThat(refused(Refusals.Reason.PUBLISH, "flood")).isEqualTo(1);
    }

    /**
     * The retained topics under {@code base}: a new subscription gets them first, then a marker the
     * container publishes after subscribing (one subscription delivers in order).
     */
    private java.util.Set<String> retainedUnder(String base, String client) throws Exception {
        MqttTestClient reader = container(client);
        assertThat(reader.subscribe(base + "/#")).isEqualTo(1);
        MqttTestClient marker = container(client + "-marker");
        marker.publish(base + "/marker", "end", false);
        java.util.Set<String> topics = new java.util.TreeSet<>();
        for (MqttTestClient.Received r; ; ) {
            r = reader.received.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("the marker after " + topics.size() + " retained").isNotNull();
            if (r.topic().equals(base + "/marker")) {
                return topics;
            }
            topics.add(r.topic());
        }
    }

    @Test
    void theContainersRetainedLastWillStillReachesReaders() throws Exception {
        MqttTestClient bus =
                MqttTestClient.connect(
                        broker.url(),
                        "armature-robot-willbus",
                        "robot",
                        containerSecret,
                        new MqttTestClient.Will(robot.state(), "{\"state\":\"offline\"}"));
        bus.publish(robot.state(), "{\"state\":\"online\"}", true);
        char[] w = store.add("watch5", Role.OBSERVER);
        MqttTestClient reader = login("watch5-client", "watch5", w);
        reader.subscribe(robot.state());
        assertThat(reader.received.poll(10, TimeUnit.SECONDS).payload()).contains("online");
        bus.crash();
        MqttTestClient.Received will = reader.received.poll(10, TimeUnit.SECONDS);
        assertThat(will).isNotNull();
        assertThat(will.payload()).contains("offline");
        bus.client.close(true);
        // A new reader gets it retained.
        MqttTestClient late = login("watch5-late", "watch5", w);
        late.subscribe(robot.state());
        MqttTestClient.Received retained = late.received.poll(10, TimeUnit.SECONDS);
        assertThat(retained.payload()).contains("offline");
        assertThat(retained.retained()).isTrue();
    }

    @Test
    void aRemovedCredentialsSessionsAreDisconnectedWithinASecond() throws Exception {
        char[] pw = store.add("leaving", Role.OBSERVER);
        MqttTestClient c = login("leaving-client", "leaving", pw);
        long t0 = System.nanoTime();
        store.remove("leaving");
        assertThat(c.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1500);
        assertThatThrownBy(() -> login("leaving-again", "leaving", pw))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
    }

    @Test
    void anotherUserCannotTakeOverTheContainersClientId() throws Exception {
        MqttTestClient bus = container("bus7");
        char[] pw = store.add("watch7", Role.OBSERVER);
        assertThatThrownBy(() -> login("armature-robot-bus7", "watch7", pw))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(CLIENT_ID_NOT_VALID));
        assertThat(bus.client.isConnected()).isTrue();
    }

    @Test
    void aDeviceCannotSquatAnotherUsersClientIds() throws Exception {
        char[] evil = store.add("evil9", Role.DEVICE);
        char[] thermo = store.add("thermo9", Role.DEVICE);
        // the container's own user name ("robot") counts too
        for (String id : new String[] {"thermo9-descriptor", "thermo9", "robot", "robot-x"}) {
            assertThatThrownBy(() -> login(id, "evil9", evil))
                    .as(id)
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode()).isEqualTo(CLIENT_ID_NOT_VALID));
        }
        assertThat(login("thermo9-descriptor", "thermo9", thermo).client.isConnected()).isTrue();
        assertThat(login("mosq-8GkT2", "evil9", evil).client.isConnected())
                .as("any other id, as mosquitto_pub picks one")
                .isTrue();
        assertThat(refused(Refusals.Reason.CONNECT, "evil9")).isEqualTo(4);
    }

    @Test
    void aPacketPastManagementsLargestRequestIsRefused() throws Exception {
        char[] pw = store.add("big9", Role.DEVICE);
        MqttTestClient big = login("big9-1", "big9", pw);
        String topic = robot.sensor("big9").samples();
        big.client.publish(
                topic, new org.eclipse.paho.mqttv5.common.MqttMessage(new byte[1 << 20]));
        byte[] tooLarge = new byte[EmbeddedBroker.MAX_PACKET_BYTES + 1];
        boolean refused;
        try {
            big.client.publish(topic, new org.eclipse.paho.mqttv5.common.MqttMessage(tooLarge));
            // sent: the broker disconnects it (0x95 Packet too large)
            refused = big.disconnectedWith.get(10, TimeUnit.SECONDS) != null;
        } catch (MqttException e) {
            refused = true; // Paho read the broker's maximum packet size from its CONNACK
        }
        assertThat(refused).isTrue();
    }

    @Test
    void aContainersStrayPublishIsDroppedAndCountedWithoutDisconnectingIt() throws Exception {
        MqttTestClient bus = container("stray");
        char[] w = store.add("watch8", Role.OBSERVER);
        MqttTestClient reader = login("watch8-client", "watch8", w);
        String elsewhere = ContainerTopics.of("other").status();
        assertThat(reader.subscribe(elsewhere)).isEqualTo(1);
        assertThat(reader.subscribe(robot.status())).isEqualTo(1);
        bus.publish(elsewhere, "{\"stray\":true}", false);
        bus.publish(robot.status(), "{\"after\":true}", false);
        MqttTestClient.Received r = reader.received.poll(10, TimeUnit.SECONDS);
        assertThat(r.topic()).isEqualTo(robot.status());
        assertThat(bus.client.isConnected()).isTrue();
        assertThat(refused(Refusals.Reason.PUBLISH, "robot")).isEqualTo(1);
    }

    @Test
    void statisticsNameTheCredentialsAndSessions() throws Exception {
        container("stats");
        Map<String, Object> s = broker.statistics();
        assertThat(s.get("accessControl")).isEqualTo(true);
        assertThat((Integer) s.get("sessions")).isGreaterThanOrEqualTo(1);
        assertThat(s).containsKeys("credentials", "refused", "refusedByUser");
    }

    @Test
    void theWebSocketUrlNamesTheLoopbackPortAndPath() {
        URI url = URI.create(broker.webSocketUrl());
        assertThat(url.getScheme()).isEqualTo("ws");
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isPositive().isNotEqualTo(URI.create(broker.url()).getPort());
        assertThat(url.getPath()).isEqualTo(EmbeddedBroker.WEBSOCKET_PATH);
    }

    @Test
    void aWebSocketObserverReceivesWhatTheContainerPublishesOverTcp() throws Exception {
        char[] pw = store.add("page1", Role.OBSERVER);
        MqttTestClient page = login(broker.webSocketUrl(), "page1-client", "page1", pw);
        assertThat(page.subscribe(hand.state())).isEqualTo(1);
        MqttTestClient loop = container("ws-loop");
        loop.publish(hand.state(), "frame-1", false);
        MqttTestClient.Received r = page.received.poll(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.topic()).isEqualTo(hand.state());
        assertThat(r.payload()).isEqualTo("frame-1");
    }

    @Test
    void anOperatorsCommandOverWebSocketReachesTheLoopOverTcp() throws Exception {
        MqttTestClient loop = container("ws-loop2");
        assertThat(loop.subscribe(hand.base() + "/command/#")).isEqualTo(1);
        char[] pw = store.add("op-ws", Role.OPERATOR);
        MqttTestClient operator = login(broker.webSocketUrl(), "op-ws-client", "op-ws", pw);
        operator.publish(hand.command("op-ws"), "go", false);
        assertNextMessageOn(loop, hand.command("op-ws"));
    }

    @Test
    void overWebSocketTheSameLoginsAndRightsApplyAsOnTcp() throws Exception {
        assertThatThrownBy(() -> login(broker.webSocketUrl(), "anon-ws", null, null))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        store.add("guessed", Role.OPERATOR);
        assertThatThrownBy(
                        () ->
                                login(
                                        broker.webSocketUrl(),
                                        "guess-ws",
                                        "guessed",
                                        "wrong".toCharArray()))
                .isInstanceOfSatisfying(
                        MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(BAD_LOGIN));
        char[] pw = store.add("watch-ws", Role.OBSERVER);
        MqttTestClient watch = login(broker.webSocketUrl(), "watch-ws-client", "watch-ws", pw);
        watch.publish(hand.command("watch-ws"), "go", false);
        assertThat(watch.disconnectedWith.get(10, TimeUnit.SECONDS)).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void theWebSocketListenerIsBoundToLoopbackOnly() throws Exception {
        Optional<InetAddress> external =
                NetworkInterface.networkInterfaces()
                        .filter(
                                n -> {
                                    try {
                                        return n.isUp() && !n.isLoopback();
                                    } catch (java.net.SocketException e) {
                                        return false;
                                    }
                                })
                        .flatMap(NetworkInterface::inetAddresses)
                        .filter(a -> a instanceof Inet4Address)
                        .findFirst();
        assumeThat(external).as("a non-loopback IPv4 address on this machine").isPresent();
        int port = URI.create(broker.webSocketUrl()).getPort();
        assertThatThrownBy(
                        () -> {
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress(external.get(), port), 2000);
                            }
                        })
                .isInstanceOf(IOException.class);
    }

    @Test
    void aTakenWebSocketPortIsRefusedBeforeAnythingStartsAndNamesTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedBroker other =
                    new EmbeddedBroker(0, dir.resolve("other")).withWebSocket(taken.getLocalPort());
            assertThatThrownBy(other::start)
                    .isInstanceOf(EmbeddedBroker.PortInUseException.class)
                    .hasMessageContaining("WebSocket port " + taken.getLocalPort())
                    .hasMessageContaining("--ws-port");
            assertThat(other.webSocketUrl()).endsWith(":" + taken.getLocalPort() + "/mqtt");
        }
    }

    @Test
    void withoutTheOptionThereIsNoWebSocketListener() {
        assertThat(new EmbeddedBroker(0, dir.resolve("plain")).webSocketUrl()).isNull();
    }
}
