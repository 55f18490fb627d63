package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CLEAR (0x10) and FACTORY RESET (0x06) as the Protocol 2.0 e-manual describes them for X-series
 * firmware 42 and later; the emulator reports firmware 45.
 */
class ClearAndFactoryResetTest {
    private static final String CLEAR_PARAMS = "01 44 58 4C 22";

    private final FakeClock clock = new FakeClock();

    private List<Transmission> send(ServoChainEmulator emu, int id, int instruction, String hex) {
        byte[] p = hex.isEmpty() ? new byte[0] : Bytes.hex(hex);
        byte[] body = new byte[p.length + 1];
        body[0] = (byte) instruction;
        System.arraycopy(p, 0, body, 1, p.length);
        byte[] frame = WireFormat.frame(id, WireFormat.stuff(body));
        clock.advanceMillis(50); // the wire is idle between the test's instructions
        return emu.receive(frame, 0, frame.length);
    }

    /** The error byte of the single status packet {@code out} holds. */
    private static int error(List<Transmission> out) {
        assertThat(out).hasSize(1);
        return Bytes.concat(out)[8] & 0xFF;
    }

    private ServoChainEmulator extendedModeAt(long raw) {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        emu.poke(1, 11, 4); // extended position mode
        emu.placeAt(1, raw);
        emu.poke(1, 116, raw);
        return emu;
    }

    @Test
    void clearDropsWholeTurnsFromPresentPositionOfAStoppedServo() {
        ServoChainEmulator emu = extendedModeAt(3 * 4096 + 1000);
        assertThat(error(send(emu, 1, 0x10, CLEAR_PARAMS))).isZero();
        assertThat(emu.presentPositionRaw(1)).isEqualTo(1000);
        // the goal moves with it, so the servo does not unwind three turns
        assertThat(emu.goalPositionRaw(1)).isEqualTo(1000);
    }

    @Test
    void clearOfANegativePositionLandsWithinOneTurn() {
        ServoChainEmulator emu = extendedModeAt(-2 * 4096 + 100);
        assertThat(error(send(emu, 1, 0x10, CLEAR_PARAMS))).isZero();
        assertThat(emu.presentPositionRaw(1)).isEqualTo(100);
    }

    @Test
    void clearWhileMovingIsResultFailAndChangesNothing() {
        ServoChainEmulator emu = extendedModeAt(2 * 4096);
        send(emu, 1, 0x03, "40 00 01"); // torque on
        send(emu, 1, 0x03, "74 00 00 40 00 00"); // goal 16384: two turns away
        clock.advanceMillis(10);
        emu.tick();
        long before = emu.presentPositionRaw(1);
        assertThat(before).isGreaterThan(2 * 4096);
        assertThat(error(send(emu, 1, 0x10, CLEAR_PARAMS))).isEqualTo(0x01);
        assertThat(emu.goalPositionRaw(1)).isEqualTo(16384);
    }

    @Test
    void clearWithWrongFixedBytesIsDataRangeAndWrongLengthIsDataLength() {
        ServoChainEmulator emu = extendedModeAt(4096 + 5);
        assertThat(error(send(emu, 1, 0x10, "01 44 58 4C 23"))).isEqualTo(0x04);
        assertThat(error(send(emu, 1, 0x10, "01 44 58"))).isEqualTo(0x05);
        assertThat(emu.presentPositionRaw(1)).isEqualTo(4096 + 5);
    }

    @Test
    void broadcastClearClearsWithoutStatusPackets() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1, 2}, 1_000_000, clock);
        emu.placeAt(1, 4096 + 7);
        emu.placeAt(2, 8192 + 9);
        assertThat(send(emu, 0xFE, 0x10, CLEAR_PARAMS)).isEmpty();
        assertThat(emu.presentPositionRaw(1)).isEqualTo(7);
        assertThat(emu.presentPositionRaw(2)).isEqualTo(9);
    }

    private ServoChainEmulator customised() {
        ServoChainEmulator emu = new ServoChainEmulator(new int[] {5}, 57600, 0, 0.02, clock);
        send(emu, 5, 0x03, "0B 00 04"); // extended position mode
        send(emu, 5, 0x03, "2C 00 64 00 00 00"); // velocity limit 100
        send(emu, 5, 0x03, "44 00 01"); // status return level 1
        return emu;
    }

    @Test
    void factoryResetKeepingIdAndBaudRestoresTheTableAndAnswers() {
        ServoChainEmulator emu = customised();
        emu.poke(5, 68, 2);
        assertThat(error(send(emu, 5, 0x06, "02"))).isZero();
        assertThat(emu.operatingMode(5)).isEqualTo(3);
        assertThat(emu.torqueEnabled(5)).isFalse();
        // still on the bus as ID 5 at 57600, with the defaults back: velocity limit 200, return
        // delay 250 (500 us)
        List<Transmission> read = send(emu, 5, 0x02, "2C 00 04 00");
        assertThat(Bytes.concat(read)[9] & 0xFF).isEqualTo(200);
        assertThat(Bytes.concat(send(emu, 5, 0x02, "09 00 01 00"))[9] & 0xFF).isEqualTo(250);
    }

    @Test
    void factoryResetAllGivesIdOneAndFactoryResetExceptIdKeepsTheId() {
        // the default 57600 bps bus, so that the reset baud rate still hears it
        ServoChainEmulator emu = customised();
        assertThat(send(emu, 5, 0x06, "FF")).isEmpty(); // status return level 1: no status
        assertThat(send(emu, 5, 0x01, "")).isEmpty(); // ID 5 is gone
        assertThat(Bytes.concat(send(emu, 1, 0x01, ""))[4]).isEqualTo((byte) 1);
        assertThat(emu.operatingMode(5)).isEqualTo(3);

        ServoChainEmulator other = customised();
        send(other, 5, 0x06, "01");
        assertThat(Bytes.concat(send(other, 5, 0x01, ""))[4]).isEqualTo((byte) 5);
        assertThat(other.operatingMode(5)).isEqualTo(3);
    }

    @Test
    void factoryResetToFactoryBaudRateLeavesAFasterBus() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {3}, 1_000_000, clock);
        assertThat(error(send(emu, 3, 0x06, "01"))).isZero();
        // now listening at 57600 bps: silent on this 1 Mbps bus
        assertThat(send(emu, 3, 0x01, "")).isEmpty();
    }

    @Test
    void broadcastFactoryResetAllIsIgnoredButOtherOptionsApplyWithoutStatus() {
        ServoChainEmulator emu = customised();
        assertThat(send(emu, 0xFE, 0x06, "FF")).isEmpty();
        assertThat(emu.operatingMode(5)).isEqualTo(4);
        assertThat(send(emu, 0xFE, 0x06, "02")).isEmpty();
        assertThat(emu.operatingMode(5)).isEqualTo(3);
    }

    @Test
    void factoryResetWithAnUnknownOptionIsDataRangeAndResetsNothing() {
        ServoChainEmulator emu = customised();
        emu.poke(5, 68, 2);
        assertThat(error(send(emu, 5, 0x06, "03"))).isEqualTo(0x04);
        assertThat(emu.operatingMode(5)).isEqualTo(4);
    }
}
