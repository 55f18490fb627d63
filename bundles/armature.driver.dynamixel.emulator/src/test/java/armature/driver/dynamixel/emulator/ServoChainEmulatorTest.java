package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the emulator against the e-manual's example packets (Protocol 2.0 page,
 * https://emanual.robotis.com/docs/en/dxl/protocol2/) and its own behaviour on a fake clock.
 */
class ServoChainEmulatorTest {
    private final FakeClock clock = new FakeClock();

    private List<Transmission> send(ServoChainEmulator emu, String hex) {
        byte[] b = Bytes.hex(hex);
        return emu.receive(b, 0, b.length);
    }

    /**
     * An instruction packet built with the emulator's own framing (for instructions not in the
     * manual).
     */
    private List<Transmission> sendInstruction(
            ServoChainEmulator emu, int id, int instruction, String params) {
        byte[] p = params.isEmpty() ? new byte[0] : Bytes.hex(params);
        byte[] body = new byte[p.length + 1];
        body[0] = (byte) instruction;
        System.arraycopy(p, 0, body, 1, p.length);
        byte[] frame = WireFormat.frame(id, WireFormat.stuff(body));
        return emu.receive(frame, 0, frame.length);
    }

    @Test
    void writeExampleSetsGoalAndRepliesWithManualStatusPacket() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 57600, clock);
        List<Transmission> out = send(emu, "FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89");
        assertThat(Bytes.hex(Bytes.concat(out))).isEqualTo("FF FF FD 00 01 04 00 55 00 A1 0C");
        assertThat(emu.goalPositionRaw(1)).isEqualTo(512);
    }

    @Test
    void syncReadExampleRepliesWithManualStatusPackets() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1, 2}, 57600, clock);
        emu.placeAt(1, 166);
        emu.placeAt(2, 2079);
        List<Transmission> out = send(emu, "FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA");
        assertThat(out).hasSize(2);
        assertThat(Bytes.hex(out.get(0).bytes()))
                .isEqualTo("FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0");
        assertThat(Bytes.hex(out.get(1).bytes()))
                .isEqualTo("FF FF FD 00 02 08 00 55 00 1F 08 00 00 BA BE");
    }

    @Test
    void syncWriteExampleSetsBothGoals() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1, 2}, 57600, clock);
        List<Transmission> out =
                send(
                        emu,
                        "FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87");
        assertThat(out).isEmpty();
        assertThat(emu.goalPositionRaw(1)).isEqualTo(150);
        assertThat(emu.goalPositionRaw(2)).isEqualTo(170);
    }

    @Test
    void bulkReadExampleRepliesWithManualStatusPackets() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1, 2}, 57600, clock);
        emu.poke(1, 144, 119); // present input voltage 11.9 V as in the example
        List<Transmission> out =
                send(emu, "FF FF FD 00 FE 0D 00 92 01 90 00 02 00 02 92 00 01 00 1A 05");
        assertThat(out).hasSize(2);
        assertThat(Bytes.hex(out.get(0).bytes()))
                .isEqualTo("FF FF FD 00 01 06 00 55 00 77 00 C3 69");
        assertThat(Bytes.hex(out.get(1).bytes())).isEqualTo("FF FF FD 00 02 05 00 55 00 24 8B A9");
    }

    @Test
    void repliesArePacedByWireTimeAndReturnDelay() {
        ServoChainEmulator emu = new ServoChainEmulator(new int[] {1, 2}, 57600, 100, 0.02, clock);
        List<Transmission> out = send(emu, "FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA");
        double byteNanos = 1e10 / 57600; // 173.6 us: start bit, 8 data bits, stop bit
        // first reply is due when its last byte is in: the 16-byte instruction, the 100 us
        // return delay and the reply's own 15 bytes
        assertThat(out.get(0).delayNanos())
                .isBetween((long) (31 * byteNanos) + 100_000, (long) (31 * byteNanos) + 100_002);
        // second reply: its return delay and its own 15 bytes after the first one's last byte
        assertThat(out.get(1).delayNanos())
                .isBetween((long) (15 * byteNanos) + 100_000, (long) (15 * byteNanos) + 100_002);
    }

    @Test
    void aReadAt57600IsDueNoEarlierThanItsTwentyNineWireBytes() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 57600, clock);
        // 14-byte read of Present Position (4 bytes), 15-byte status packet: 29 x 173.6 us
        List<Transmission> out = send(emu, "FF FF FD 00 01 07 00 02 84 00 04 00 1D 15");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).bytes()).hasSize(15);
        assertThat(out.get(0).delayNanos()).isGreaterThanOrEqualTo(5_034_722L);
    }

    @Test
    void aSyncWriteKeepsTheWireBusyForTheNextInstruction() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1, 2}, 57600, clock);
        String syncWrite =
                "FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87";
        String read = "FF FF FD 00 01 07 00 02 84 00 04 00 1D 15";
        assertThat(send(emu, syncWrite)).isEmpty();
        // sent at the same instant: the read waits for the sync write's 24 bytes to leave
        List<Transmission> out = send(emu, read);
        assertThat(out.get(0).delayNanos()).isGreaterThanOrEqualTo(emu.wireNanos(24 + 14 + 15));
        // once the wire has been silent long enough, only the read's own bytes count
        clock.advanceMillis(100);
        assertThat(send(emu, read).get(0).delayNanos()).isEqualTo(emu.wireNanos(14 + 15));
    }

    @Test
    void returnDelayRegisterIsChargedBeforeEachStatusPacket() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        long before = send(emu, "FF FF FD 00 01 03 00 01 19 4E").get(0).delayNanos();
        clock.advanceMillis(100);
        sendInstruction(emu, 1, 0x03, "09 00 FA"); // Return Delay Time 250 = 500 us
        clock.advanceMillis(100);
        long after = send(emu, "FF FF FD 00 01 03 00 01 19 4E").get(0).delayNanos();
        assertThat(after - before).isEqualTo(500_000);
    }

    @Test
    void wirePacingCanBeSwitchedOff() {
        ServoChainEmulator emu = new ServoChainEmulator(new int[] {1, 2}, 57600, 100, 0.02, clock);
        emu.setWirePacing(false);
        List<Transmission> out = send(emu, "FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA");
        assertThat(out).extracting(Transmission::delayNanos).containsExactly(100_000L, 100_000L);
    }

    @Test
    void motorFollowsGoalAsFirstOrderSystem() {
        ServoChainEmulator emu = new ServoChainEmulator(new int[] {1}, 4_000_000, 0, 0.020, clock);
        sendInstruction(emu, 1, 0x03, "2C 00 FF 03 00 00"); // velocity limit 1023 (16 k counts/s)
        sendInstruction(emu, 1, 0x03, "40 00 01"); // torque on
        sendInstruction(emu, 1, 0x03, "74 00 4C 08 00 00"); // goal 2124: a 76-count step
        // A step small enough that the first-order approach (at most 3.8 k counts/s) stays under
        // the velocity limit. After one time constant: 63.2% of the step, within 2 counts.
        for (int i = 0; i < 20; i++) {
            clock.advanceMillis(1);
            emu.tick();
        }
        assertThat(emu.presentPositionRaw(1)).isBetween(2048 + 48L - 2, 2048 + 48L + 2);
        for (int i = 0; i < 200; i++) {
            clock.advanceMillis(1);
            emu.tick();
        }
        assertThat(emu.presentPositionRaw(1)).isEqualTo(2124);
    }

    @Test
    void busWatchdogTurnsTorqueOffWhenInstructionsStop() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        sendInstruction(emu, 1, 0x03, "40 00 01");
        sendInstruction(emu, 1, 0x03, "62 00 05"); // 5 x 20 ms = 100 ms
        clock.advanceMillis(90);
        emu.tick();
        assertThat(emu.torqueEnabled(1)).isTrue();
        clock.advanceMillis(20);
        emu.tick();
        assertThat(emu.torqueEnabled(1)).isFalse();
        assertThat(emu.busWatchdogRaw(1)).isEqualTo(255);
        // Goal writes are refused (data range error 0x04) until the watchdog is cleared.
        assertThat(Bytes.concat(sendInstruction(emu, 1, 0x03, "74 00 00 08 00 00"))[8])
                .isEqualTo((byte) 0x04);
        sendInstruction(emu, 1, 0x03, "62 00 00");
        assertThat(Bytes.concat(sendInstruction(emu, 1, 0x03, "74 00 00 08 00 00"))[8])
                .isEqualTo((byte) 0x00);
    }

    @Test
    void instructionsKeepTheWatchdogFed() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        sendInstruction(emu, 1, 0x03, "40 00 01");
        sendInstruction(emu, 1, 0x03, "62 00 05");
        for (int i = 0; i < 10; i++) {
            clock.advanceMillis(50);
            sendInstruction(emu, 1, 0x01, "");
        }
        assertThat(emu.torqueEnabled(1)).isTrue();
    }

    @Test
    void hardwareErrorSetsAlertBitUntilReboot() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        emu.raiseHardwareError(1, 0x20 | 0x04);
        byte[] reply = Bytes.concat(send(emu, "FF FF FD 00 01 03 00 01 19 4E"));
        assertThat(reply[8] & 0xFF).isEqualTo(0x80);
        // Reboot example packet from the manual; the servo answers then restarts clean.
        send(emu, "FF FF FD 00 01 03 00 08 2F 4E");
        assertThat(emu.hardwareErrorStatus(1)).isZero();
        assertThat(Bytes.concat(send(emu, "FF FF FD 00 01 03 00 01 19 4E"))[8]).isZero();
    }

    @Test
    void eepromWriteWithTorqueOnIsAccessError() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        sendInstruction(emu, 1, 0x03, "40 00 01");
        byte[] reply = Bytes.concat(sendInstruction(emu, 1, 0x03, "0B 00 01")); // operating mode
        assertThat(reply[8]).isEqualTo((byte) 0x07);
    }

    @Test
    void partialItemWriteIsDataLengthError() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        byte[] reply = Bytes.concat(sendInstruction(emu, 1, 0x03, "74 00 00 02"));
        assertThat(reply[8]).isEqualTo((byte) 0x05);
    }

    @Test
    void statusReturnLevelOneSilencesWritesButNotReads() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        emu.poke(1, 68, 1);
        assertThat(sendInstruction(emu, 1, 0x03, "41 00 01")).isEmpty();
        assertThat(send(emu, "FF FF FD 00 01 07 00 02 84 00 04 00 1D 15")).hasSize(1);
        emu.poke(1, 68, 0);
        assertThat(send(emu, "FF FF FD 00 01 07 00 02 84 00 04 00 1D 15")).isEmpty();
        assertThat(send(emu, "FF FF FD 00 01 03 00 01 19 4E")).hasSize(1); // ping always answers
    }

    @Test
    void corruptedInstructionGetsCrcErrorStatus() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        byte[] reply = Bytes.concat(send(emu, "FF FF FD 00 01 03 00 01 19 4F"));
        assertThat(reply[8]).isEqualTo((byte) 0x03);
        assertThat(emu.crcErrorCount()).isEqualTo(1);
    }

    @Test
    void instructionSplitIntoSingleBytesIsStillUnderstood() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        byte[] ping = Bytes.hex("13 37 FF FF FD 00 01 03 00 01 19 4E");
        int replies = 0;
        for (int i = 0; i < ping.length; i++) {
            replies += emu.receive(ping, i, 1).size();
        }
        assertThat(replies).isEqualTo(1);
    }

    @Test
    void faultsShapeTheNextReplyOnly() {
        ServoChainEmulator emu = ServoChainEmulator.of(new int[] {1}, 1_000_000, clock);
        String ping = "FF FF FD 00 01 03 00 01 19 4E";
        byte[] good = Bytes.concat(send(emu, ping));

        emu.injectFault(1, Fault.DROP_REPLY, 1);
        assertThat(send(emu, ping)).isEmpty();

        emu.injectFault(1, Fault.CORRUPT_CRC, 1);
        byte[] bad = Bytes.concat(send(emu, ping));
        assertThat(bad).hasSameSizeAs(good).isNotEqualTo(good);

        emu.injectFault(1, Fault.TRUNCATE, 1);
        assertThat(Bytes.concat(send(emu, ping))).hasSize(good.length / 2);

        emu.injectFault(1, Fault.WRONG_ID, 1);
        byte[] wrong = Bytes.concat(send(emu, ping));
        assertThat(wrong[4] & 0xFF).isEqualTo(252);
        assertThat(WireFormat.crc(wrong, 0, wrong.length - 2))
                .isEqualTo(WireFormat.u16(wrong, wrong.length - 2));

        emu.injectFault(1, Fault.SPLIT_WITH_GAPS, 1);
        List<Transmission> split = send(emu, ping);
        assertThat(split).hasSize(3);
        assertThat(split.get(1).delayNanos())
                .isGreaterThanOrEqualTo(ServoChainEmulator.SPLIT_GAP_NANOS);
        assertThat(Bytes.concat(split)).isEqualTo(good);

        emu.injectFault(1, Fault.GARBAGE_BEFORE, 1);
        byte[] withGarbage = Bytes.concat(send(emu, ping));
        assertThat(withGarbage).hasSize(good.length + ServoChainEmulator.GARBAGE.length);

        assertThat(Bytes.concat(send(emu, ping))).isEqualTo(good);
    }

    @Test
    void rejectsInvalidConstruction() {
        assertThatThrownBy(() -> ServoChainEmulator.of(new int[] {1}, 12345, clock))
                .hasMessageContaining("baudRate=12345");
        assertThatThrownBy(() -> new ServoChainEmulator(new int[] {1}, 57600, 3, 0.02, clock))
                .hasMessageContaining("returnDelayMicros=3");
        assertThatThrownBy(() -> ServoChainEmulator.of(new int[] {1, 1}, 57600, clock))
                .hasMessageContaining("id=1");
    }

    @Test
    void parsesIdRanges() {
        assertThat(EmulatorMain.parseIds("1-3,7")).containsExactly(1, 2, 3, 7);
    }
}
