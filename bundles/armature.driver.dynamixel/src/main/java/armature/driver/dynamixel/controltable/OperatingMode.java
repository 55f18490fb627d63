package armature.driver.dynamixel.controltable;

/** Values of the X-series Operating Mode item (address 11, EEPROM: write only with torque off). */
public enum OperatingMode {
    /** Goal Current (102) drives the motor; position and velocity are free. */
    CURRENT(0),
    /** Goal Velocity (104) drives the motor. */
    VELOCITY(1),
    /** Goal Position (116) within one turn; the factory default. */
    POSITION(3),
    /** Goal Position over +-256 turns. */
    EXTENDED_POSITION(4),
    /** Goal Position, with Goal Current (102) capping the current the position loop may use. */
    CURRENT_BASED_POSITION(5),
    /** Goal PWM (100) drives the motor. */
    PWM(16);

    private final int value;

    OperatingMode(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** True for the modes whose goal is Goal Position. */
    public boolean isPositionMode() {
        return this == POSITION || this == EXTENDED_POSITION || this == CURRENT_BASED_POSITION;
    }

    /** The mode for an item value, or null for a value no X-series servo uses. */
    public static OperatingMode ofValue(int value) {
        for (OperatingMode m : values()) {
            if (m.value == value) {
                return m;
            }
        }
        return null;
    }
}
