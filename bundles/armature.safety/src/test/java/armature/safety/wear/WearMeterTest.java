package armature.safety.wear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WearMeterTest {
    private static final double[] THRESHOLDS = {0.5, 0.8};

    private static WearMeter meter(double hysteresisRad) {
        return new WearMeter("ffj1", 0.5, THRESHOLDS, hysteresisRad, JointWear.zero("ffj1"));
    }

    /** Feeds a = 0.5 rad, f = 2 Hz for 10 s at 1 kHz: 20 periods. */
    private static void sine(WearMeter m, double noiseRad, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double amplitude = 0.5;
        double w = 2 * Math.PI * 2.0;
        for (int k = 0; k <= 10_000; k++) {
            double t = k * 0.001;
            double noise = noiseRad == 0 ? 0 : r.nextDouble(-noiseRad, noiseRad);
            m.update(
                    amplitude * Math.sin(w * t) + noise,
                    amplitude * w * Math.cos(w * t),
                    0,
                    0.001,
                    true);
        }
    }

    @Test
    void sineGivesTwoReversalsPerPeriodAndFourAmplitudesOfTravel() {
        WearMeter m = meter(0.01);
        sine(m, 0, 1);
        JointWear w = m.snapshot();
        assertThat(w.directionReversals()).isEqualTo(40);
        // 4 a n = 4 * 0.5 * 20; sampling can miss a peak by a (1 - cos(pi f dt)) ~ 1e-5 each.
        assertThat(w.totalTravelRad()).isCloseTo(40.0, within(1e-3));
        assertThat(w.peakAbsVelocityRadPerSec()).isCloseTo(2 * Math.PI * 2.0 * 0.5, within(1e-9));
        assertThat(w.poweredSeconds()).isCloseTo(10.001, within(1e-9));
    }

    @Test
    void noiseBelowTheHysteresisAddsNoReversals() {
        WearMeter m = meter(0.01);
        sine(m, 0.004, 2); // peak-to-peak noise 0.008 rad < 0.01 rad hysteresis
        JointWear w = m.snapshot();
        assertThat(w.directionReversals()).isEqualTo(40);
        // Each of the 41 stroke ends can be off by the noise.
        assertThat(w.totalTravelRad()).isCloseTo(40.0, within(41 * 2 * 0.004));

        WearMeter naive = meter(1e-6);
        sine(naive, 0.004, 2);
        assertThat(naive.snapshot().directionReversals()).isGreaterThan(1000);
    }

    @Test
    void timeAboveEffortThresholdsAndPoweredTime() {
        WearMeter m = meter(0.01);
        // 2 s at 60 %, 1 s at 90 % (negative: magnitude counts), 3 s at 10 %; torque on for 4 s.
        for (int k = 0; k < 6000; k++) {
            double effort = k < 2000 ? 0.3 : (k < 3000 ? -0.45 : 0.05);
            m.update(0, 0, effort, 0.001, k < 4000);
        }
        m.countOverTemperature();
        m.countOverTemperature();
        JointWear w = m.snapshot();
        assertThat(w.secondsAbove(0.5)).isCloseTo(3.0, within(1e-9));
        assertThat(w.secondsAbove(0.8)).isCloseTo(1.0, within(1e-9));
        assertThat(w.poweredSeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(w.overTemperatureEvents()).isEqualTo(2);
        assertThat(w.totalTravelRad()).isZero();
    }

    @Test
    void continuesFromLoadedCountsAndSkipsMissingValues() {
        JointWear loaded =
                new JointWear(
                        "ffj1",
                        List.of(new ThresholdTime(0.5, 7.0), new ThresholdTime(0.3, 9.0)),
                        4.0,
                        12,
                        3,
                        2.5,
                        100.0);
        WearMeter m = new WearMeter("ffj1", 0.5, THRESHOLDS, 0.01, loaded);
        m.update(0.0, Double.NaN, Double.NaN, 0.5, true);
        m.update(0.2, 1.0, 0.3, 0.5, true);
        m.update(0.1, 1.0, 0.3, 0.5, false);
        JointWear w = m.snapshot();
        assertThat(w.secondsAbove(0.5)).isEqualTo(8.0);
        assertThat(w.secondsAbove(0.8)).isZero();
        assertThat(w.secondsAbove(0.3)).as("dropped: no longer configured").isZero();
        assertThat(w.peakAbsVelocityRadPerSec()).isEqualTo(4.0);
        assertThat(w.directionReversals()).isEqualTo(13);
        assertThat(w.overTemperatureEvents()).isEqualTo(3);
        assertThat(w.totalTravelRad()).isCloseTo(2.5 + 0.2 + 0.1, within(1e-12));
        assertThat(w.poweredSeconds()).isEqualTo(101.0);
    }
}
