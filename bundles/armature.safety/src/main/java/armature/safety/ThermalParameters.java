package armature.safety;

/**
 * Parameters of the per-joint winding temperature model and derating (see {@code
 * armature.safety.thermal.WindingThermalModel} and ADR 0040).
 *
 * <p>Defaults suit small X-series-class servos: they shut down at 72-80 degC (configurable in the
 * servo, 72 by default on several models), so derating starts at 55 degC and reaches zero at 68
 * degC, leaving a margin so the servo's own shutdown (which drops the hand) is never what trips.
 *
 * @param warnTemperatureDegC estimated winding temperature where derating starts
 * @param limitTemperatureDegC estimated winding temperature where the effort limit reaches zero
 * @param servoShutdownTemperatureDegC the servo's own shutdown threshold; must be above the limit
 * @param windingRiseDegCPerAmp2 steady-state winding rise above the sensor per A^2 of current
 * @param windingTimeConstantSeconds time constant of the winding rise
 * @param fallbackSensorTemperatureDegC sensor temperature assumed until a servo reports one
 * @param hysteresisDegC how far below the warning temperature the estimate must fall to clear a
 *     warning
 */
public record ThermalParameters(
        double warnTemperatureDegC,
        double limitTemperatureDegC,
        double servoShutdownTemperatureDegC,
        double windingRiseDegCPerAmp2,
        double windingTimeConstantSeconds,
        double fallbackSensorTemperatureDegC,
        double hysteresisDegC) {

    public ThermalParameters {
        Checks.inRange("thermal.warnTemperatureDegC", warnTemperatureDegC, -40, 200);
        Checks.inRange(
                "thermal.limitTemperatureDegC",
                limitTemperatureDegC,
                Math.nextUp(warnTemperatureDegC),
                200);
        Checks.inRange(
                "thermal.servoShutdownTemperatureDegC",
                servoShutdownTemperatureDegC,
                Math.nextUp(limitTemperatureDegC),
                250);
        Checks.nonNegative("thermal.windingRiseDegCPerAmp2", windingRiseDegCPerAmp2);
        Checks.positive("thermal.windingTimeConstantSeconds", windingTimeConstantSeconds);
        Checks.inRange(
                "thermal.fallbackSensorTemperatureDegC", fallbackSensorTemperatureDegC, -40, 200);
        Checks.nonNegative("thermal.hysteresisDegC", hysteresisDegC);
    }

    /** Defaults for X-series-class servos (see class comment). */
    public static ThermalParameters defaults() {
        return new ThermalParameters(55.0, 68.0, 72.0, 6.0, 30.0, 40.0, 2.0);
    }
}
