package armature.driver.dynamixel.protocol;

/**
 * Builds Protocol 2.0 packets: header, id, length, instruction, byte-stuffed parameters and CRC.
 *
 * <p>Stuffing follows the e-manual's transmission order: the instruction and parameter fields are
 * scanned for FF FF FD and an extra FD is inserted after each occurrence, then the length is set to
 * the stuffed size and the CRC is computed over the stuffed packet.
 */
public final class PacketEncoder {
    /** Packet ids 0..252 address one servo; 254 addresses all of them. */
    public static final int MAX_SERVO_ID = 252;

    public static final int BROADCAST_ID = 0xFE;
    static final int HEADER_SIZE = 7; // FF FF FD 00 id lenL lenH

    private PacketEncoder() {}

    /**
     * Encodes one packet.
     *
     * @param id servo id 0..252 or {@link #BROADCAST_ID}
     * @param instruction the instruction (or {@code Instruction.STATUS} with the error byte as the
     *     first parameter)
     * @param params unstuffed parameters
     */
    public static byte[] encode(int id, Instruction instruction, byte[] params) {
        return encode(id, instruction.code(), params, 0, params.length);
    }

    /**
     * Encodes one packet with a raw instruction code; see {@link #encode(int, Instruction,
     * byte[])}.
     */
    public static byte[] encode(
            int id, int instructionCode, byte[] params, int paramOffset, int paramLength) {
        if (id < 0 || (id > MAX_SERVO_ID && id != BROADCAST_ID)) {
            throw new IllegalArgumentException(
                    "id=" + id + " is outside 0.." + MAX_SERVO_ID + " and not broadcast 254");
        }
        // Worst case every third byte triggers a stuffing byte.
        byte[] body = new byte[1 + paramLength + (1 + paramLength) / 3 + 1];
        int n = 0;
        int run = 0; // how many bytes of the FF FF FD pattern the tail currently matches
        for (int i = -1; i < paramLength; i++) {
            byte b = i < 0 ? (byte) instructionCode : params[paramOffset + i];
            body[n++] = b;
            int v = b & 0xFF;
            if (run == 2 && v == 0xFD) {
                body[n++] = (byte) 0xFD;
                run = 0;
            } else if (v == 0xFF) {
                run = run >= 1 ? 2 : 1;
            } else {
                run = 0;
            }
        }
        int length = n + 2;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException(
                    "packet length=" + length + " exceeds the protocol maximum 65535");
        }
        byte[] packet = new byte[HEADER_SIZE + n + 2];
        packet[0] = (byte) 0xFF;
        packet[1] = (byte) 0xFF;
        packet[2] = (byte) 0xFD;
        packet[3] = 0x00;
        packet[4] = (byte) id;
        packet[5] = (byte) length;
        packet[6] = (byte) (length >>> 8);
        System.arraycopy(body, 0, packet, HEADER_SIZE, n);
        int crc = Crc16.compute(packet, 0, HEADER_SIZE + n);
        packet[HEADER_SIZE + n] = (byte) crc;
        packet[HEADER_SIZE + n + 1] = (byte) (crc >>> 8);
        return packet;
    }
}
