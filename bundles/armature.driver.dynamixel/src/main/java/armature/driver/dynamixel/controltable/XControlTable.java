package armature.driver.dynamixel.controltable;

/**
 * Control table items of ROBOTIS X-series servos (XM430/XL430/XC430 family, Protocol 2.0). Address,
 * size in bytes, signedness and whether the item lives in EEPROM (writable only with torque off).
 */
public enum XControlTable {
    MODEL_NUMBER(0, 2, false, Access.READ, true),
    MODEL_INFORMATION(2, 4, false, Access.READ, true),
    FIRMWARE_VERSION(6, 1, false, Access.READ, true),
    ID(7, 1, false, Access.READ_WRITE, true),
    BAUD_RATE(8, 1, false, Access.READ_WRITE, true),
    /** Units of 2 microseconds. */
    RETURN_DELAY_TIME(9, 1, false, Access.READ_WRITE, true),
    DRIVE_MODE(10, 1, false, Access.READ_WRITE, true),
    OPERATING_MODE(11, 1, false, Access.READ_WRITE, true),
    SECONDARY_ID(12, 1, false, Access.READ_WRITE, true),
    PROTOCOL_TYPE(13, 1, false, Access.READ_WRITE, true),
    HOMING_OFFSET(20, 4, true, Access.READ_WRITE, true),
    MOVING_THRESHOLD(24, 4, false, Access.READ_WRITE, true),
    TEMPERATURE_LIMIT(31, 1, false, Access.READ_WRITE, true),
    MAX_VOLTAGE_LIMIT(32, 2, false, Access.READ_WRITE, true),
    MIN_VOLTAGE_LIMIT(34, 2, false, Access.READ_WRITE, true),
    PWM_LIMIT(36, 2, false, Access.READ_WRITE, true),
    CURRENT_LIMIT(38, 2, false, Access.READ_WRITE, true),
    VELOCITY_LIMIT(44, 4, false, Access.READ_WRITE, true),
    MAX_POSITION_LIMIT(48, 4, false, Access.READ_WRITE, true),
    MIN_POSITION_LIMIT(52, 4, false, Access.READ_WRITE, true),
    SHUTDOWN(63, 1, false, Access.READ_WRITE, true),
    TORQUE_ENABLE(64, 1, false, Access.READ_WRITE, false),
    LED(65, 1, false, Access.READ_WRITE, false),
    STATUS_RETURN_LEVEL(68, 1, false, Access.READ_WRITE, false),
    REGISTERED_INSTRUCTION(69, 1, false, Access.READ, false),
    HARDWARE_ERROR_STATUS(70, 1, false, Access.READ, false),
    /** Units of 20 ms; 0 disables, -1 (0xFF) means the watchdog fired. */
    BUS_WATCHDOG(98, 1, true, Access.READ_WRITE, false),
    GOAL_PWM(100, 2, true, Access.READ_WRITE, false),
    GOAL_CURRENT(102, 2, true, Access.READ_WRITE, false),
    GOAL_VELOCITY(104, 4, true, Access.READ_WRITE, false),
    PROFILE_ACCELERATION(108, 4, false, Access.READ_WRITE, false),
    PROFILE_VELOCITY(112, 4, false, Access.READ_WRITE, false),
    GOAL_POSITION(116, 4, true, Access.READ_WRITE, false),
    MOVING(122, 1, false, Access.READ, false),
    PRESENT_PWM(124, 2, true, Access.READ, false),
    PRESENT_CURRENT(126, 2, true, Access.READ, false),
    PRESENT_VELOCITY(128, 4, true, Access.READ, false),
    PRESENT_POSITION(132, 4, true, Access.READ, false),
    PRESENT_INPUT_VOLTAGE(144, 2, false, Access.READ, false),
    PRESENT_TEMPERATURE(146, 1, false, Access.READ, false),
    /**
     * First of 28 two-byte Indirect Address items (168..223); each names the address whose byte
     * Indirect Data 1..28 (224..251) mirrors. Listed as RAM in the e-manual, but ROBOTIS' own
     * example writes them with torque off, and so does this driver.
     */
    INDIRECT_ADDRESS_1(168, 2, false, Access.READ_WRITE, false),
    /** First of 28 Indirect Data bytes (224..251). */
    INDIRECT_DATA_1(224, 1, false, Access.READ_WRITE, false);

    /** Whether the host may write an item. */
    public enum Access {
        READ,
        READ_WRITE
    }

    /** Number of Indirect Address/Data pairs in the first bank (1..28). */
    public static final int INDIRECT_SLOTS_BANK_1 = 28;

    private final int address;
    private final int size;
    private final boolean signed;
    private final Access access;
    private final boolean eeprom;

    XControlTable(int address, int size, boolean signed, Access access, boolean eeprom) {
        this.address = address;
        this.size = size;
        this.signed = signed;
        this.access = access;
        this.eeprom = eeprom;
    }

    public int address() {
        return address;
    }

    public int size() {
        return size;
    }

    public boolean signed() {
        return signed;
    }

    public Access access() {
        return access;
    }

    public boolean eeprom() {
        return eeprom;
    }

    /** Decodes this item from little-endian bytes, sign-extending signed items. */
    public long decode(byte[] data, int offset) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (data[offset + i] & 0xFF);
        }
        if (signed) {
            int shift = 64 - 8 * size;
            v = (v << shift) >> shift;
        }
        return v;
    }

    /** Encodes {@code value} as this item's little-endian bytes; rejects values that do not fit. */
    public byte[] encode(long value) {
        long min = signed ? -(1L << (8 * size - 1)) : 0;
        long max = signed ? (1L << (8 * size - 1)) - 1 : (1L << (8 * size)) - 1;
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name() + " value=" + value + " is outside " + min + ".." + max);
        }
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
