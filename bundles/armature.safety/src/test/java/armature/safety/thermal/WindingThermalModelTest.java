package armature.safety.thermal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.safety.ThermalParameters;
import org.junit.jupiter.api.Test;

class WindingThermalModelTest {
    private final ThermalParameters p = ThermalParameters.defaults(); // warn 55, limit 68, trip 72

    @Test
    void deratingIsMonotoneAndReachesZeroBeforeTheServoShutsDown() {
        double previous = 1.0;
        for (double t = 20; t <= 90; t += 0.01) {
            double f = WindingThermalModel.deratingFraction(t, p);
            assertThat(f).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous);
            previous = f;
        }
        assertThat(WindingThermalModel.deratingFraction(55.0, p)).isEqualTo(1.0);
        assertThat(WindingThermalModel.deratingFraction(61.5, p)).isCloseTo(0.5, within(1e-12));
        assertThat(WindingThermalModel.deratingFraction(68.0, p)).isEqualTo(0.0);
        assertThat(p.limitTemperatureDegC()).isLessThan(p.servoShutdownTemperatureDegC());
        assertThat(WindingThermalModel.deratingFraction(Double.NaN, p)).isEqualTo(0.0);
    }

    @Test
    void windingRiseFollowsAFirstOrderStepResponse() {
        WindingThermalModel m = new WindingThermalModel(p);
        double current = 1.5; // k I^2 = 6 * 2.25 = 13.5 degC steady rise
        for (int k = 0; k < 30_000; k++) { // one time constant at 1 ms
            m.update(current, 40.0, 0.001);
        }
        assertThat(m.windingRiseDegC()).isCloseTo(13.5 * (1 - Math.exp(-1)), within(1e-9));
        for (int k = 0; k < 300_000; k++) {
            m.update(current, 40.0, 0.001);
        }
        assertThat(m.windingRiseDegC()).isCloseTo(13.5, within(1e-3));
        assertThat(m.estimatedTemperatureDegC()).isCloseTo(53.5, within(1e-3));
    }

    @Test
    void stepLengthDoesNotChangeTheResult() {
        WindingThermalModel fine = new WindingThermalModel(p);
        WindingThermalModel coarse = new WindingThermalModel(p);
        for (int k = 0; k < 10_000; k++) {
            fine.update(2.0, 40, 0.001);
        }
        coarse.update(2.0, 40, 10.0);
        assertThat(coarse.windingRiseDegC()).isCloseTo(fine.windingRiseDegC(), within(1e-9));
    }

    @Test
    void stalledFingerLosesItsEffortBeforeTheServoTrips() {
        // Stall at 2.3 A: steady rise 31.7 degC on a 45 degC housing would reach ~77 degC, past the
        // 72 degC trip. The sensor warms slowly too and reports whole degrees.
        WindingThermalModel unguarded = new WindingThermalModel(p);
        WindingThermalModel guarded = new WindingThermalModel(p);
        double sensor = 45;
        double unguardedZeroAtSeconds = -1;
        double unguardedTripAtSeconds = -1;
        for (int k = 0; k < 600_000; k++) {
            double seconds = k * 0.001;
            sensor += 0.001 * 0.01; // 0.6 degC per minute
            unguarded.update(2.3, Math.floor(sensor), 0.001);
            // The supervisor scales the effort (current) limit by the allowed fraction.
            guarded.update(2.3 * guarded.allowedEffortFraction(), Math.floor(sensor), 0.001);
            if (unguardedZeroAtSeconds < 0 && unguarded.allowedEffortFraction() == 0.0) {
                unguardedZeroAtSeconds = seconds;
            }
            if (unguardedTripAtSeconds < 0
                    && unguarded.estimatedTemperatureDegC() >= p.servoShutdownTemperatureDegC()) {
                unguardedTripAtSeconds = seconds;
            }
            assertThat(guarded.estimatedTemperatureDegC()).isLessThan(p.limitTemperatureDegC());
        }
        // Without derating the servo would trip; the allowed effort reached zero well before.
        assertThat(unguardedTripAtSeconds).isPositive();
        assertThat(unguardedZeroAtSeconds).isPositive().isLessThan(unguardedTripAtSeconds - 5);
        // With derating the estimate settles inside the derating band.
        assertThat(guarded.estimatedTemperatureDegC()).isGreaterThan(p.warnTemperatureDegC());
    }

    @Test
    void missingReadingsFallBackAsDocumented() {
        WindingThermalModel m = new WindingThermalModel(p);
        m.update(Double.NaN, Double.NaN, 1.0);
        assertThat(m.estimatedTemperatureDegC()).isEqualTo(p.fallbackSensorTemperatureDegC());
        m.update(0, 50.0, 1.0);
        m.update(0, Double.NaN, 1.0);
        assertThat(m.estimatedTemperatureDegC()).isEqualTo(50.0);
    }
}
