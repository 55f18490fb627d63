package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DeafWatch} on a clock stepped by hand: when a client counts as deaf, and when not. */
class DeafWatchTest {
    private static final long S = 1_000_000_000L;

    /** Probes every second, acknowledged at once; delivered while {@code delivering}. */
    private static String run(DeafWatch w, long from, long to, boolean delivering) {
        String deaf = null;
        for (long t = from; t <= to && deaf == null; t += S) {
            deaf = w.deafness(t);
            w.acknowledged(t);
            if (delivering) {
                w.delivered(t);
            }
        }
        return deaf;
    }

    @Test
    void aClientWhoseProbesStopComingBackWhileAcknowledgedIsDeaf() {
        DeafWatch w = new DeafWatch();
        w.connected(0);
        assertThat(run(w, S, 10 * S, true)).isNull();
        assertThat(run(w, 11 * S, 15 * S, false)).as("5 s without a delivery").isNull();
        String deaf = run(w, 16 * S, 20 * S, false);
        assertThat(deaf)
                .startsWith("the broker has delivered nothing to this client for 6.0 s")
                .contains("acknowledged its publishes 1.0 s ago")
                .endsWith("reconnecting with a fresh session");
    }

    @Test
    void probesThatNeverCameBackDoNotCount() {
        // A broker whose rules drop the probes: nothing to compare with.
        DeafWatch w = new DeafWatch();
        w.connected(0);
        assertThat(run(w, S, 120 * S, false)).isNull();
    }

    @Test
    void aBrokerThatAcknowledgesNothingEitherIsNotDeafness() {
        DeafWatch w = new DeafWatch();
        w.connected(0);
        run(w, S, 10 * S, true);
        // Gone: nothing acknowledged, nothing delivered (the connection's loss handles it).
        assertThat(w.deafness(60 * S)).isNull();
    }

    @Test
    void repeatedDeafnessToleratesLongerSilencesUntilForgiven() {
        DeafWatch w = new DeafWatch();
        w.connected(0);
        run(w, S, 10 * S, true);
        assertThat(run(w, 11 * S, 30 * S, false)).contains("for 6.0 s");
        // Reconnected; the broker is slow to deliver again: now 10 s are tolerated.
        w.connected(20 * S);
        run(w, 21 * S, 30 * S, true);
        assertThat(run(w, 31 * S, 40 * S, false)).as("10 s of silence").isNull();
        assertThat(run(w, 41 * S, 60 * S, false)).contains("for 11.0 s");
        // Ten quiet minutes later the first rule holds again.
        w.connected(700 * S);
        run(w, 701 * S, 710 * S, true);
        assertThat(run(w, 711 * S, 730 * S, false)).contains("for 6.0 s");
    }

    @Test
    void aNewConnectionStartsAfresh() {
        DeafWatch w = new DeafWatch();
        w.connected(0);
        run(w, S, 10 * S, true);
        assertThat(run(w, 11 * S, 40 * S, false)).isNotNull();
        w.connected(41 * S);
        assertThat(run(w, 42 * S, 100 * S, false)).as("not armed on the new connection").isNull();
    }
}
