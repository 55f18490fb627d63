package armature.driver.dynamixel.protocol;

import java.util.Arrays;

/**
 * A decoded status packet: the replying servo's id, its raw error byte and the unstuffed
 * parameters.
 *
 * @param id the id of the servo that replied (0..252)
 * @param errorByte the raw error byte (bit 7 alert, bits 0..6 error number)
 * @param params the parameters after byte unstuffing; never null
 */
public record StatusPacket(int id, int errorByte, byte[] params) {
    public StatusPacket {
        params = params.clone();
    }

    /** The processing error; {@link StatusError#NONE} when the instruction succeeded. */
    public StatusError error() {
        return StatusError.fromErrorByte(errorByte);
    }

    /** True when the servo flags a hardware error (read Hardware Error Status to learn which). */
    public boolean hardwareAlert() {
        return (errorByte & StatusError.ALERT_BIT) != 0;
    }

    @Override
    public byte[] params() {
        return params.clone();
    }

    /** Parameter count without copying. */
    public int paramCount() {
        return params.length;
    }

    /**
     * Unsigned little-endian value of {@code size} (1, 2 or 4) parameter bytes at {@code offset}.
     */
    public long paramUnsigned(int offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (params[offset + i] & 0xFF);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusPacket s
                && s.id == id
                && s.errorByte == errorByte
                && Arrays.equals(s.params, params);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id + errorByte) + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "StatusPacket[id="
                + id
                + ", error="
                + error()
                + (hardwareAlert() ? "+ALERT" : "")
                + ", params="
                + Hex.format(params)
                + "]";
    }
}
