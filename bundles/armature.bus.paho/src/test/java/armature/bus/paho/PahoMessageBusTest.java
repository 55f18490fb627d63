package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.control.api.ContainerTopics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The facade without a broker: nothing listens on the port it is given. */
class PahoMessageBusTest {
    private static PahoMessageBus unreachable(BusSettings tweak) {
        return new PahoMessageBus(tweak);
    }

    private static BusSettings nowhere(String client) throws Exception {
        return BusSettings.of("tcp://127.0.0.1:" + Brokers.freePort(), "lonely", client)
                .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void awaitConnectedKeepsTheInterruptFlag() throws Exception {
        try (PahoMessageBus bus = unreachable(nowhere("a"))) {
            bus.start();
            Thread.currentThread().interrupt();
            long t0 = System.nanoTime();
            boolean connected = bus.awaitConnected(Duration.ofSeconds(30));
            long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(Thread.interrupted()).as("interrupt flag after awaitConnected").isTrue();
            assertThat(connected).isFalse();
            assertThat(waitedMillis).as("returns at once when interrupted").isLessThan(10_000);
        }
    }

    @Test
    void replyTopicNamesTheUserOrAnonymous() throws Exception {
        try (PahoMessageBus anonymous = unreachable(nowhere("cli-1"));
                PahoMessageBus named =
                        unreachable(
                                nowhere("cli-2")
                                        .withCredentials(
                                                new BusSettings.Credentials(
                                                        "alice", "pw".toCharArray())))) {
            assertThat(anonymous.replyTopic())
                    .isEqualTo(
                            ContainerTopics.of("lonely")
                                    .reply(ContainerTopics.ANONYMOUS_USER, "cli-1"));
            assertThat(named.replyTopic())
                    .isEqualTo(ContainerTopics.of("lonely").reply("alice", "cli-2"));
        }
    }

    @Test
    void aRetainedPublishBeforeConnectingIsAcceptedAndAPlainOneRefused() throws Exception {
        try (PahoMessageBus bus = unreachable(nowhere("a"))) {
            CompletableFuture<Void> retained =
                    bus.publish(
                                    Message.builder("armature/v1/lonely/status")
                                            .payload("{}")
                                            .retained(true)
                                            .build())
                            .toCompletableFuture();
            CompletableFuture<Void> plain =
                    bus.publish(Message.builder("armature/v1/lonely/x").payload("1").build())
                            .toCompletableFuture();
            assertThat(retained).isNotDone();
            assertThat(plain).isCompletedExceptionally();
            assertThat(bus.state()).isEqualTo(ConnectionState.CONNECTING);
            bus.close();
            assertThat(retained).as("never sent: fails on close").isCompletedExceptionally();
        }
    }

    @Test
    void onlyAnAnnouncingBusHasABootId() throws Exception {
        try (PahoMessageBus plain = unreachable(nowhere("a"));
                PahoMessageBus announcing = unreachable(nowhere("bus").withAnnounce(true));
                PahoMessageBus fixed =
                        unreachable(nowhere("bus2").withAnnounce(true).withBootId("b-1"))) {
            assertThat(plain.bootId()).isNull();
            assertThat(announcing.bootId()).isNotBlank();
            assertThat(fixed.bootId()).isEqualTo("b-1");
        }
    }
}
