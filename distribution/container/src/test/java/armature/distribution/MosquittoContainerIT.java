package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution on an external broker, Debian's Mosquitto 2, with the simulated hand: its
 * retained loop documents reach the broker though they were published before it ran; it deploys a
 * bundle, survives the broker going away and coming back, and restores its subscriptions and
 * retained state.
 */
class MosquittoContainerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir Path home;

    @Test
    void startsBeforeItsBrokerRunsOnMosquittoAndRecoversFromABrokerRestart() throws Exception {
        Path bin = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(bin)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        "mosquitto is not installed; CI requires it (apt-get install mosquitto)");
            }
            assumeTrue(false, "mosquitto not installed: apt-get install mosquitto");
        }
        int port = ContainerProcess.freePort();
        Path conf = home.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                "listener "
                        + port
                        + " 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n");
        String url = "tcp://127.0.0.1:" + port;
        // sim-hand reads its model relative to the container's home.
        ContainerProcess.linkExamples(home.resolve("c"));
        LoopTopics hand = ContainerTopics.of("mq").loop("hand");
        Process mosquitto = null;
        try (ContainerProcess c =
                ContainerProcess.start(
                        home.resolve("c"),
                        "mq",
                        url,
                        "--broker",
                        url,
                        "--features",
                        "heartbeat,sim-hand")) {
            // The broker is down when the container starts: it keeps running and connects later.
            ContainerProcess.Result early = c.cli("status", "--timeout", "2");
            assertThat(early.exit()).as(early.toString()).isEqualTo(3);
            assertThat(c.isAlive()).isTrue();
            mosquitto = startMosquitto(bin, conf, port);
            c.awaitReady(WAIT);
            // The loop published its retained documents before the bus first connected: they are
            // on the broker all the same (a fresh subscription gets them as retained messages).
            c.awaitMessage(hand.stateSchema(), n -> n.path("elementNames").size() == 20, WAIT);
            c.awaitMessage(hand.eStop(), n -> n.path("state").asText().equals("CLEAR"), WAIT);
            ContainerProcess.Result trip = c.cli("estop", "trip", "--loop", "hand");
            assertThat(trip.exit()).as(trip.toString()).isZero();
            c.awaitMessage(hand.eStop(), n -> n.path("state").asText().equals("LATCHED"), WAIT);
            Path greeter =
                    Jars.withVersion(
                            Jars.example("armature.example.greeter"),
                            home.resolve("g.jar"),
                            "3.0.0");
            ContainerProcess.Result d = c.cli("deploy", greeter.toString());
            assertThat(d.exit()).as(d.toString()).isZero();

            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
            ContainerProcess.Result down = c.cli("status", "--timeout", "2");
            assertThat(down.exit()).isEqualTo(3);
            assertThat(down.err()).contains("cannot reach the broker at " + url);
            assertThat(c.isAlive()).isTrue();

            mosquitto = startMosquitto(bin, conf, port);
            // Retained state was lost with the broker; the container publishes it again on
            // reconnect.
            JsonNode state =
                    c.awaitMessage(
                            ContainerTopics.of("mq").state(),
                            n -> n.path("state").asText().equals("online"),
                            WAIT);
            assertThat(state.path("reason").asText()).isEqualTo("reconnected");
            c.awaitReady(WAIT);
            c.awaitMessage(
                    ContainerTopics.of("mq").extension("heartbeat"),
                    n -> n.path("count").asLong() > 0,
                    WAIT);
            // The restarted broker knew nothing; the bus put the loop's retained documents back,
            // and the e-stop is still the latch the supervisor holds.
            c.awaitMessage(hand.stateSchema(), n -> n.path("elementNames").size() == 20, WAIT);
            c.awaitMessage(hand.eStop(), n -> n.path("state").asText().equals("LATCHED"), WAIT);
            c.awaitMessage(
                    hand.supervisor(), n -> n.path("eStop").asText().equals("LATCHED"), WAIT);
            JsonNode status = c.statusJson();
            assertThat(status.path("ready").asBoolean()).isTrue();
            assertThat(
                            ContainerProcess.component(status, "armature.example.greeter")
                                    .path("state")
                                    .asText())
                    .isEqualTo("ACTIVE");
        } finally {
            if (mosquitto != null) {
                mosquitto.destroy();
                mosquitto.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Process startMosquitto(Path bin, Path conf, int port) throws Exception {
        Process p =
                new ProcessBuilder(bin.toString(), "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        conf.resolveSibling("mosquitto.log").toFile()))
                        .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return p;
            } catch (IOException e) {
                assertThat(System.nanoTime()).as("mosquitto listens on " + port).isLessThan(end);
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }
}
