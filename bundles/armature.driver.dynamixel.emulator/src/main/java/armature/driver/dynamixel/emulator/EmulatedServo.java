package armature.driver.dynamixel.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * One emulated X-series servo: its control table bytes (including the indirect areas), access rules
 * and a {@link MotorModel}. Present values are published into the table after every step so that
 * reads, direct or indirect, see one consistent snapshot.
 */
final class EmulatedServo {
    static final int MODEL_XM430_W350 = 1020;
    static final int FIRMWARE = 45;
    static final int ERR_RESULT_FAIL = 0x01;
    static final int ERR_DATA_RANGE = 0x04;
    static final int ERR_DATA_LENGTH = 0x05;
    static final int ERR_DATA_LIMIT = 0x06;
    static final int ERR_ACCESS = 0x07;

    private int watchdogWritten = -1;

    /** {@link #hostWrite} result when the servo went silent instead of answering. */
    static final int SILENT = -1;

    private static final int OVERHEATING_BIT = 1 << 2;
    private static final int DEFAULT_ID = 1;
    private static final int DEFAULT_BAUD_CODE = 1; // 57600 bps
    private static final int DEFAULT_RETURN_DELAY_UNITS = 250; // x 2 us = 500 us
    private static final long COUNTS_PER_TURN = 4096;

    private final byte[] table = new byte[Register.TABLE_SIZE];
    private final MotorModel motor;
    private final Map<Integer, WriteFailure> writeFailures = new HashMap<>();
    private final int key;
    private boolean responding = true;

    EmulatedServo(int id, int baudCode, int returnDelayUnits, double timeConstantSeconds) {
        this.key = id;
        this.motor = new MotorModel(timeConstantSeconds);
        restoreDefaults();
        set(Register.ID, id);
        set(Register.BAUD_RATE, baudCode);
        set(Register.RETURN_DELAY_TIME, returnDelayUnits);
        set(Register.GOAL_POSITION, 2048);
        publish();
    }

    /**
     * The XM430-W350 factory table: every byte cleared, then the e-manual's default values (ID 1,
     * 57600 bps, Return Delay Time 250 = 500 us, position mode, ...).
     */
    private void restoreDefaults() {
        java.util.Arrays.fill(table, (byte) 0);
        set(Register.MODEL_NUMBER, MODEL_XM430_W350);
        set(Register.FIRMWARE_VERSION, FIRMWARE);
        set(Register.ID, DEFAULT_ID);
        set(Register.BAUD_RATE, DEFAULT_BAUD_CODE);
        set(Register.RETURN_DELAY_TIME, DEFAULT_RETURN_DELAY_UNITS);
        set(Register.OPERATING_MODE, 3);
        set(Register.PROTOCOL_TYPE, 2);
        set(Register.MOVING_THRESHOLD, 10);
        set(Register.TEMPERATURE_LIMIT, 80);
        set(Register.MAX_VOLTAGE_LIMIT, 160);
        set(Register.MIN_VOLTAGE_LIMIT, 95);
        set(Register.PWM_LIMIT, 885);
        set(Register.CURRENT_LIMIT, 1193);
        set(Register.ACCELERATION_LIMIT, 32767);
        set(Register.VELOCITY_LIMIT, 200);
        set(Register.MAX_POSITION_LIMIT, 4095);
        set(Register.MIN_POSITION_LIMIT, 0);
        set(Register.SHUTDOWN, 52);
        set(Register.STATUS_RETURN_LEVEL, 2);
        set(Register.PRESENT_INPUT_VOLTAGE, 120);
        for (int slot = 0; slot < IndirectAreas.SLOTS; slot++) {
            // Factory default: each Indirect Address points at its own data byte.
            setU16(IndirectAreas.addressItem(slot), IndirectAreas.dataByte(slot));
        }
    }

    /**
     * Factory Reset (instruction 0x06): the whole table back to the factory defaults, keeping the
     * ID and/or the baud rate when asked. Like a power cycle it leaves torque off and the goal at
     * the present position, so nothing moves afterwards.
     */
    void factoryReset(boolean keepId, boolean keepBaudRate) {
        long id = get(Register.ID);
        long baud = get(Register.BAUD_RATE);
        restoreDefaults();
        if (keepId) {
            set(Register.ID, id);
        }
        if (keepBaudRate) {
            set(Register.BAUD_RATE, baud);
        }
        motor.release();
        set(Register.GOAL_POSITION, Math.round(motor.positionCounts()));
        publish();
    }

    /**
     * Clear (instruction 0x10, option 0x01): Present Position back within one revolution (0..4095)
     * by dropping whole turns; Goal Position moves by the same turns so the servo does not try to
     * unwind them. Returns false (nothing done) while the servo is moving.
     */
    boolean clearRevolutions() {
        if (get(Register.MOVING) != 0) {
            return false;
        }
        double counts = motor.positionCounts();
        long turns = Math.floorDiv(Math.round(counts), COUNTS_PER_TURN);
        motor.shift(-turns * COUNTS_PER_TURN);
        set(Register.GOAL_POSITION, get(Register.GOAL_POSITION) - turns * COUNTS_PER_TURN);
        publish();
        return true;
    }

    /** The servo's present ID (address 7): what it answers to on the bus. */
    int id() {
        return (int) get(Register.ID);
    }

    /** The id the servo was created with: a stable handle for test controls and faults. */
    int key() {
        return key;
    }

    long get(Register r) {
        return decode(table, r.address, r.size, r.min < 0);
    }

    void set(Register r, long value) {
        for (int i = 0; i < r.size; i++) {
            table[r.address + i] = (byte) (value >>> (8 * i));
        }
    }

    int indirectTarget(int slot) {
        int a = IndirectAreas.addressItem(slot);
        return (table[a] & 0xFF) | (table[a + 1] & 0xFF) << 8;
    }

    private void setU16(int address, int value) {
        table[address] = (byte) value;
        table[address + 1] = (byte) (value >>> 8);
    }

    boolean torqueOn() {
        return get(Register.TORQUE_ENABLE) == 1;
    }

    /** The Bus Watchdog item reads -1 (0xFF) once it has fired. */
    boolean watchdogFired() {
        return (table[Register.BUS_WATCHDOG.address] & 0xFF) == 0xFF;
    }

    boolean responding() {
        return responding;
    }

    void setResponding(boolean responding) {
        this.responding = responding;
    }

    double positionCounts() {
        return motor.positionCounts();
    }

    double temperatureDegC() {
        return motor.temperatureDegC();
    }

    void setThermal(double ambientDegC, double heating, double coolingTimeConstantSeconds) {
        motor.setThermal(ambientDegC, heating, coolingTimeConstantSeconds);
    }

    void setTemperatureDegC(double t) {
        motor.setTemperatureDegC(t);
        publish();
    }

    void failWrites(int address, WriteFailure how) {
        if (how == null) {
            writeFailures.remove(address);
        } else {
            writeFailures.put(address, how);
        }
    }

    void placeAt(long raw) {
        motor.placeAt(raw);
        publish();
    }

    /** Advances the motor model by {@code dtSeconds}; overheating trips the shutdown. */
    void step(double dtSeconds) {
        motor.step(
                dtSeconds,
                new MotorModel.Inputs(
                        torqueOn(),
                        (int) get(Register.OPERATING_MODE),
                        get(Register.GOAL_POSITION),
                        get(Register.GOAL_VELOCITY),
                        get(Register.GOAL_CURRENT),
                        get(Register.CURRENT_LIMIT),
                        get(Register.VELOCITY_LIMIT),
                        get(Register.PROFILE_VELOCITY)));
        if (motor.temperatureDegC() > get(Register.TEMPERATURE_LIMIT)) {
            set(
                    Register.HARDWARE_ERROR_STATUS,
                    get(Register.HARDWARE_ERROR_STATUS) | OVERHEATING_BIT);
        }
        if ((get(Register.HARDWARE_ERROR_STATUS) & get(Register.SHUTDOWN)) != 0 && torqueOn()) {
            // The shutdown cuts the drive at once: no current is published after it.
            set(Register.TORQUE_ENABLE, 0);
            motor.release();
        }
        publish();
    }

    private void publish() {
        set(Register.PRESENT_POSITION, Math.round(motor.positionCounts()));
        set(Register.PRESENT_VELOCITY, Math.round(motor.velocityUnits()));
        set(Register.PRESENT_CURRENT, Math.round(motor.currentUnits()));
        set(Register.MOVING, Math.abs(motor.velocityUnits()) > 0.07 ? 1 : 0);
        long t = Math.round(motor.temperatureDegC());
        set(Register.PRESENT_TEMPERATURE, Math.max(0, Math.min(255, t)));
    }

    /**
     * Copies {@code length} bytes at {@code address}; Indirect Data bytes read the byte their
     * Indirect Address names. Null when outside the table.
     */
    byte[] read(int address, int length) {
        if (address < 0 || length < 1 || address + length > Register.TABLE_SIZE) {
            return null;
        }
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int slot = IndirectAreas.dataSlot(address + i);
            out[i] = table[slot < 0 ? address + i : indirectTarget(slot)];
        }
        return out;
    }

    /** A write from the bus, subject to injected {@link WriteFailure}s; see {@link #write}. */
    int hostWrite(int address, byte[] data) {
        for (Map.Entry<Integer, WriteFailure> e : writeFailures.entrySet()) {
            if (e.getKey() >= address && e.getKey() < address + data.length) {
                switch (e.getValue()) {
                    case REFUSE -> {
                        return ERR_RESULT_FAIL;
                    }
                    case IGNORE -> {
                        return 0;
                    }
                    case GO_SILENT -> {
                        responding = false;
                        return SILENT;
                    }
                }
            }
        }
        int error = write(address, data);
        int watchdog = Register.BUS_WATCHDOG.address;
        if (error == 0 && watchdog >= address && watchdog < address + data.length) {
            watchdogWritten = data[watchdog - address] & 0xFF;
        }
        return error;
    }

    /** The value the host last wrote to the Bus Watchdog (it may have fired since), or -1. */
    int watchdogWritten() {
        return watchdogWritten;
    }

    /**
     * Applies a write of whole items; returns the Protocol 2.0 error number (0 on success). Nothing
     * is written unless every item in the range accepts its value.
     */
    int write(int address, byte[] data) {
        int end = address + data.length;
        if (address < 0 || end > Register.TABLE_SIZE) {
            return ERR_ACCESS;
        }
        if (IndirectAreas.isAddressArea(address)) {
            return writeIndirectAddresses(address, data);
        }
        if (IndirectAreas.dataSlot(address) >= 0) {
            return writeThroughIndirectData(address, data);
        }
        for (int a = address; a < end; ) {
            Register r = Register.startingAt(a);
            if (r == null) {
                Register partial = Register.covering(a);
                return partial != null ? ERR_DATA_LENGTH : ERR_ACCESS;
            }
            if (a + r.size > end) {
                return ERR_DATA_LENGTH;
            }
            int error = check(r, decode(data, a - address, r.size, r.min < 0));
            if (error != 0) {
                return error;
            }
            a += r.size;
        }
        System.arraycopy(data, 0, table, address, data.length);
        return 0;
    }

    private int check(Register r, long v) {
        if (!r.writable || (r.eeprom && torqueOn())) {
            return ERR_ACCESS;
        }
        if (v < r.min || v > r.max) {
            return ERR_DATA_RANGE;
        }
        if (r == Register.OPERATING_MODE
                && v != 0
                && v != 1
                && v != 3
                && v != 4
                && v != 5
                && v != 16) {
            return ERR_DATA_RANGE;
        }
        long mode = get(Register.OPERATING_MODE);
        if (r == Register.GOAL_POSITION
                && (mode == 3 || mode == 5)
                && (v < get(Register.MIN_POSITION_LIMIT) || v > get(Register.MAX_POSITION_LIMIT))) {
            return ERR_DATA_LIMIT;
        }
        if (r == Register.GOAL_CURRENT && Math.abs(v) > get(Register.CURRENT_LIMIT)) {
            return ERR_DATA_LIMIT;
        }
        if (r == Register.GOAL_VELOCITY && Math.abs(v) > get(Register.VELOCITY_LIMIT)) {
            return ERR_DATA_LIMIT;
        }
        if (watchdogFired()
                && r.address >= Register.GOAL_PWM.address
                && r.address <= Register.GOAL_POSITION.address) {
            // as on the real servo: goals are refused until the watchdog is cleared
            return ERR_DATA_RANGE;
        }
        if (r == Register.TORQUE_ENABLE && v == 1 && get(Register.HARDWARE_ERROR_STATUS) != 0) {
            return ERR_RESULT_FAIL;
        }
        return 0;
    }

    /**
     * Indirect Address items are treated like EEPROM: ROBOTIS' own indirect-address example
     * disables torque before writing them, so the emulator refuses them with torque on and the
     * driver must do the same.
     */
    private int writeIndirectAddresses(int address, byte[] data) {
        int start = IndirectAreas.addressAreaStart(address);
        int end = address + data.length;
        if ((address - start) % 2 != 0 || data.length % 2 != 0) {
            return ERR_DATA_LENGTH;
        }
        if (!IndirectAreas.isAddressArea(end - 1)
                || IndirectAreas.addressAreaStart(end - 1) != start) {
            return ERR_ACCESS;
        }
        if (torqueOn()) {
            return ERR_ACCESS;
        }
        for (int i = 0; i < data.length; i += 2) {
            int target = (data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8;
            if (target < IndirectAreas.MIN_TARGET || target > IndirectAreas.MAX_TARGET) {
                return ERR_DATA_RANGE;
            }
        }
        System.arraycopy(data, 0, table, address, data.length);
        return 0;
    }

    /**
     * A write to Indirect Data lands on the items its addresses name. The emulator supports only
     * the common case of consecutive targets (one item range); anything else is an access error.
     */
    private int writeThroughIndirectData(int address, byte[] data) {
        int first = indirectTarget(IndirectAreas.dataSlot(address));
        for (int i = 0; i < data.length; i++) {
            int slot = IndirectAreas.dataSlot(address + i);
            if (slot < 0 || indirectTarget(slot) != first + i) {
                return ERR_ACCESS;
            }
        }
        if (IndirectAreas.isIndirect(first)) {
            return ERR_ACCESS;
        }
        return write(first, data);
    }

    private static long decode(byte[] b, int off, int size, boolean signed) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        if (signed) {
            int shift = 64 - 8 * size;
            v = (v << shift) >> shift;
        }
        return v;
    }
}
