package armature.safety.thermal;

import armature.safety.ThermalParameters;

/**
 * Estimates one servo's winding temperature and derives how much of its effort may be used.
 *
 * <p><b>Model.</b> The servo's temperature sensor sits on the housing or driver board and lags the
 * winding, where the damage happens. The estimate is the reported sensor temperature plus a
 * first-order winding rise driven by copper loss:
 *
 * <pre>
 *   d(rise)/dt = (k I^2 - rise) / tau        T_est = T_sensor + rise
 * </pre>
 *
 * with {@code k} = {@link ThermalParameters#windingRiseDegCPerAmp2()} (steady-state rise per A^2,
 * i.e. winding resistance times winding-to-sensor thermal resistance) and {@code tau} = {@link
 * ThermalParameters#windingTimeConstantSeconds()}. The update uses the exact solution for a step of
 * constant current, {@code rise += (k I^2 - rise)(1 - exp(-dt/tau))}, so it is stable for any step
 * length. It is the classic I^2t protection expressed in temperature: {@code rise / k} is a
 * first-order low pass of {@code I^2}, and effort is removed once that filtered {@code I^2} exceeds
 * the budget {@code (T_limit - T_sensor) / k}, i.e. the square of the current the joint could carry
 * continuously. The sensor anchors the slow part (housing and ambient), which a single-node model
 * would have to guess.
 *
 * <p><b>Missing data.</b> A {@code NaN} current counts as zero copper loss (the sensor still
 * catches slow heating); a {@code NaN} temperature keeps the last reported one, or {@link
 * ThermalParameters#fallbackSensorTemperatureDegC()} before the first report.
 *
 * <p><b>Derating.</b> {@link #allowedEffortFraction()} is 1 up to the warning temperature, falls
 * linearly to 0 at the limit temperature and stays 0 above it. The limit is validated to lie below
 * the servo's own shutdown temperature, so the supervisor removes effort before the servo trips.
 */
public final class WindingThermalModel {
    private final ThermalParameters p;
    private double riseDegC;
    private double sensorDegC;

    public WindingThermalModel(ThermalParameters parameters) {
        this.p = parameters;
        this.sensorDegC = parameters.fallbackSensorTemperatureDegC();
    }

    /** Advances the model by {@code dtSeconds} at the measured current and reported temperature. */
    public void update(double currentAmp, double reportedTemperatureDegC, double dtSeconds) {
        if (Double.isFinite(reportedTemperatureDegC)) {
            sensorDegC = reportedTemperatureDegC;
        }
        if (dtSeconds > 0) {
            double i = Double.isFinite(currentAmp) ? currentAmp : 0.0;
            double steadyRise = p.windingRiseDegCPerAmp2() * i * i;
            double blend = -Math.expm1(-dtSeconds / p.windingTimeConstantSeconds());
            riseDegC += (steadyRise - riseDegC) * blend;
        }
    }

    /** Estimated winding temperature. */
    public double estimatedTemperatureDegC() {
        return sensorDegC + riseDegC;
    }

    /** Current winding rise above the sensor. */
    public double windingRiseDegC() {
        return riseDegC;
    }

    /** Fraction of max effort allowed at the current estimate, in [0, 1]. */
    public double allowedEffortFraction() {
        return deratingFraction(estimatedTemperatureDegC(), p);
    }

    /** The derating curve: 1 below warn, linear to 0 at limit, 0 above. Monotone non-increasing. */
    public static double deratingFraction(double temperatureDegC, ThermalParameters p) {
        if (!(temperatureDegC > p.warnTemperatureDegC())) {
            return Double.isNaN(temperatureDegC) ? 0.0 : 1.0;
        }
        if (temperatureDegC >= p.limitTemperatureDegC()) {
            return 0.0;
        }
        return (p.limitTemperatureDegC() - temperatureDegC)
                / (p.limitTemperatureDegC() - p.warnTemperatureDegC());
    }
}
