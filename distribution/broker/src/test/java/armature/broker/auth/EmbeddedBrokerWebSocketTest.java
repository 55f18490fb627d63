package armature.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import armature.broker.EmbeddedBroker;
import armature.broker.access.CredentialStore;
import armature.broker.access.Secrets;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.Role;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's MQTT over WebSocket listener: real Paho MQTT 5 clients over {@code ws://},
 * the same logins and topic rights as on TCP, loopback only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerWebSocketTest {
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BAD_LOGIN = 0x86;

    @TempDir static Path dir;
    private final ContainerTopics robot = ContainerTopics.of("robot");
    private final LoopTopics hand = robot.loop("hand");
    private final char[] containerSecret = Secrets.generate();
    private CredentialStore store;
    private EmbeddedBroker broker;
    private final List<MqttTestClient> clients = new ArrayList<>();

    @BeforeAll
    void start() {
        store = CredentialStore.in(dir.resolve("runtime"), "robot");
        broker =
                new EmbeddedBroker(
                                0,
                                dir.resolve("broker"),
                                new AccessExtension("robot", containerSecret, store))
                        .withWebSocket(0);
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

    private MqttTestClient login(String url, String clientId, String user, char[] password)
            throws Exception {
        MqttTestClient c = MqttTestClient.connect(url, clientId, user, password, null);
        clients.add(c);
        return c;
    }

    @Test
    void theUrlNamesTheLoopbackPortAndPath() {
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
        MqttTestClient loop = login(broker.url(), "armature-robot-loop", "robot", containerSecret);
        loop.publish(hand.state(), "frame-1", false);
        MqttTestClient.Received r = page.received.poll(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.topic()).isEqualTo(hand.state());
        assertThat(r.payload()).isEqualTo("frame-1");
    }

    @Test
    void anOperatorsCommandOverWebSocketReachesTheLoopOverTcp() throws Exception {
        MqttTestClient loop = login(broker.url(), "armature-robot-loop2", "robot", containerSecret);
        assertThat(loop.subscribe(hand.base() + "/command/#")).isEqualTo(1);
        char[] pw = store.add("op-ws", Role.OPERATOR);
        MqttTestClient operator = login(broker.webSocketUrl(), "op-ws-client", "op-ws", pw);
        operator.publish(hand.command("op-ws"), "go", false);
        MqttTestClient.Received r = loop.received.poll(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.topic()).isEqualTo(hand.command("op-ws"));
    }

    @Test
    void theSameLoginsAndRightsApplyAsOnTcp() throws Exception {
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
    void theListenerIsBoundToLoopbackOnly() throws Exception {
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
