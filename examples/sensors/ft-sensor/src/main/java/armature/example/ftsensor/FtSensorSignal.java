package armature.example.ftsensor;

import armature.sensor.api.FieldType;
import armature.sensor.api.SensorDescriptor;
import armature.sensor.api.SensorField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated 6-axis force/torque sensor at a robot's wrist, as a real one reads: an untared bias
 * per axis that drifts slowly with temperature, white noise, and a load: every {@link
 * #CYCLE_SECONDS} the hand picks up a {@link #PAYLOAD_KG} kg object (smooth 2 s ramps), holds it
 * while the wrist swings ±10 degrees about x (gravity turns in the sensor frame), and puts it down.
 * Values are in the sensor frame {@code wrist}; plain Java, no OSGi, so the unit test uses it with
 * {@code new}.
 */
public final class FtSensorSignal {
    /** 500 Hz, a typical F/T sensor's rate over a fieldbus. */
    public static final double NOMINAL_RATE_HZ = 500;

    /** Rated range of every force axis [N] and torque axis [N*m]. */
    public static final double RANGE_N = 500;

    public static final double RANGE_NM = 20;

    /** The held object's mass [kg], its centre of mass in the sensor frame [m]. */
    public static final double PAYLOAD_KG = 1.5;

    static final double[] PAYLOAD_COM_M = {0.03, -0.01, 0.08};

    /** Noise standard deviation per force axis [N] and torque axis [N*m]. */
    public static final double NOISE_N = 0.06;

    public static final double NOISE_NM = 0.002;

    /** One pick, hold, place cycle [s]: idle 5, ramp 2, hold 6, ramp 2, idle 5. */
    public static final double CYCLE_SECONDS = 20;

    static final double GRAVITY_MPS2 = 9.80665;
    private static final double SWING_RAD = Math.toRadians(10);
    private static final double SWING_HZ = 0.25;
    private static final double DRIFT_PERIOD_SECONDS = 600;

    private final Random noise;
    private final double[] biasN = new double[3];
    private final double[] biasNm = new double[3];

    /** A sensor with its own bias, drawn once from {@code noise} (up to 2 N and 0.1 N*m). */
    public FtSensorSignal(Random noise) {
        this.noise = noise;
        for (int i = 0; i < 3; i++) {
            biasN[i] = 2 * (2 * noise.nextDouble() - 1);
            biasNm[i] = 0.1 * (2 * noise.nextDouble() - 1);
        }
    }

    public static SensorDescriptor descriptor(String sensorId, double rateHz) {
        return new SensorDescriptor(
                SensorDescriptor.SCHEMA_VERSION,
                sensorId,
                "force-torque",
                "wrist",
                rateHz,
                List.of(
                        new SensorField("forceN", "N", FieldType.ARRAY, 3, -RANGE_N, RANGE_N),
                        new SensorField(
                                "torqueNm", "N*m", FieldType.ARRAY, 3, -RANGE_NM, RANGE_NM)));
    }

    /** The untared reading with no load and no noise, at {@code tSeconds}: bias times drift. */
    double[] biasN(double tSeconds) {
        return scaled(biasN, drift(tSeconds));
    }

    double[] biasNm(double tSeconds) {
        return scaled(biasNm, drift(tSeconds));
    }

    /** How much of the payload hangs on the sensor at {@code tSeconds}: 0 to 1. */
    static double load(double tSeconds) {
        double t = tSeconds % CYCLE_SECONDS;
        if (t < 5 || t >= 15) {
            return 0;
        }
        if (t < 7) {
            return smoothstep((t - 5) / 2);
        }
        if (t < 13) {
            return 1;
        }
        return smoothstep((15 - t) / 2);
    }

    /** The payload's force on the sensor [N] at {@code tSeconds}, no bias, no noise. */
    static double[] loadForceN(double tSeconds) {
        double w = PAYLOAD_KG * GRAVITY_MPS2 * load(tSeconds);
        double swing = SWING_RAD * Math.sin(2 * Math.PI * SWING_HZ * tSeconds);
        // gravity (0, 0, -g) of the world, seen from a frame turned by `swing` about x
        return new double[] {0, -w * Math.sin(swing), -w * Math.cos(swing)};
    }

    /** The payload's torque on the sensor [N*m]: its centre of mass times its weight. */
    static double[] loadTorqueNm(double tSeconds) {
        double[] f = loadForceN(tSeconds);
        double[] r = PAYLOAD_COM_M;
        return new double[] {
            r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]
        };
    }

    /** The reading at {@code tSeconds} since start. */
    public Map<String, Object> values(double tSeconds) {
        double[] b = biasN(tSeconds);
        double[] bt = biasNm(tSeconds);
        double[] f = loadForceN(tSeconds);
        double[] t = loadTorqueNm(tSeconds);
        double[] force = new double[3];
        double[] torque = new double[3];
        for (int i = 0; i < 3; i++) {
            force[i] = b[i] + f[i] + NOISE_N * noise.nextGaussian();
            torque[i] = bt[i] + t[i] + NOISE_NM * noise.nextGaussian();
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("forceN", force);
        v.put("torqueNm", torque);
        return v;
    }

    /** A strain-gauge bias drifts with temperature: here ±2 % over a 10-minute wave. */
    private static double drift(double tSeconds) {
        return 1 + 0.02 * Math.sin(2 * Math.PI * tSeconds / DRIFT_PERIOD_SECONDS);
    }

    private static double smoothstep(double x) {
        return x * x * (3 - 2 * x);
    }

    private static double[] scaled(double[] v, double k) {
        return new double[] {v[0] * k, v[1] * k, v[2] * k};
    }
}
