package armature.driver.dynamixel.protocol;

import java.util.Arrays;

/**
 * A CRC-checked, unstuffed packet as it came off the wire.
 *
 * @param id packet id
 * @param instructionCode the instruction byte (0x55 for status packets)
 * @param params the unstuffed parameters (for a status packet the first is the error byte)
 */
public record RawPacket(int id, int instructionCode, byte[] params) {
    public RawPacket {
        params = params.clone();
    }

    @Override
    public byte[] params() {
        return params.clone();
    }

    public boolean isStatus() {
        return instructionCode == Instruction.STATUS.code() && params.length >= 1;
    }

    /** This packet as a status packet; throws when it is not one. */
    public StatusPacket toStatus() {
        if (!isStatus()) {
            throw new IllegalStateException("not a status packet: " + this);
        }
        return new StatusPacket(id, params[0] & 0xFF, Arrays.copyOfRange(params, 1, params.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPacket r
                && r.id == id
                && r.instructionCode == instructionCode
                && Arrays.equals(r.params, params);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + instructionCode) + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return String.format(
                "RawPacket[id=%d, instruction=0x%02X, params=%s]",
                id, instructionCode, Hex.format(params));
    }
}
