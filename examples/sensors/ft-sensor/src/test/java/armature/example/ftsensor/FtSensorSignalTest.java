package armature.example.ftsensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.sensor.api.SensorDescriptor;
import armature.sensor.sdk.SensorJson;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FtSensorSignalTest {
    private static final double RATE = FtSensorSignal.NOMINAL_RATE_HZ;
    private final SensorDescriptor descriptor = FtSensorSignal.descriptor("ft-sensor", RATE);

    @Test
    void everySampleOfAWholeCycleIsOneTheRegistryAccepts() {
        FtSensorSignal signal = new FtSensorSignal(new Random(1));
        // SensorJson.sample throws, naming the field, value and range, where the registry would
        // refuse
        for (int i = 0; i < FtSensorSignal.CYCLE_SECONDS * RATE; i++) {
            SensorJson.sample(descriptor, Optional.of(Instant.EPOCH), signal.values(i / RATE));
        }
        assertThat(SensorJson.descriptor(descriptor))
                .contains("\"frameId\":\"wrist\"", "\"nominalRateHz\":500.0");
    }

    @Test
    void idleItReadsItsBiasWithTheStatedNoise() {
        FtSensorSignal signal = new FtSensorSignal(new Random(2));
        double[] mean = new double[3];
        double sumSquares = 0;
        int n = 2000; // 4 s of the first 5 s idle
        for (int i = 0; i < n; i++) {
            double t = i / RATE;
            double[] f = force(signal.values(t));
            double[] b = signal.biasN(t);
            for (int k = 0; k < 3; k++) {
                mean[k] += (f[k] - b[k]) / n;
                sumSquares += (f[k] - b[k]) * (f[k] - b[k]);
            }
        }
        // the mean of n noisy samples lies within 5 standard errors of the bias
        for (int k = 0; k < 3; k++) {
            assertThat(mean[k]).isCloseTo(0, within(5 * FtSensorSignal.NOISE_N / Math.sqrt(n)));
        }
        assertThat(Math.sqrt(sumSquares / (3 * n)))
                .isCloseTo(FtSensorSignal.NOISE_N, within(0.1 * FtSensorSignal.NOISE_N));
    }

    @Test
    void holdingThePayloadAddsItsWeightAndItsMoment() {
        double t = 10; // the middle of the hold, the wrist level (the swing crosses zero at t=10)
        double weightN = FtSensorSignal.PAYLOAD_KG * FtSensorSignal.GRAVITY_MPS2;
        assertThat(FtSensorSignal.load(t)).isEqualTo(1);
        assertThat(FtSensorSignal.loadForceN(t)[2]).isCloseTo(-weightN, within(1e-9));
        // torque = r x F with F = (0, 0, -w): (-ry * w, rx * w, 0)
        double[] tau = FtSensorSignal.loadTorqueNm(t);
        assertThat(tau[0])
                .isCloseTo(-FtSensorSignal.PAYLOAD_COM_M[1] * weightN, within(1e-9));
        assertThat(tau[1]).isCloseTo(FtSensorSignal.PAYLOAD_COM_M[0] * weightN, within(1e-9));
        assertThat(FtSensorSignal.load(2)).isZero();
        assertThat(FtSensorSignal.load(6)).isBetween(0.0, 1.0);
        assertThat(FtSensorSignal.load(FtSensorSignal.CYCLE_SECONDS + 10)).isEqualTo(1);
    }

    private static double[] force(Map<String, Object> values) {
        return (double[]) values.get("forceN");
    }
}
