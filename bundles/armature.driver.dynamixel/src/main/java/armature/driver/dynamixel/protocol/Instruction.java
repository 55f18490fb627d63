package armature.driver.dynamixel.protocol;

/** Protocol 2.0 instruction codes used by this driver. */
public enum Instruction {
    PING(0x01),
    READ(0x02),
    WRITE(0x03),
    REG_WRITE(0x04),
    ACTION(0x05),
    FACTORY_RESET(0x06),
    REBOOT(0x08),
    STATUS(0x55),
    SYNC_READ(0x82),
    SYNC_WRITE(0x83),
    BULK_READ(0x92),
    BULK_WRITE(0x93);

    private final int code;

    Instruction(int code) {
        this.code = code;
    }

    /** The byte that goes into the instruction field. */
    public int code() {
        return code;
    }

    /** Looks up an instruction by its code; null when the code is not one this driver knows. */
    public static Instruction fromCode(int code) {
        for (Instruction i : values()) {
            if (i.code == (code & 0xFF)) {
                return i;
            }
        }
        return null;
    }
}
