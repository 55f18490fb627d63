package armature.benchmarks.bus;

import java.util.Random;

/**
 * The benchmark payload: the state of a 24-joint hand (position, velocity, effort per joint) with
 * header fields, as a record so JSON and CBOR encode exactly the same information as the frame.
 */
public record JointStateSample(
        long sequence,
        long epoch,
        long timestampNs,
        double[] positionRad,
        double[] velocityRadPerSec,
        double[] effortNm) {

    public static final int JOINTS = 24;

    /**
     * Realistic magnitudes: full-precision doubles, as a driver converting encoder counts makes.
     */
    public static JointStateSample random(long seed) {
        Random r = new Random(seed);
        double[] p = new double[JOINTS];
        double[] v = new double[JOINTS];
        double[] e = new double[JOINTS];
        for (int i = 0; i < JOINTS; i++) {
            p[i] = (r.nextDouble() - 0.5) * 3.0;
            v[i] = (r.nextDouble() - 0.5) * 8.0;
            e[i] = (r.nextDouble() - 0.5) * 0.6;
        }
        return new JointStateSample(123_456L, 3L, 1_795_000_000_123_456_789L, p, v, e);
    }
}
