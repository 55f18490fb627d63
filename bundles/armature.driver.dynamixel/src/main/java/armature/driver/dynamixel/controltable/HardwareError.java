package armature.driver.dynamixel.controltable;

import java.util.EnumSet;
import java.util.Set;

/** Bits of the X-series Hardware Error Status item (address 70). */
public enum HardwareError {
    INPUT_VOLTAGE(0, "input voltage out of the configured range"),
    OVERHEATING(2, "internal temperature above the temperature limit"),
    MOTOR_ENCODER(3, "motor encoder malfunction"),
    ELECTRICAL_SHOCK(4, "electrical shock on the circuit or insufficient power"),
    OVERLOAD(5, "persistent load above the maximum output");

    private final int bit;
    private final String description;

    HardwareError(int bit, String description) {
        this.bit = bit;
        this.description = description;
    }

    public int bit() {
        return bit;
    }

    public String description() {
        return description;
    }

    /** Decodes a Hardware Error Status byte; unknown bits are ignored. */
    public static Set<HardwareError> decode(int status) {
        Set<HardwareError> out = EnumSet.noneOf(HardwareError.class);
        for (HardwareError e : values()) {
            if ((status & (1 << e.bit)) != 0) {
                out.add(e);
            }
        }
        return out;
    }
}
