package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void crcOfEmanualPingMatchesItsLastTwoBytes() {
        // https://emanual.robotis.com/docs/en/dxl/protocol2/ (Ping, Example 1)
        byte[] ping = Bytes.hex("FF FF FD 00 01 03 00 01 19 4E");
        assertThat(WireFormat.crc(ping, 0, 8)).isEqualTo(0x4E19);
    }

    @Test
    void stuffingInsertsFdAfterPatternAndUnstuffingRemovesIt() {
        byte[] body = Bytes.hex("55 00 FF FF FD 01 FF FF FF FD");
        byte[] stuffed = WireFormat.stuff(body);
        assertThat(Bytes.hex(stuffed)).isEqualTo("55 00 FF FF FD FD 01 FF FF FF FD FD");
        assertThat(WireFormat.unstuff(stuffed, 0, stuffed.length)).containsExactly(body);
    }

    @Test
    void statusPacketForEmanualWriteReplyIsByteExact() {
        assertThat(Bytes.hex(WireFormat.status(1, 0, new byte[0])))
                .isEqualTo("FF FF FD 00 01 04 00 55 00 A1 0C");
    }
}
