package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.controltable.XControlTable;

/**
 * What the driver read from one servo's EEPROM when the chain was opened.
 *
 * @param operatingMode the mode at open, or null for a value this driver does not know
 * @param currentLimitRaw Current Limit (38) in 2.69 mA units: the bound of Goal Current
 * @param velocityLimitRaw Velocity Limit (44) in 0.229 rpm units: the bound of Goal Velocity
 * @param temperatureLimitDegC Temperature Limit (31): above it the servo flags overheating
 * @param shutdownBits Shutdown (63): hardware errors that make the servo drop torque
 */
public record ServoInfo(
        OperatingMode operatingMode,
        int currentLimitRaw,
        int velocityLimitRaw,
        int temperatureLimitDegC,
        int shutdownBits) {

    /** First address of the EEPROM span read at open (Operating Mode). */
    static final int SPAN_ADDRESS = XControlTable.OPERATING_MODE.address();

    /** Operating Mode (11) through Shutdown (63), one read. */
    static final int SPAN_LENGTH = XControlTable.SHUTDOWN.address() + 1 - SPAN_ADDRESS;

    static ServoInfo decode(byte[] span) {
        return new ServoInfo(
                OperatingMode.ofValue((int) at(XControlTable.OPERATING_MODE, span)),
                (int) at(XControlTable.CURRENT_LIMIT, span),
                (int) at(XControlTable.VELOCITY_LIMIT, span),
                (int) at(XControlTable.TEMPERATURE_LIMIT, span),
                (int) at(XControlTable.SHUTDOWN, span));
    }

    private static long at(XControlTable item, byte[] span) {
        return item.decode(span, item.address() - SPAN_ADDRESS);
    }
}
