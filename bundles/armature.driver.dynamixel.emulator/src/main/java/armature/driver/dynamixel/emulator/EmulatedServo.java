package armature.driver.dynamixel.emulator;

/**
 * One emulated X-series servo: its control table bytes and first-order position dynamics. The
 * position moves toward the goal as {@code dx/dt = (goal - x) / tau}; velocity and current are
 * derived from that motion so reads return consistent values.
 */
final class EmulatedServo {
    static final int MODEL_XM430_W350 = 1020;
    static final int FIRMWARE = 45;
    static final int ERR_RESULT_FAIL = 0x01;
    static final int ERR_DATA_RANGE = 0x04;
    static final int ERR_DATA_LENGTH = 0x05;
    static final int ERR_DATA_LIMIT = 0x06;
    static final int ERR_ACCESS = 0x07;

    /** rad/s per velocity unit is 0.229 rpm; counts/s per unit = 0.229 * 4096 / 60. */
    private static final double COUNTS_PER_SEC_PER_VELOCITY_UNIT = 0.229 * 4096 / 60.0;

    /** Emulated current per count of position error, in 2.69 mA units (a stiff P controller). */
    private static final double CURRENT_UNITS_PER_COUNT = 0.5;

    private final byte[] table = new byte[Register.TABLE_SIZE];
    private final double timeConstantSeconds;
    private double positionCounts;
    private double velocityCountsPerSec;
    private boolean responding = true;

    EmulatedServo(int id, int baudCode, int returnDelayUnits, double timeConstantSeconds) {
        this.timeConstantSeconds = timeConstantSeconds;
        set(Register.MODEL_NUMBER, MODEL_XM430_W350);
        set(Register.FIRMWARE_VERSION, FIRMWARE);
        set(Register.ID, id);
        set(Register.BAUD_RATE, baudCode);
        set(Register.RETURN_DELAY_TIME, returnDelayUnits);
        set(Register.OPERATING_MODE, 3);
        set(Register.PROTOCOL_TYPE, 2);
        set(Register.MOVING_THRESHOLD, 10);
        set(Register.TEMPERATURE_LIMIT, 80);
        set(Register.MAX_VOLTAGE_LIMIT, 160);
        set(Register.MIN_VOLTAGE_LIMIT, 95);
        set(Register.PWM_LIMIT, 885);
        set(Register.CURRENT_LIMIT, 1193);
        set(Register.VELOCITY_LIMIT, 200);
        set(Register.MAX_POSITION_LIMIT, 4095);
        set(Register.MIN_POSITION_LIMIT, 0);
        set(Register.SHUTDOWN, 52);
        set(Register.STATUS_RETURN_LEVEL, 2);
        set(Register.PRESENT_INPUT_VOLTAGE, 120);
        set(Register.PRESENT_TEMPERATURE, 36);
        positionCounts = 2048;
        set(Register.GOAL_POSITION, 2048);
        publishMotion(0);
    }

    int id() {
        return (int) get(Register.ID);
    }

    long get(Register r) {
        long v = 0;
        for (int i = r.size - 1; i >= 0; i--) {
            v = (v << 8) | (table[r.address + i] & 0xFF);
        }
        if (r.min < 0) {
            int shift = 64 - 8 * r.size;
            v = (v << shift) >> shift;
        }
        return v;
    }

    void set(Register r, long value) {
        for (int i = 0; i < r.size; i++) {
            table[r.address + i] = (byte) (value >>> (8 * i));
        }
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
        return positionCounts;
    }

    void placeAt(long raw) {
        positionCounts = raw;
        velocityCountsPerSec = 0;
        publishMotion(0);
    }

    /** Advances the motor model by {@code dtSeconds}. */
    void step(double dtSeconds) {
        if (dtSeconds <= 0) {
            return;
        }
        double before = positionCounts;
        if (torqueOn()) {
            double goal = get(Register.GOAL_POSITION);
            double alpha = 1 - Math.exp(-dtSeconds / timeConstantSeconds);
            positionCounts += (goal - positionCounts) * alpha;
            velocityCountsPerSec = (positionCounts - before) / dtSeconds;
        } else {
            velocityCountsPerSec = 0;
        }
        publishMotion(torqueOn() ? get(Register.GOAL_POSITION) - positionCounts : 0);
    }

    private void publishMotion(double errorCounts) {
        set(Register.PRESENT_POSITION, Math.round(positionCounts));
        set(
                Register.PRESENT_VELOCITY,
                Math.round(velocityCountsPerSec / COUNTS_PER_SEC_PER_VELOCITY_UNIT));
        long current = Math.round(errorCounts * CURRENT_UNITS_PER_COUNT);
        set(Register.PRESENT_CURRENT, Math.max(-1193, Math.min(1193, current)));
        set(Register.MOVING, Math.abs(velocityCountsPerSec) > 1 ? 1 : 0);
    }

    /** Copies {@code length} table bytes at {@code address}; null when outside the table. */
    byte[] read(int address, int length) {
        if (address < 0 || length < 1 || address + length > Register.TABLE_SIZE) {
            return null;
        }
        return java.util.Arrays.copyOfRange(table, address, address + length);
    }

    /**
     * Applies a write of whole registers; returns the Protocol 2.0 error number (0 on success).
     * Nothing is written unless every register in the range accepts its value.
     */
    int write(int address, byte[] data) {
        int end = address + data.length;
        if (address < 0 || end > Register.TABLE_SIZE) {
            return ERR_ACCESS;
        }
        // First pass: validate every touched register.
        for (int a = address; a < end; ) {
            Register r = Register.startingAt(a);
            if (r == null) {
                Register partial = Register.covering(a);
                return partial != null ? ERR_DATA_LENGTH : ERR_ACCESS;
            }
            if (a + r.size > end) {
                return ERR_DATA_LENGTH;
            }
            if (!r.writable || (r.eeprom && torqueOn())) {
                return ERR_ACCESS;
            }
            long v = decode(data, a - address, r.size, r.min < 0);
            if (v < r.min || v > r.max) {
                return ERR_DATA_RANGE;
            }
            if (r == Register.GOAL_POSITION
                    && (v < get(Register.MIN_POSITION_LIMIT)
                            || v > get(Register.MAX_POSITION_LIMIT))) {
                return ERR_DATA_LIMIT;
            }
            if (watchdogFired()
                    && r.address >= Register.GOAL_PWM.address
                    && r.address <= Register.GOAL_POSITION.address) {
                return ERR_DATA_RANGE; // as on the real servo: goals are refused until the watchdog
                // is cleared
            }
            if (r == Register.TORQUE_ENABLE && v == 1 && get(Register.HARDWARE_ERROR_STATUS) != 0) {
                return ERR_RESULT_FAIL;
            }
            a += r.size;
        }
        System.arraycopy(data, 0, table, address, data.length);
        return 0;
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
