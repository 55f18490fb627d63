package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TakeoverPatternTest {
    private static final long S = 1_000_000_000L;
    private final TakeoverPattern pattern = new TakeoverPattern();

    @Test
    void theOlderClientsSeriesStartsWithTheLossOfALongLivedConnection() {
        // Up for an hour, thrown off, then each reconnect lasts half a second.
        assertThat(pattern.lost(0, 3600 * S)).isFalse();
        assertThat(pattern.lost(3600 * S + S / 10, 3600 * S + 6 * S / 10)).isFalse();
        assertThat(pattern.lost(3600 * S + 7 * S / 10, 3600 * S + 12 * S / 10)).isTrue();
    }

    @Test
    void aConnectionThatLivesEndsTheSeries() {
        assertThat(pattern.lost(0, S / 2)).isFalse();
        assertThat(pattern.lost(S, S + S / 2)).isFalse();
        assertThat(pattern.lost(2 * S, 10 * S)).as("lived 8 s").isFalse();
        assertThat(pattern.lost(11 * S, 11 * S + S / 2)).isFalse();
    }

    @Test
    void lossesSpreadBeyondTheSpanAreABadLinkNotATakeover() {
        assertThat(pattern.lost(0, S)).isFalse();
        assertThat(pattern.lost(5 * S, 6 * S)).isFalse();
        assertThat(pattern.lost(11 * S, 12 * S)).as("first loss 11 s ago").isFalse();
        assertThat(pattern.lost(12 * S, 13 * S)).isTrue();
    }
}
