package armature.driver.dynamixel.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.driver.dynamixel.controltable.HardwareError;
import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.controltable.StateBlock;
import armature.driver.dynamixel.emulator.Fault;
import armature.driver.dynamixel.emulator.WriteFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuller state read (indirect addressing) and operating-mode changes against the independent
 * emulator over a real socat pty pair, 3 servos at 1 Mbps. Joint 2 (id 2) runs with direction -1.
 * Velocity quantum 0.024 rad/s, current quantum 2.69 mA: tolerances are one or two quanta.
 */
class DynamixelChainModesPtyTest {
    private static final int BAUD = 1_000_000;

    @TempDir Path dir;

    private ChainRig rig(int hostLatencyMicros) throws Exception {
        ChainRig r =
                ChainRig.start(
                        dir, ChainRig.ids(3), BAUD, 0, ChainRig.config(BAUD, 0, hostLatencyMicros));
        assertThat(r.chain.open().ok()).isTrue();
        return r;
    }

    private ChainRig rig() throws Exception {
        return rig(500_000);
    }

    @Test
    void oneSyncReadPerCycleCarriesTemperatureHardwareErrorAndTorque() throws Exception {
        try (ChainRig r = rig()) {
            for (int id = 1; id <= 3; id++) {
                assertThat(r.emulator.indirectTarget(id, StateBlock.TEMPERATURE_OFFSET))
                        .isEqualTo(146);
            }
            r.emulator.setTemperatureDegC(2, 61.4);
            r.emulator.raiseHardwareError(3, 0x20);
            long before = r.emulator.instructionCount();
            CycleReport first = r.readAll();
            CycleReport second = r.readAll();
            // one instruction per cycle: the hardware error needed no extra read
            assertThat(r.emulator.instructionCount() - before).isEqualTo(2);
            assertThat(first.hardwareErrors()).isEqualTo(Map.of(3, Set.of(HardwareError.OVERLOAD)));
            assertThat(first.has(BusEvent.Kind.HARDWARE_ALERT)).isTrue();
            assertThat(second.events()).isEmpty();
            assertThat(r.readings.temperatureDegC).containsExactly(36.0, 61.0, 36.0);
            assertThat(r.readings.hardwareErrorBits).containsExactly(0, 0, 0x20);
            assertThat(r.readings.torqueEnabled).containsExactly(0, 0, 0);
            assertThat(r.readings.positionRad[0]).isCloseTo(0.0, within(1e-9));
            r.chain.setTorque(true);
            r.readAll();
            // servo 3 refuses torque while its hardware error stands
            assertThat(r.readings.torqueEnabled).containsExactly(1, 1, 0);
        }
    }

    @Test
    void openRemapsAHoldingServoWithoutLettingItMove() throws Exception {
        try (ChainRig r =
                ChainRig.start(dir, ChainRig.ids(3), BAUD, 0, ChainRig.config(BAUD, 0, 500_000))) {
            r.emulator.placeAt(1, 2500);
            r.emulator.poke(1, 116, 2500);
            r.emulator.poke(1, 64, 1);
            assertThat(r.chain.open().ok()).isTrue();
            assertThat(r.emulator.torqueEnabled(1)).isTrue();
            assertThat(r.emulator.goalPositionRaw(1)).isEqualTo(2500);
            assertThat(r.emulator.indirectTarget(1, StateBlock.TORQUE_ENABLE_OFFSET)).isEqualTo(64);
            // Already mapped: a second open only reads (ping, 2 settings, EEPROM span, indirect).
            long before = r.emulator.instructionCount();
            assertThat(r.chain.open().ok()).isTrue();
            assertThat(r.emulator.instructionCount() - before).isEqualTo(5 * 3);
        }
    }

    @Test
    void velocityModeHoldsOnSwitchThenFollowsGoalVelocities() throws Exception {
        try (ChainRig r = rig()) {
            assertThat(r.chain.setTorque(true).ok()).isTrue();
            ModeChangeReport m = r.chain.setOperatingMode(OperatingMode.VELOCITY, null);
            assertThat(m.ok()).as(m.toString()).isTrue();
            assertThat(m.switched()).containsExactly(1, 2, 3);
            for (int id = 1; id <= 3; id++) {
                assertThat(r.emulator.operatingMode(id)).isEqualTo(1);
                assertThat(r.emulator.torqueEnabled(id)).isTrue();
                assertThat(r.emulator.goalVelocityRaw(id)).isZero();
            }
            assertThat(r.chain.setOperatingMode(OperatingMode.VELOCITY, null).switched()).isEmpty();
            double[] goal = {1.0, -0.5, 0.2};
            r.chain.writeGoalVelocities(goal);
            r.readAllUntil(
                    rep -> {
                        for (int i = 0; i < 3; i++) {
                            if (!(Math.abs(r.readings.velocityRadPerSec[i] - goal[i]) < 0.03)) {
                                return false;
                            }
                        }
                        return true;
                    },
                    5_000);
            // the emulator handled the sync write before the reads that saw the motion
            assertThat(r.emulator.goalVelocityRaw(2)).isEqualTo(21); // direction -1
            assertThatThrownBy(() -> r.chain.writeGoalVelocities(new double[] {5.0, 0, 0}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("velocityRadPerSec[0] (joint 'j1')=5.0")
                    .hasMessageContaining("Velocity Limit");
        }
    }

    @Test
    void currentModeReportsTheCommandedCurrent() throws Exception {
        try (ChainRig r = rig()) {
            r.chain.setTorque(true);
            assertThat(r.chain.setOperatingMode(OperatingMode.CURRENT, null).ok()).isTrue();
            double[] goal = {0.1, 0.2, -0.1};
            r.chain.writeGoalCurrents(goal);
            r.readAllUntil(
                    rep -> {
                        for (int i = 0; i < 3; i++) {
                            if (!(Math.abs(r.readings.currentAmp[i] - goal[i]) < 0.006)) {
                                return false;
                            }
                        }
                        return true;
                    },
                    5_000);
            assertThatThrownBy(() -> r.chain.writeGoalCurrents(new double[] {0, 0, 4.0}))
                    .hasMessageContaining("currentAmp[2] (joint 'j3')=4.0")
                    .hasMessageContaining("Current Limit");
        }
    }

    @Test
    void currentBasedPositionSetsTheCapBeforeTorqueComesBack() throws Exception {
        try (ChainRig r = rig()) {
            r.chain.setTorque(true);
            ModeChangeReport m =
                    r.chain.setOperatingMode(
                            OperatingMode.CURRENT_BASED_POSITION, new int[] {100, 200, 300});
            assertThat(m.ok()).isTrue();
            assertThat(r.emulator.operatingMode(2)).isEqualTo(5);
            assertThat(r.emulator.goalCurrentRaw(1)).isEqualTo(100);
            assertThat(r.emulator.goalCurrentRaw(3)).isEqualTo(300);
            assertThat(r.emulator.goalPositionRaw(3)).isEqualTo(r.emulator.presentPositionRaw(3));
            assertThat(r.chain.operatingMode(0)).isEqualTo(OperatingMode.CURRENT_BASED_POSITION);
        }
    }

    @Test
    void servoRefusingTheModeIsNamedLeftLimpAndTheOthersHold() throws Exception {
        try (ChainRig r = rig()) {
            r.chain.setTorque(true);
            r.emulator.failWrites(2, 11, WriteFailure.REFUSE);
            ModeChangeReport m = r.chain.setOperatingMode(OperatingMode.VELOCITY, null);
            assertThat(m.ok()).isFalse();
            assertThat(m.switched()).containsExactly(1, 3);
            assertThat(m.failures()).containsOnlyKeys(2);
            assertThat(m.failures().get(2))
                    .contains("write Operating Mode = 1 failed")
                    .contains("STATUS_ERROR")
                    .endsWith("torque left off");
            assertThat(m.has(BusEvent.Kind.MODE_SWITCH_FAILED)).isTrue();
            assertThat(r.emulator.torqueEnabled(2)).isFalse();
            assertThat(r.emulator.operatingMode(2)).isEqualTo(3);
            assertThat(r.chain.operatingMode(1)).isNull();
            for (int id : new int[] {1, 3}) {
                assertThat(r.emulator.torqueEnabled(id)).isTrue();
                assertThat(r.emulator.goalVelocityRaw(id)).isZero();
            }
            // Once the servo cooperates only it is switched; it stays limp until torque is asked.
            r.emulator.failWrites(2, 11, null);
            ModeChangeReport retry = r.chain.setOperatingMode(OperatingMode.VELOCITY, null);
            assertThat(retry.switched()).containsExactly(2);
            assertThat(r.emulator.operatingMode(2)).isEqualTo(1);
            assertThat(r.emulator.torqueEnabled(2)).isFalse();
        }
    }

    @Test
    void modeThatDoesNotReadBackIsCaught() throws Exception {
        try (ChainRig r = rig()) {
            r.emulator.failWrites(3, 11, WriteFailure.IGNORE);
            ModeChangeReport m = r.chain.setOperatingMode(OperatingMode.CURRENT, null);
            assertThat(m.failures().get(3))
                    .contains(
                            "read back Operating Mode failed: Operating Mode reads 3 after"
                                    + " writing 0");
            assertThat(r.emulator.torqueEnabled(3)).isFalse();
        }
    }

    @Test
    void servoFallingSilentMidSwitchIsNamedAndLeftWithTorqueOff() throws Exception {
        try (ChainRig r = rig(50_000)) {
            r.chain.setTorque(true);
            r.emulator.failWrites(1, 11, WriteFailure.GO_SILENT);
            ModeChangeReport m = r.chain.setOperatingMode(OperatingMode.VELOCITY, null);
            assertThat(m.failures()).containsOnlyKeys(1);
            assertThat(m.failures().get(1))
                    .contains("write Operating Mode = 1 failed: NO_REPLY(id 1)")
                    .contains("torque off could not be confirmed");
            // torque went off before the mode write, as the sequence requires
            assertThat(r.emulator.torqueEnabled(1)).isFalse();
            assertThat(r.emulator.operatingMode(1)).isEqualTo(3);
            assertThat(r.emulator.operatingMode(2)).isEqualTo(1);
        }
    }

    @Test
    void aLostReplyDuringTheSwitchIsRetriedAndReported() throws Exception {
        try (ChainRig r = rig(50_000)) {
            r.chain.setTorque(true);
            r.emulator.injectFault(2, Fault.DROP_REPLY, 1);
            r.emulator.injectFault(3, Fault.CORRUPT_CRC, 1);
            ModeChangeReport m = r.chain.setOperatingMode(OperatingMode.VELOCITY, null);
            assertThat(m.ok()).as(m.toString()).isTrue();
            assertThat(m.events())
                    .anyMatch(e -> e.kind() == BusEvent.Kind.NO_REPLY && e.id() == 2)
                    .anyMatch(e -> e.kind() == BusEvent.Kind.CRC_MISMATCH);
            for (int id = 1; id <= 3; id++) {
                assertThat(r.emulator.operatingMode(id)).isEqualTo(1);
                assertThat(r.emulator.torqueEnabled(id)).isTrue();
            }
        }
    }
}
