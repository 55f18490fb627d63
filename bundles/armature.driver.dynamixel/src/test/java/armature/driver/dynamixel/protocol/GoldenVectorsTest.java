package armature.driver.dynamixel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte vectors from the ROBOTIS e-manual, Protocol 2.0 page
 * (https://emanual.robotis.com/docs/en/dxl/protocol2/, "Instruction Details" examples). The encoder
 * must reproduce each instruction packet exactly, and the CRC of every listed packet (instructions
 * and status replies) must match its last two bytes.
 */
class GoldenVectorsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "FF FF FD 00 01 03 00 01 19 4E", // ping id 1
                "FF FF FD 00 01 07 00 55 00 06 04 26 65 5D", // ping status id 1
                "FF FF FD 00 FE 03 00 01 31 42", // broadcast ping
                "FF FF FD 00 02 07 00 55 00 06 04 26 6F 6D", // ping status id 2
                "FF FF FD 00 01 07 00 02 84 00 04 00 1D 15", // read
                "FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0", // read status
                "FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89", // write
                "FF FF FD 00 01 04 00 55 00 A1 0C", // write status
                "FF FF FD 00 01 09 00 04 68 00 C8 00 00 00 AE 8E", // reg write
                "FF FF FD 00 01 03 00 05 02 CE", // action
                "FF FF FD 00 01 04 00 06 01 A1 E6", // factory reset
                "FF FF FD 00 01 03 00 08 2F 4E", // reboot
                "FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA", // sync read
                "FF FF FD 00 02 08 00 55 00 1F 08 00 00 BA BE", // sync read status id 2
                "FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87", // sync
                // write
                "FF FF FD 00 FE 0D 00 92 01 90 00 02 00 02 92 00 01 00 1A 05", // bulk read
                "FF FF FD 00 01 06 00 55 00 77 00 C3 69", // bulk read status id 1
                "FF FF FD 00 02 05 00 55 00 24 8B A9" // bulk read status id 2
            })
    void crcMatchesManual(String vector) {
        byte[] b = Hex.parse(vector);
        int crc = Crc16.compute(b, 0, b.length - 2);
        assertThat(crc).isEqualTo((b[b.length - 2] & 0xFF) | (b[b.length - 1] & 0xFF) << 8);
    }

    @Test
    void ping() {
        assertThat(Hex.format(InstructionPackets.ping(1)))
                .isEqualTo("FF FF FD 00 01 03 00 01 19 4E");
        assertThat(Hex.format(InstructionPackets.ping(PacketEncoder.BROADCAST_ID)))
                .isEqualTo("FF FF FD 00 FE 03 00 01 31 42");
    }

    @Test
    void read() {
        assertThat(Hex.format(InstructionPackets.read(1, 132, 4)))
                .isEqualTo("FF FF FD 00 01 07 00 02 84 00 04 00 1D 15");
    }

    @Test
    void write() {
        assertThat(Hex.format(InstructionPackets.write(1, 116, new byte[] {0, 2, 0, 0})))
                .isEqualTo("FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89");
    }

    @Test
    void regWriteActionFactoryResetReboot() {
        assertThat(
                        Hex.format(
                                InstructionPackets.regWrite(
                                        1, 104, new byte[] {(byte) 200, 0, 0, 0})))
                .isEqualTo("FF FF FD 00 01 09 00 04 68 00 C8 00 00 00 AE 8E");
        assertThat(Hex.format(InstructionPackets.action(1)))
                .isEqualTo("FF FF FD 00 01 03 00 05 02 CE");
        assertThat(Hex.format(InstructionPackets.factoryReset(1, 0x01)))
                .isEqualTo("FF FF FD 00 01 04 00 06 01 A1 E6");
        assertThat(Hex.format(InstructionPackets.reboot(1)))
                .isEqualTo("FF FF FD 00 01 03 00 08 2F 4E");
    }

    @Test
    void syncRead() {
        assertThat(Hex.format(InstructionPackets.syncRead(132, 4, new int[] {1, 2})))
                .isEqualTo("FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA");
    }

    @Test
    void syncWrite() {
        byte[] data = {(byte) 150, 0, 0, 0, (byte) 170, 0, 0, 0};
        assertThat(Hex.format(InstructionPackets.syncWrite(116, 4, new int[] {1, 2}, data)))
                .isEqualTo(
                        "FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87");
    }

    @Test
    void bulkRead() {
        byte[] packet =
                InstructionPackets.bulkRead(
                        List.of(
                                new InstructionPackets.BulkReadEntry(1, 144, 2),
                                new InstructionPackets.BulkReadEntry(2, 146, 1)));
        assertThat(Hex.format(packet))
                .isEqualTo("FF FF FD 00 FE 0D 00 92 01 90 00 02 00 02 92 00 01 00 1A 05");
    }

    @Test
    void statusPacketsFromManualDecode() {
        PacketParser parser = new PacketParser();
        byte[] read = Hex.parse("FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0");
        parser.feed(read, 0, read.length);
        StatusPacket s = parser.next().packet().toStatus();
        assertThat(s.id()).isEqualTo(1);
        assertThat(s.error()).isEqualTo(StatusError.NONE);
        assertThat(s.paramUnsigned(0, 4)).isEqualTo(166);

        byte[] ping = Hex.parse("FF FF FD 00 01 07 00 55 00 06 04 26 65 5D");
        parser.feed(ping, 0, ping.length);
        StatusPacket p = parser.next().packet().toStatus();
        assertThat(p.paramUnsigned(0, 2)).isEqualTo(1030); // XM430-W210
        assertThat(p.paramUnsigned(2, 1)).isEqualTo(38);
    }
}
