package armature.driver.dynamixel.emulator;

/**
 * The emulator's view of an X-series control table (XM430-W350 values), written from the datasheet
 * independently of the driver's table.
 */
enum Register {
    MODEL_NUMBER(0, 2, false, false, 0, 0xFFFF),
    MODEL_INFORMATION(2, 4, false, false, 0, 0xFFFFFFFFL),
    FIRMWARE_VERSION(6, 1, false, false, 0, 255),
    ID(7, 1, true, true, 0, 252),
    BAUD_RATE(8, 1, true, true, 0, 7),
    RETURN_DELAY_TIME(9, 1, true, true, 0, 254),
    DRIVE_MODE(10, 1, true, true, 0, 13),
    OPERATING_MODE(11, 1, true, true, 0, 16),
    SECONDARY_ID(12, 1, true, true, 0, 255),
    PROTOCOL_TYPE(13, 1, true, true, 1, 2),
    HOMING_OFFSET(20, 4, true, true, -1_044_479, 1_044_479),
    MOVING_THRESHOLD(24, 4, true, true, 0, 1023),
    TEMPERATURE_LIMIT(31, 1, true, true, 0, 100),
    MAX_VOLTAGE_LIMIT(32, 2, true, true, 95, 160),
    MIN_VOLTAGE_LIMIT(34, 2, true, true, 95, 160),
    PWM_LIMIT(36, 2, true, true, 0, 885),
    CURRENT_LIMIT(38, 2, true, true, 0, 1193),
    ACCELERATION_LIMIT(40, 4, true, true, 0, 32767),
    VELOCITY_LIMIT(44, 4, true, true, 0, 1023),
    MAX_POSITION_LIMIT(48, 4, true, true, 0, 4095),
    MIN_POSITION_LIMIT(52, 4, true, true, 0, 4095),
    SHUTDOWN(63, 1, true, true, 0, 255),
    TORQUE_ENABLE(64, 1, true, false, 0, 1),
    LED(65, 1, true, false, 0, 1),
    STATUS_RETURN_LEVEL(68, 1, true, false, 0, 2),
    REGISTERED_INSTRUCTION(69, 1, false, false, 0, 1),
    HARDWARE_ERROR_STATUS(70, 1, false, false, 0, 255),
    BUS_WATCHDOG(98, 1, true, false, 0, 127),
    GOAL_PWM(100, 2, true, false, -885, 885),
    GOAL_CURRENT(102, 2, true, false, -1193, 1193),
    GOAL_VELOCITY(104, 4, true, false, -1023, 1023),
    PROFILE_ACCELERATION(108, 4, true, false, 0, 32767),
    PROFILE_VELOCITY(112, 4, true, false, 0, 32767),
    GOAL_POSITION(116, 4, true, false, -1_048_575, 1_048_575),
    REALTIME_TICK(120, 2, false, false, 0, 32767),
    MOVING(122, 1, false, false, 0, 1),
    MOVING_STATUS(123, 1, false, false, 0, 255),
    PRESENT_PWM(124, 2, false, false, -885, 885),
    PRESENT_CURRENT(126, 2, false, false, -32768, 32767),
    PRESENT_VELOCITY(128, 4, false, false, Integer.MIN_VALUE, Integer.MAX_VALUE),
    PRESENT_POSITION(132, 4, false, false, Integer.MIN_VALUE, Integer.MAX_VALUE),
    VELOCITY_TRAJECTORY(136, 4, false, false, Integer.MIN_VALUE, Integer.MAX_VALUE),
    POSITION_TRAJECTORY(140, 4, false, false, Integer.MIN_VALUE, Integer.MAX_VALUE),
    PRESENT_INPUT_VOLTAGE(144, 2, false, false, 0, 0xFFFF),
    PRESENT_TEMPERATURE(146, 1, false, false, 0, 255);

    /**
     * One past the last address the emulator models: the end of Indirect Data 56. Addresses from
     * 168 on are the indirect areas, handled by {@link IndirectAreas} rather than by items here.
     */
    static final int TABLE_SIZE = 662;

    final int address;
    final int size;
    final boolean writable;
    final boolean eeprom;
    final long min;
    final long max;

    Register(int address, int size, boolean writable, boolean eeprom, long min, long max) {
        this.address = address;
        this.size = size;
        this.writable = writable;
        this.eeprom = eeprom;
        this.min = min;
        this.max = max;
    }

    /** The register starting exactly at {@code address}, or null. */
    static Register startingAt(int address) {
        for (Register r : values()) {
            if (r.address == address) {
                return r;
            }
        }
        return null;
    }

    /** The register covering {@code address}, or null for a gap in the table. */
    static Register covering(int address) {
        for (Register r : values()) {
            if (address >= r.address && address < r.address + r.size) {
                return r;
            }
        }
        return null;
    }
}
