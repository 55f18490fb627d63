package armature.driver.dynamixel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import armature.driver.dynamixel.emulator.Fault;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import armature.driver.dynamixel.serial.PortLostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chain logic on simulated time through an in-memory link: deterministic, no pty needed. */
class DynamixelChainSimulatedTimeTest {
    private final FakeClock clock = new FakeClock();
    private final ServoChainEmulator emulator =
            ServoChainEmulator.of(new int[] {1, 2, 3}, 4_000_000, clock);
    private final ChainConfig config =
            new ChainConfig(
                    "loopback", 4_000_000, 0, 1_000, 2, 200, ChainRig.joints(new int[] {1, 2, 3}));
    private final double[] pos = new double[3];
    private final double[] vel = new double[3];
    private final double[] cur = new double[3];

    private int openAttempts;
    private boolean openerWorks = true;
    private LoopbackLink link;

    private DynamixelChain chain() {
        return new DynamixelChain(
                config,
                (path, baud) -> {
                    openAttempts++;
                    if (!openerWorks) {
                        throw new PortLostException(path + " is absent");
                    }
                    link = new LoopbackLink(emulator, clock);
                    return link;
                },
                clock);
    }

    @Test
    void reopenIsAttemptedAtMostOncePerInterval() throws Exception {
        DynamixelChain chain = chain();
        assertThat(chain.open().ok()).isTrue();
        assertThat(openAttempts).isEqualTo(1);

        link.unplugged = true;
        openerWorks = false;
        CycleReport lost = chain.readState(pos, vel, cur);
        assertThat(lost.has(BusEvent.Kind.PORT_LOST)).isTrue();
        assertThat(lost.missingIds()).containsExactly(1, 2, 3);
        assertThat(pos).containsOnly(Double.NaN);

        clock.advanceMillis(100); // half the 200 ms interval: no attempt
        assertThat(chain.readState(pos, vel, cur).portOpen()).isFalse();
        assertThat(openAttempts).isEqualTo(1);

        clock.advanceMillis(101); // interval passed: one attempt, which fails
        assertThat(chain.readState(pos, vel, cur).portOpen()).isFalse();
        assertThat(openAttempts).isEqualTo(2);
        assertThat(chain.readState(pos, vel, cur).portOpen()).isFalse();
        assertThat(openAttempts).isEqualTo(2);

        openerWorks = true;
        clock.advanceMillis(201);
        CycleReport back = chain.readState(pos, vel, cur);
        assertThat(back.has(BusEvent.Kind.PORT_REOPENED)).isTrue();
        assertThat(back.ok()).isTrue();
        assertThat(openAttempts).isEqualTo(3);
    }

    @Test
    void watchdogFiresOnSimulatedTimeWhenCyclesStop() throws Exception {
        DynamixelChain chain = chain();
        chain.open();
        assertThat(chain.setTorque(true).ok()).isTrue();
        assertThat(chain.armBusWatchdog(100).ok()).isTrue();
        for (int i = 0; i < 10; i++) {
            clock.advanceMillis(60); // each cycle within the 100 ms watchdog
            assertThat(chain.readState(pos, vel, cur).ok()).isTrue();
        }
        assertThat(emulator.torqueEnabled(1)).isTrue();
        clock.advanceMillis(101);
        emulator.tick();
        assertThat(emulator.torqueEnabled(1)).isFalse();
        assertThat(emulator.busWatchdogRaw(2)).isEqualTo(255);
    }

    @Test
    void silentServoCostsExactlyTheComputedDeadlineOfSimulatedTime() throws Exception {
        DynamixelChain chain = chain();
        chain.open();
        emulator.setResponding(3, false);
        long before = clock.getAsLong();
        CycleReport rep = chain.readState(pos, vel, cur);
        assertThat(rep.missingIds()).isEqualTo(List.of(3));
        long deadline = config.timing().transactionTimeoutNanos(7 + 1 + 4 + 3 + 2, 3, 21);
        // the exchange waits exactly its deadline; the resync afterwards adds its quiet time
        assertThat(clock.getAsLong() - before)
                .isGreaterThanOrEqualTo(deadline)
                .isLessThanOrEqualTo(deadline + 10 * config.timing().quietNanos());
    }

    /** Each injected fault on servo 2 (of 3) is named, and only servo 2 goes missing. */
    @ParameterizedTest
    @CsvSource({
        "DROP_REPLY, NO_REPLY, true",
        "CORRUPT_CRC, CRC_MISMATCH, true",
        "WRONG_ID, WRONG_ID, true",
        "GARBAGE_BEFORE, GARBAGE, false",
        "SPLIT_WITH_GAPS, , false"
    })
    void faultsAreNamed(Fault fault, BusEvent.Kind expected, boolean servoMissing)
            throws Exception {
        DynamixelChain chain = chain();
        chain.open();
        emulator.injectFault(2, fault, 1);
        CycleReport rep = chain.readState(pos, vel, cur);
        if (expected == null) {
            assertThat(rep.events()).isEmpty();
        } else {
            assertThat(rep.has(expected)).as(rep.toString()).isTrue();
        }
        if (servoMissing) {
            assertThat(rep.missingIds()).containsExactly(2);
        } else {
            assertThat(rep.missingIds()).isEmpty();
        }
        assertThat(chain.readState(pos, vel, cur).ok()).isTrue();
    }

    @Test
    void truncatedLastReplyIsNamed() throws Exception {
        DynamixelChain chain = chain();
        chain.open();
        emulator.injectFault(3, Fault.TRUNCATE, 1);
        CycleReport rep = chain.readState(pos, vel, cur);
        assertThat(rep.has(BusEvent.Kind.TRUNCATED)).isTrue();
        assertThat(rep.missingIds()).containsExactly(3);
    }

    @Test
    void hardwareAlertIsReadOnceAndDecoded() throws Exception {
        DynamixelChain chain = chain();
        chain.open();
        emulator.raiseHardwareError(1, 0x01 | 0x08 | 0x10);
        CycleReport rep = chain.readState(pos, vel, cur);
        assertThat(rep.hardwareErrors().get(1))
                .containsExactlyInAnyOrder(
                        armature.driver.dynamixel.controltable.HardwareError.INPUT_VOLTAGE,
                        armature.driver.dynamixel.controltable.HardwareError.MOTOR_ENCODER,
                        armature.driver.dynamixel.controltable.HardwareError.ELECTRICAL_SHOCK);
        assertThat(rep.ok()).isFalse();
    }
}
