package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ConnectionState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MosquittoRetainedStateTest extends RetainedStateContractTest {
    @Override
    Brokers startBroker(Path dir) throws Exception {
        return Brokers.mosquitto(dir);
    }

    /**
     * Stopping, Mosquitto delivers the announcing bus its own will (QoS 1, on the state topic it
     * watches) just before closing the socket. A Paho 1.2.5 client that is acknowledging it as the
     * connection ends keeps the acknowledgement queued, and its next connect never ends; that hit
     * about one restart in five. The bus connects with a new client each time, so every restart is
     * followed by a reconnect that Paho answers (none is left to the attempt time-out).
     */
    @Test
    void reconnectsAfterEachOfEightBrokerRestarts() throws Exception {
        PahoMessageBus bus = bus("restarts", "bus", true);
        await(bus.start());
        for (int restart = 1; restart <= 8; restart++) {
            // A connection lost younger than that counts towards the takeover pattern
            // (TakeoverPattern), which ends reconnecting by design.
            long oldEnough = System.nanoTime() + TakeoverPattern.YOUNG.toNanos() + 200_000_000L;
            awaitTrue(() -> System.nanoTime() > oldEnough, "the connection is old enough");
            broker.stop();
            awaitState(bus, ConnectionState.RECONNECTING);
            broker.restart();
            awaitState(bus, ConnectionState.CONNECTED, Duration.ofSeconds(15));
            assertThat(bus.statistics())
                    .as("after restart " + restart)
                    .containsEntry("reconnects", (long) restart)
                    .containsEntry("unansweredAttempts", 0L);
        }
    }
}
