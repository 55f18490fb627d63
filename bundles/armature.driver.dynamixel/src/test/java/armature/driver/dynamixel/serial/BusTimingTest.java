package armature.driver.dynamixel.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BusTimingTest {

    @Test
    void timeoutGrowsWithWireTimeAtLowBaud() {
        // 16 servos, sync read of 10 bytes: request 7+1+4+16+2 = 30 bytes, replies 21 bytes each
        BusTiming slow = new BusTiming(57_600, 0, 0);
        long expected = (long) Math.ceil((30 + 16 * 21) * 10 * 1e9 / 57_600);
        assertThat(slow.transactionTimeoutNanos(30, 16, 21)).isEqualTo(expected); // ~63.5 ms
        BusTiming fast = new BusTiming(4_000_000, 0, 0);
        assertThat(fast.transactionTimeoutNanos(30, 16, 21))
                .isEqualTo(915_000); // 366 bytes x 2.5 us
    }

    @Test
    void returnDelayAndHostLatencyAreAdded() {
        BusTiming t = new BusTiming(1_000_000, 250, 3_000);
        // 10 bytes x 10 us + 2 replies x 250 us + 3 ms
        assertThat(t.transactionTimeoutNanos(10, 2, 0)).isEqualTo(100_000 + 500_000 + 3_000_000);
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThatThrownBy(() -> new BusTiming(100, 0, 0)).hasMessageContaining("baudRate=100");
        assertThatThrownBy(() -> new BusTiming(57600, 600, 0))
                .hasMessageContaining("returnDelayMicros=600");
        assertThatThrownBy(() -> new BusTiming(57600, 0, -1))
                .hasMessageContaining("hostLatencyMicros=-1");
    }
}
