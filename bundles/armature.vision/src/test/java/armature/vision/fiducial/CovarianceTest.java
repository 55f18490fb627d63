package armature.vision.fiducial;

import static org.assertj.core.api.Assertions.assertThat;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerDetection;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelPoint;
import armature.vision.api.Pose3;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The solver's covariance against the spread it claims: exact corners of a known pose plus Gaussian
 * pixel noise, solved 400 times. The predicted standard deviation of each coordinate (averaged over
 * the runs) must be within a factor of two of the measured one, and the mean normalised squared
 * error of the position must be near its 3 degrees of freedom.
 */
class CovarianceTest {
    static final CameraIntrinsics CAMERA = CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);

    @Test
    void predictedSpreadMatchesTheMeasuredSpreadUnderCornerNoise() {
        double noisePx = 0.8; // above the solver's 0.3 px floor, so the residual drives sigma
        Pose3 truth = new Pose3(0.03, -0.02, 0.45, Rigid.quaternion(Rigid.exp(0.4, -0.3, 0.8)));
        List<PixelPoint> exact = FiducialPoseTest.trueCorners(truth, CAMERA, 0.05);
        MarkerPoseSolver solver = new MarkerPoseSolver();
        Random rnd = new Random(3);
        int n = 400;
        double[][] errors = new double[n][];
        double[] predictedVariance = new double[6];
        double nees = 0;
        for (int i = 0; i < n; i++) {
            List<PixelPoint> noisy = new ArrayList<>();
            for (PixelPoint p : exact) {
                noisy.add(
                        new PixelPoint(
                                p.xPx() + noisePx * rnd.nextGaussian(),
                                p.yPx() + noisePx * rnd.nextGaussian()));
            }
            MarkerPoseSolver.Solution s =
                    solver.solve(new MarkerDetection(MarkerFamily.TAG36H11, 0, noisy), CAMERA, 0.05)
                            .orElseThrow();
            double[] t = s.translationM();
            // Rotation error about the camera axes: R_err = R_est R_true^T, small angle vector.
            double[] rt = truth.orientation().toMatrix();
            double[] re = Rigid.multiply(s.rotation(), transpose(rt));
            errors[i] =
                    new double[] {
                        t[0] - truth.xM(),
                        t[1] - truth.yM(),
                        t[2] - truth.zM(),
                        (re[7] - re[5]) / 2,
                        (re[2] - re[6]) / 2,
                        (re[3] - re[1]) / 2
                    };
            for (int k = 0; k < 6; k++) {
                predictedVariance[k] += s.covariance()[k * 6 + k] / n;
            }
            nees += positionNees(errors[i], s.covariance()) / n;
        }
        for (int k = 0; k < 6; k++) {
            double measured = 0;
            for (double[] e : errors) {
                measured += e[k] * e[k] / n;
            }
            double ratio = Math.sqrt(predictedVariance[k] / measured);
            assertThat(ratio)
                    .as("predicted / measured standard deviation of coordinate " + k)
                    .isBetween(0.5, 2.0);
        }
        // sigma^2 is estimated from two degrees of freedom per solve, so single NEES values are
        // heavy-tailed; their mean must still be of the order of 3.
        assertThat(nees).as("mean position NEES").isBetween(1.0, 9.0);
    }

    private static double positionNees(double[] e, double[] cov) {
        double[] p = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                p[i * 3 + j] = cov[i * 6 + j];
            }
        }
        double[] inv = Matrices.invert(p, 3);
        double s = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                s += e[i] * inv[i * 3 + j] * e[j];
            }
        }
        return s;
    }

    private static double[] transpose(double[] m) {
        return new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
    }
}
