package armature.driver.dynamixel.protocol;

/**
 * The processing error a servo reports in bits 0..6 of a status packet's error byte. Bit 7 (the
 * hardware alert) is separate: see {@link StatusPacket#hardwareAlert()}.
 */
public enum StatusError {
    NONE(0x00, "no error"),
    RESULT_FAIL(0x01, "result fail: the servo failed to process the instruction"),
    INSTRUCTION_ERROR(
            0x02, "instruction error: undefined instruction, or action without reg write"),
    CRC_ERROR(0x03, "CRC error: the servo saw a CRC mismatch in the instruction packet"),
    DATA_RANGE_ERROR(0x04, "data range error: value outside the item's minimum/maximum"),
    DATA_LENGTH_ERROR(0x05, "data length error: fewer bytes than the item's size"),
    DATA_LIMIT_ERROR(0x06, "data limit error: value outside the configured limit"),
    ACCESS_ERROR(0x07, "access error: read-only/undefined address, or EEPROM write with torque on"),
    UNKNOWN(-1, "unknown error number");

    /** Bit 7 of the error byte: the servo has a hardware error; read Hardware Error Status (70). */
    public static final int ALERT_BIT = 0x80;

    private final int number;
    private final String description;

    StatusError(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /** Decodes bits 0..6 of a status packet's error byte. */
    public static StatusError fromErrorByte(int errorByte) {
        int n = errorByte & 0x7F;
        for (StatusError e : values()) {
            if (e.number == n) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
