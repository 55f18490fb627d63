package armature.driver.dynamixel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketCodecTest {

    private static byte[] status(int id, int error, String params) {
        byte[] p = params.isEmpty() ? new byte[0] : Hex.parse(params);
        byte[] withError = new byte[p.length + 1];
        withError[0] = (byte) error;
        System.arraycopy(p, 0, withError, 1, p.length);
        return PacketEncoder.encode(id, Instruction.STATUS, withError);
    }

    private static List<ParseEvent> drain(PacketParser parser) {
        List<ParseEvent> out = new ArrayList<>();
        ParseEvent e;
        while ((e = parser.next()) != null) {
            out.add(e);
        }
        return out;
    }

    @Test
    void stuffsHeaderPatternInParametersAndCountsItInLength() {
        byte[] packet = InstructionPackets.write(1, 116, Hex.parse("FF FF FD 00"));
        // instruction 03, address 74 00, data FF FF FD [FD] 00: 8 body bytes + 2 CRC = length 10
        assertThat(Hex.format(packet, 0, 15))
                .isEqualTo("FF FF FD 00 01 0A 00 03 74 00 FF FF FD FD 00");
        PacketParser parser = new PacketParser();
        parser.feed(packet, 0, packet.length);
        RawPacket raw = parser.next().packet();
        assertThat(Hex.format(raw.params())).isEqualTo("74 00 FF FF FD 00");
    }

    @Test
    void stuffsAfterLongRunOfFf() {
        byte[] packet = PacketEncoder.encode(1, Instruction.STATUS, Hex.parse("00 FF FF FF FD FD"));
        // FF FF FF FD -> FF FF FF FD FD; the original FD after it stays as data
        assertThat(Hex.format(packet, 7, 8)).isEqualTo("55 00 FF FF FF FD FD FD");
        PacketParser parser = new PacketParser();
        parser.feed(packet, 0, packet.length);
        assertThat(Hex.format(parser.next().packet().toStatus().params()))
                .isEqualTo("FF FF FF FD FD");
    }

    @Test
    void randomPayloadsRoundTripThroughStuffing() {
        Random random = new Random(42);
        PacketParser parser = new PacketParser();
        for (int trial = 0; trial < 2000; trial++) {
            byte[] params = new byte[random.nextInt(40)];
            for (int i = 0; i < params.length; i++) {
                // bias toward FF and FD so the stuffing path is exercised often
                int r = random.nextInt(4);
                params[i] = (byte) (r == 0 ? 0xFF : r == 1 ? 0xFD : random.nextInt(256));
            }
            byte[] packet = PacketEncoder.encode(7, 0x55, params, 0, params.length);
            parser.feed(packet, 0, packet.length);
            ParseEvent e = parser.next();
            assertThat(e.kind())
                    .as("trial %d: %s", trial, Hex.format(packet))
                    .isEqualTo(ParseEvent.Kind.PACKET);
            assertThat(e.packet().params()).as("trial %d", trial).isEqualTo(params);
        }
    }

    @Test
    void parsesPacketFedOneByteAtATime() {
        byte[] packet = status(3, 0, "A6 00 00 00");
        PacketParser parser = new PacketParser();
        for (int i = 0; i < packet.length - 1; i++) {
            parser.feed(packet, i, 1);
            assertThat(parser.next()).as("after %d bytes", i + 1).isNull();
        }
        parser.feed(packet, packet.length - 1, 1);
        assertThat(parser.next().packet().id()).isEqualTo(3);
        assertThat(parser.pendingBytes()).isZero();
    }

    @Test
    void reportsGarbageBeforeHeaderThenPacket() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(Hex.parse("00 13 FF 55 FF FF"));
        s.writeBytes(status(2, 0, "24"));
        PacketParser parser = new PacketParser();
        byte[] b = s.toByteArray();
        parser.feed(b, 0, b.length);
        List<ParseEvent> events = drain(parser);
        assertThat(events)
                .extracting(ParseEvent::kind)
                .containsExactly(ParseEvent.Kind.GARBAGE_BEFORE_HEADER, ParseEvent.Kind.PACKET);
        assertThat(events.get(0).byteCount()).isEqualTo(6);
    }

    @Test
    void parsesBackToBackPacketsInOneFeed() {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (int id = 1; id <= 16; id++) {
            s.writeBytes(status(id, 0, "01 02 03 04 05 06 07 08 09 0A"));
        }
        byte[] b = s.toByteArray();
        PacketParser parser = new PacketParser();
        parser.feed(b, 0, b.length);
        assertThat(drain(parser))
                .extracting(e -> e.packet().id())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    }

    @Test
    void crcErrorIsReportedAndFollowingPacketStillFound() {
        byte[] bad = status(1, 0, "A6 00 00 00");
        bad[bad.length - 1] ^= 0x40;
        byte[] good = status(2, 0, "1F 08 00 00");
        PacketParser parser = new PacketParser();
        parser.feed(bad, 0, bad.length);
        parser.feed(good, 0, good.length);
        List<ParseEvent> events = drain(parser);
        assertThat(events.get(0).kind()).isEqualTo(ParseEvent.Kind.CRC_MISMATCH);
        assertThat(events.get(0).detail()).contains("id=1");
        assertThat(events.get(events.size() - 1).packet().id()).isEqualTo(2);
        assertThat(events).filteredOn(e -> e.kind() == ParseEvent.Kind.PACKET).hasSize(1);
    }

    @Test
    void invalidLengthIsReportedByName() {
        byte[] b = Hex.parse("FF FF FD 00 01 02 00 55 00");
        PacketParser parser = new PacketParser();
        parser.feed(b, 0, b.length);
        assertThat(parser.next().kind()).isEqualTo(ParseEvent.Kind.INVALID_LENGTH);
    }

    @Test
    void truncatedPacketStaysPending() {
        byte[] packet = status(5, 0, "A6 00 00 00");
        PacketParser parser = new PacketParser();
        parser.feed(packet, 0, packet.length - 3);
        assertThat(parser.next()).isNull();
        assertThat(parser.pendingBytes()).isEqualTo(packet.length - 3);
        parser.reset();
        assertThat(parser.pendingBytes()).isZero();
    }

    @Test
    void statusErrorByteDecodes() {
        PacketParser parser = new PacketParser();
        byte[] b = status(4, 0x80 | 0x04, "");
        parser.feed(b, 0, b.length);
        StatusPacket s = parser.next().packet().toStatus();
        assertThat(s.error()).isEqualTo(StatusError.DATA_RANGE_ERROR);
        assertThat(s.hardwareAlert()).isTrue();
        assertThat(StatusError.fromErrorByte(0x07)).isEqualTo(StatusError.ACCESS_ERROR);
        assertThat(StatusError.fromErrorByte(0x01)).isEqualTo(StatusError.RESULT_FAIL);
        assertThat(StatusError.fromErrorByte(0x02)).isEqualTo(StatusError.INSTRUCTION_ERROR);
        assertThat(StatusError.fromErrorByte(0x03)).isEqualTo(StatusError.CRC_ERROR);
        assertThat(StatusError.fromErrorByte(0x05)).isEqualTo(StatusError.DATA_LENGTH_ERROR);
        assertThat(StatusError.fromErrorByte(0x06)).isEqualTo(StatusError.DATA_LIMIT_ERROR);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> InstructionPackets.read(253, 0, 1)).hasMessageContaining("id=253");
        assertThatThrownBy(() -> InstructionPackets.syncRead(0, 0, new int[] {1}))
                .hasMessageContaining("data length=0");
        assertThatThrownBy(() -> InstructionPackets.syncRead(132, 4, new int[] {1, 1}))
                .hasMessageContaining("id=1 appears more than once");
        assertThatThrownBy(() -> InstructionPackets.syncWrite(116, 4, new int[] {1}, new byte[3]))
                .hasMessageContaining("data length=3");
        assertThatThrownBy(() -> InstructionPackets.factoryReset(1, 7))
                .hasMessageContaining("option=7");
    }
}
