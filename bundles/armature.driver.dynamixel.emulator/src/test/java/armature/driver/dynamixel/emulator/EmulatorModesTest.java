package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operating modes, heating, indirect addressing and injected write failures of the emulator, on a
 * fake clock stepped 1 ms at a time. Raw units: velocity 0.229 rpm, current 2.69 mA.
 */
class EmulatorModesTest {
    private final FakeClock clock = new FakeClock();
    private final ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);

    private List<Transmission> instruction(int instruction, byte... params) {
        byte[] body = new byte[params.length + 1];
        body[0] = (byte) instruction;
        System.arraycopy(params, 0, body, 1, params.length);
        byte[] frame = WireFormat.frame(1, WireFormat.stuff(body));
        return emu.receive(frame, 0, frame.length);
    }

    /** Writes little-endian {@code value} of {@code size} bytes; returns the status error byte. */
    private int write(int address, int size, long value) {
        byte[] p = new byte[2 + size];
        p[0] = (byte) address;
        p[1] = (byte) (address >> 8);
        for (int i = 0; i < size; i++) {
            p[2 + i] = (byte) (value >>> (8 * i));
        }
        List<Transmission> out = instruction(0x03, p);
        return out.isEmpty() ? -1 : Bytes.concat(out)[8] & 0xFF;
    }

    private byte[] read(int address, int length) {
        byte[] reply =
                Bytes.concat(
                        instruction(
                                0x02,
                                (byte) address,
                                (byte) (address >> 8),
                                (byte) length,
                                (byte) 0));
        return Arrays.copyOfRange(reply, 9, reply.length - 2);
    }

    private void runMillis(int ms) {
        for (int i = 0; i < ms; i++) {
            clock.advanceMillis(1);
            emu.tick();
        }
    }

    @Test
    void indirectDataMirrorsTheItemsItsAddressesName() {
        // Indirect Address 1..3 -> temperature (146), hardware error (70), torque enable (64)
        assertThat(write(168, 2, 146)).isZero();
        assertThat(write(170, 2, 70)).isZero();
        assertThat(write(172, 2, 64)).isZero();
        emu.setTemperatureDegC(1, 51);
        emu.raiseHardwareError(1, 0x20);
        assertThat(read(224, 3)).containsExactly(51, 0x20, 0);
        assertThat(emu.indirectTarget(1, 0)).isEqualTo(146);
        // untouched slots keep the factory default: their own data byte
        assertThat(emu.indirectTarget(1, 3)).isEqualTo(227);
    }

    @Test
    void indirectAddressesAreRefusedWithTorqueOnAndOutOfRange() {
        assertThat(write(64, 1, 1)).isZero();
        assertThat(write(168, 2, 146)).isEqualTo(EmulatedServo.ERR_ACCESS);
        assertThat(write(64, 1, 0)).isZero();
        assertThat(write(168, 2, 700)).isEqualTo(EmulatedServo.ERR_DATA_RANGE);
        assertThat(write(169, 2, 146)).isEqualTo(EmulatedServo.ERR_DATA_LENGTH);
    }

    @Test
    void writingIndirectDataWritesTheNamedItem() {
        // Indirect Address 1..4 -> Goal Position 116..119
        for (int k = 0; k < 4; k++) {
            assertThat(write(168 + 2 * k, 2, 116 + k)).isZero();
        }
        assertThat(write(224, 4, 1000)).isZero();
        assertThat(emu.goalPositionRaw(1)).isEqualTo(1000);
    }

    @Test
    void velocityModeFollowsGoalVelocity() {
        assertThat(write(11, 1, 1)).isZero();
        assertThat(write(64, 1, 1)).isZero();
        assertThat(write(104, 4, 100)).isZero();
        runMillis(1000);
        assertThat(emu.presentVelocityRaw(1)).isEqualTo(100);
        // 100 units = 1563 counts/s; the 20 ms lag costs ~31 counts. Tolerance 2 %.
        double expected = 100 * MotorModel.COUNTS_PER_SEC_PER_VELOCITY_UNIT * (1 - 0.020);
        assertThat((double) emu.presentPositionRaw(1) - 2048).isCloseTo(expected, within(31.0));
        assertThat(write(104, 4, 201)).isEqualTo(EmulatedServo.ERR_DATA_LIMIT); // limit 200
    }

    @Test
    void currentModeDrivesCurrentAndSpinsTheFreeLoad() {
        assertThat(write(11, 1, 0)).isZero();
        assertThat(write(64, 1, 1)).isZero();
        assertThat(write(102, 2, 200)).isZero();
        runMillis(300);
        assertThat(emu.presentCurrentRaw(1)).isEqualTo(200);
        assertThat(emu.presentVelocityRaw(1)).isEqualTo(100); // 0.5 velocity units per unit
        assertThat(write(64, 1, 0)).isZero();
        assertThat(write(38, 2, 500)).isZero(); // Current Limit (EEPROM) bounds Goal Current
        assertThat(write(102, 2, 501)).isEqualTo(EmulatedServo.ERR_DATA_LIMIT);
    }

    @Test
    void currentBasedPositionCapsTheCurrentAndSlowsTheMove() {
        assertThat(write(11, 1, 5)).isZero();
        assertThat(write(64, 1, 1)).isZero();
        assertThat(write(102, 2, 50)).isZero();
        assertThat(write(116, 4, 3000)).isZero();
        runMillis(20);
        assertThat(emu.presentCurrentRaw(1)).isEqualTo(50);
        // Uncapped, one time constant covers 602 of the 952 counts; capped far less.
        assertThat(emu.presentPositionRaw(1) - 2048).isBetween(1L, 200L);
        runMillis(3000);
        assertThat(emu.presentPositionRaw(1)).isEqualTo(3000);
    }

    @Test
    void operatingModeIsEepromAndOnlyKnownValuesAreAccepted() {
        assertThat(write(11, 1, 2)).isEqualTo(EmulatedServo.ERR_DATA_RANGE);
        assertThat(write(11, 1, 16)).isZero();
        assertThat(emu.operatingMode(1)).isEqualTo(16);
        write(64, 1, 1);
        assertThat(write(11, 1, 3)).isEqualTo(EmulatedServo.ERR_ACCESS);
    }

    @Test
    void windingHeatsWithCurrentSquaredAndOverheatingShutsTorqueOff() {
        emu.setThermalModel(30, 10, 2);
        assertThat(write(11, 1, 0)).isZero();
        assertThat(write(64, 1, 1)).isZero();
        assertThat(write(102, 2, 1000)).isZero();
        runMillis(100);
        double amps = 1000 * MotorModel.AMP_PER_CURRENT_UNIT;
        double steady = 30 + 10 * amps * amps * 2;
        double expected = steady + (36 - steady) * Math.exp(-0.1 / 2);
        assertThat(emu.temperatureDegC(1)).isCloseTo(expected, within(0.01));
        assertThat(emu.hardwareErrorStatus(1)).isZero();
        // 80 degC (the limit) is reached after ~0.76 s
        runMillis(600);
        assertThat(emu.hardwareErrorStatus(1)).isZero();
        runMillis(100);
        assertThat(emu.hardwareErrorStatus(1)).isEqualTo(0x04);
        assertThat(emu.torqueEnabled(1)).isFalse();
        assertThat(emu.presentCurrentRaw(1)).isZero();
        assertThat(Bytes.concat(instruction(0x01))[8] & 0x80).isEqualTo(0x80);
        // torque cannot come back while the error stands (reply: alert bit + Result Fail)
        assertThat(write(64, 1, 1)).isEqualTo(0x80 | EmulatedServo.ERR_RESULT_FAIL);
    }

    @Test
    void injectedWriteFailuresRefuseIgnoreOrSilence() {
        emu.failWrites(1, 11, WriteFailure.REFUSE);
        assertThat(write(11, 1, 1)).isEqualTo(EmulatedServo.ERR_RESULT_FAIL);
        assertThat(emu.operatingMode(1)).isEqualTo(3);
        emu.failWrites(1, 11, WriteFailure.IGNORE);
        assertThat(write(11, 1, 1)).isZero();
        assertThat(emu.operatingMode(1)).isEqualTo(3);
        assertThat(write(64, 1, 0)).isZero(); // other items unaffected
        emu.failWrites(1, 11, WriteFailure.GO_SILENT);
        assertThat(write(11, 1, 1)).isEqualTo(-1);
        assertThat(instruction(0x01)).isEmpty();
        emu.failWrites(1, 11, null);
        emu.setResponding(1, true);
        assertThat(write(11, 1, 1)).isZero();
        assertThat(emu.operatingMode(1)).isEqualTo(1);
    }
}
