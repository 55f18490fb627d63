package armature.policy.onnx.pkg;

import static armature.policy.onnx.pkg.TestPackages.ACT;
import static armature.policy.onnx.pkg.TestPackages.JOINTS;
import static armature.policy.onnx.pkg.TestPackages.OBS;
import static armature.policy.onnx.pkg.TestPackages.context;
import static armature.policy.onnx.pkg.TestPackages.descriptor;
import static armature.policy.onnx.pkg.TestPackages.mlp;
import static armature.policy.onnx.pkg.TestPackages.names;
import static armature.policy.onnx.pkg.TestPackages.object;
import static armature.policy.onnx.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ensembles: the mean action, and Policy#uncertainty() as its javadoc defines it: over the action
 * joints, the largest standard deviation of the members' actions divided by the joint's range.
 */
class EnsembleTest {
    static final int K = 3;

    /**
     * Members that share a trunk and differ in a small random linear path from the observation:
     * they agree where observations are what the normalisation expects and drift apart beyond.
     */
    static byte[][] members() {
        byte[][] m = new byte[K][];
        for (int k = 0; k < K; k++) {
            m[k] = mlp(31, 40 + k, 0.05f, OBS, 16, 16, ACT);
        }
        return m;
    }

    /**
     * A raw observation {@code sigmas} standard deviations (of the normalisation) from the mean.
     */
    static float[] observation(Map<String, Object> d, Random rnd, double sigmas) {
        List<?> mean = (List<?>) object(d, "normalization").get("mean");
        List<?> std = (List<?>) object(d, "normalization").get("std");
        float[] x = new float[OBS];
        for (int i = 0; i < OBS; i++) {
            double z = sigmas == 1 ? rnd.nextGaussian() : (rnd.nextBoolean() ? sigmas : -sigmas);
            x[i] =
                    (float)
                            (((Number) mean.get(i)).doubleValue()
                                    + z * ((Number) std.get(i)).doubleValue());
        }
        return x;
    }

    @Test
    void identicalMembersAgreeExactly() {
        byte[] net = mlp(1);
        Random rnd = new Random(2);
        try (OnnxPolicy one = OnnxPolicy.create(pkg(descriptor(names(1)), net), context());
                OnnxPolicy three =
                        OnnxPolicy.create(pkg(descriptor(names(3)), net, net, net), context())) {
            assertThat(three.members()).isEqualTo(3);
            float[] a = new float[ACT];
            float[] b = new float[ACT];
            for (int i = 0; i < 50; i++) {
                float[] obs = TestPackages.random(rnd, OBS, 3);
                one.act(obs, a);
                three.act(obs, b);
                assertThat(b).isEqualTo(a);
                assertThat(three.uncertainty()).isZero();
                assertThat(one.uncertainty()).isNaN();
            }
        }
    }

    /** The mean and the disagreement, computed by hand from each member run as a policy alone. */
    @Test
    void theActionIsTheMembersMeanAndUncertaintyTheirLargestRelativeSpread() {
        byte[][] nets = members();
        Random rnd = new Random(3);
        OnnxPolicy[] alone = new OnnxPolicy[K];
        for (int k = 0; k < K; k++) {
            alone[k] = OnnxPolicy.create(pkg(descriptor(names(1)), nets[k]), context());
        }
        try (OnnxPolicy ensemble = OnnxPolicy.create(pkg(descriptor(names(K)), nets), context())) {
            float[] action = new float[ACT];
            float[][] memberAction = new float[K][ACT];
            for (int i = 0; i < 50; i++) {
                float[] obs = TestPackages.random(rnd, OBS, 6);
                ensemble.act(obs, action);
                for (int k = 0; k < K; k++) {
                    alone[k].act(obs, memberAction[k]);
                }
                double expected = 0;
                for (int j = 0; j < ACT; j++) {
                    double mean = 0;
                    for (int k = 0; k < K; k++) {
                        mean += memberAction[k][j] / (double) K;
                    }
                    double var = 0;
                    for (int k = 0; k < K; k++) {
                        var += Math.pow(memberAction[k][j] - mean, 2) / K;
                    }
                    double width = JOINTS.get(j).maxPositionRad() - JOINTS.get(j).minPositionRad();
                    expected = Math.max(expected, Math.sqrt(var) / width);
                    assertThat(action[j]).isCloseTo((float) mean, within(1e-6f));
                }
                assertThat(ensemble.uncertainty()).isCloseTo(expected, within(1e-6));
            }
        } finally {
            for (OnnxPolicy p : alone) {
                p.close();
            }
        }
    }

    @Test
    void anOutOfDistributionObservationMakesTheMembersDisagree() {
        Map<String, Object> d = descriptor(names(K));
        object(d, "normalization").remove("clip");
        Random rnd = new Random(4);
        double inside = 0;
        double outside = 0;
        int n = 50;
        try (OnnxPolicy ensemble = OnnxPolicy.create(pkg(d, members()), context())) {
            float[] action = new float[ACT];
            for (int i = 0; i < n; i++) {
                ensemble.act(observation(d, rnd, 1), action);
                inside += ensemble.uncertainty() / n;
                ensemble.act(observation(d, rnd, 8), action);
                outside += ensemble.uncertainty() / n;
            }
        }
        System.out.printf(
                "ensemble disagreement: %.4f in distribution, %.4f at 8 standard deviations%n",
                inside, outside);
        assertThat(inside).isPositive().isLessThan(0.1);
        assertThat(outside).isGreaterThan(3 * inside);
    }
}
