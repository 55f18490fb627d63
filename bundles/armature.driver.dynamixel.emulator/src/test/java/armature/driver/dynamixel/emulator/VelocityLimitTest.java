package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Present Velocity never exceeds Velocity Limit (address 44) or a set Profile Velocity (112). */
class VelocityLimitTest {
    private final FakeClock clock = new FakeClock();

    private long largestSpeedOnTheWayTo(ServoChainEmulator emu, long goal) {
        emu.poke(1, 64, 1); // torque on
        emu.poke(1, 116, goal);
        long largest = 0;
        for (int i = 0; i < 3000 && emu.presentPositionRaw(1) != goal; i++) {
            clock.advanceMillis(1);
            emu.tick();
            largest = Math.max(largest, Math.abs(emu.presentVelocityRaw(1)));
        }
        assertThat(emu.presentPositionRaw(1)).as("arrives within 3 s").isEqualTo(goal);
        return largest;
    }

    @Test
    void aHalfTurnStepInPositionModeRunsAtTheVelocityLimit() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        // factory Velocity Limit 200 (45.8 rpm); the 20 ms motor alone would ask ~100 k counts/s
        assertThat(largestSpeedOnTheWayTo(emu, 0)).isBetween(190L, 200L);
    }

    @Test
    void profileVelocityLowersTheBoundInPositionMode() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        emu.poke(1, 112, 50);
        assertThat(largestSpeedOnTheWayTo(emu, 3000)).isBetween(45L, 50L);
    }

    @Test
    void extendedPositionModeIsBoundToo() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        emu.poke(1, 11, 4);
        emu.poke(1, 44, 120);
        assertThat(largestSpeedOnTheWayTo(emu, 2048 + 4096)).isBetween(110L, 120L);
    }
}
