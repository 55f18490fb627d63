package armature.driver.dynamixel.controltable;

/**
 * Conversions between X-series raw control table values and SI units (XM430-W350 scaling; XL430 and
 * XC430 share position and velocity scaling).
 */
public final class XUnits {
    /** Raw position counts per revolution. */
    public static final int POSITION_COUNTS_PER_REV = 4096;

    /** Raw position that this driver calls 0 rad (the middle of one revolution). */
    public static final int POSITION_CENTER = 2048;

    public static final double RAD_PER_POSITION_COUNT = 2 * Math.PI / POSITION_COUNTS_PER_REV;

    /** 0.229 rpm per velocity unit. */
    public static final double RAD_PER_SEC_PER_VELOCITY_UNIT = 0.229 * 2 * Math.PI / 60.0;

    /** 2.69 mA per current unit (XM430 family). */
    public static final double AMP_PER_CURRENT_UNIT = 2.69e-3;

    public static final double VOLT_PER_VOLTAGE_UNIT = 0.1;
    public static final double CELSIUS_PER_TEMPERATURE_UNIT = 1.0;
    public static final double SECONDS_PER_RETURN_DELAY_UNIT = 2e-6;
    public static final double SECONDS_PER_WATCHDOG_UNIT = 0.020;

    private XUnits() {}

    public static double positionRad(long raw) {
        return (raw - POSITION_CENTER) * RAD_PER_POSITION_COUNT;
    }

    /** Nearest raw position for an angle in radians around the center. */
    public static long positionRaw(double positionRad) {
        return Math.round(positionRad / RAD_PER_POSITION_COUNT) + POSITION_CENTER;
    }

    public static double velocityRadPerSec(long raw) {
        return raw * RAD_PER_SEC_PER_VELOCITY_UNIT;
    }

    public static long velocityRaw(double velocityRadPerSec) {
        return Math.round(velocityRadPerSec / RAD_PER_SEC_PER_VELOCITY_UNIT);
    }

    public static double currentAmp(long raw) {
        return raw * AMP_PER_CURRENT_UNIT;
    }

    public static long currentRaw(double currentAmp) {
        return Math.round(currentAmp / AMP_PER_CURRENT_UNIT);
    }

    public static double voltageVolt(long raw) {
        return raw * VOLT_PER_VOLTAGE_UNIT;
    }

    public static double temperatureCelsius(long raw) {
        return raw * CELSIUS_PER_TEMPERATURE_UNIT;
    }
}
