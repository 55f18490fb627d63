package armature.vision.fiducial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PoseFusion#ofObject}: the object's pose is the marker's composed with the marker-to-object
 * transform (checked with 4x4 homogeneous matrices), and its covariance is what sampling says: the
 * marker's pose perturbed by 200 000 draws from its covariance, carried to the object one by one,
 * spreads as the propagated covariance predicts.
 */
class ObjectFromMarkerTest {
    private static final Pose3 MARKER =
            Rigid.pose(Rigid.exp(0.4, -0.3, 1.1), new double[] {0.05, -0.02, 0.45});

    /** A top-face marker of a 5 cm cube: 2.5 cm above the centre, turned over (z into the cube). */
    private static final Pose3 OBJECT_FROM_MARKER =
            Rigid.pose(Rigid.exp(Math.PI, 0, 0), new double[] {0, 0, 0.025});

    @Test
    void thePoseIsTheComposition() {
        PoseEstimate o =
                PoseFusion.ofObject(estimate(diagonal(1e-6, 1e-4)), OBJECT_FROM_MARKER, "cube");
        double[] expected = times(homogeneous(MARKER), invert(homogeneous(OBJECT_FROM_MARKER)));
        double[] actual = homogeneous(o.pose());
        for (int i = 0; i < 16; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-12));
        }
        assertThat(o.objectId()).isEqualTo("cube");
        assertThat(o.frameId()).isEqualTo("camera");
        assertThat(o.timestampNs()).isEqualTo(7);
    }

    @Test
    void theCovarianceIsTheSampledSpread() {
        double[] c = diagonal(4e-6, 2.5e-4);
        c[0 * 6 + 4] = c[4 * 6 + 0] = 1e-5; // some correlation of position and rotation
        PoseEstimate o = PoseFusion.ofObject(estimate(c), OBJECT_FROM_MARKER, "cube");
        double[] l = cholesky(c);
        Random random = new Random(42);
        int n = 200_000;
        double[] sum = new double[36];
        double[] nominalR = o.pose().orientation().toMatrix();
        double[] nominalRt = transpose3(nominalR);
        for (int k = 0; k < n; k++) {
            double[] z = new double[6];
            for (int i = 0; i < 6; i++) {
                z[i] = random.nextGaussian();
            }
            double[] d = new double[6];
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j <= i; j++) {
                    d[i] += l[i * 6 + j] * z[j];
                }
            }
            // The perturbed marker: t + dt, exp(dr) R.
            double[] r =
                    Rigid.multiply(Rigid.exp(d[3], d[4], d[5]), MARKER.orientation().toMatrix());
            Pose3 perturbed =
                    Rigid.pose(
                            r,
                            new double[] {
                                MARKER.xM() + d[0], MARKER.yM() + d[1], MARKER.zM() + d[2]
                            });
            Pose3 object =
                    PoseFusion.ofObject(
                                    new PoseEstimate(
                                            "m", "camera", perturbed, c, 7, "test", 1, false),
                                    OBJECT_FROM_MARKER,
                                    "cube")
                            .pose();
            double[] dr = Rigid.log(Rigid.multiply(object.orientation().toMatrix(), nominalRt));
            double[] e = {
                object.xM() - o.pose().xM(),
                object.yM() - o.pose().yM(),
                object.zM() - o.pose().zM(),
                dr[0],
                dr[1],
                dr[2]
            };
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    sum[i * 6 + j] += e[i] * e[j];
                }
            }
        }
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double sampled = sum[i * 6 + j] / n;
                double scale = Math.sqrt(o.covariance(i, i) * o.covariance(j, j));
                assertThat(o.covariance(i, j))
                        .as("covariance (%d, %d), sampled %g", i, j, sampled)
                        .isCloseTo(sampled, within(0.03 * scale));
            }
        }
        // The rotation's uncertainty moves the object's centre 2.5 cm from the marker: the
        // position variance across the lever grows by about (0.025 m)^2 x 2.5e-4 rad^2.
        assertThat(o.covariance(0, 0)).isGreaterThan(c[0] * 1.05);
    }

    private static PoseEstimate estimate(double[] covariance) {
        return new PoseEstimate("tag36h11-4", "camera", MARKER, covariance, 7, "test", 0.9, false);
    }

    private static double[] diagonal(double position, double rotation) {
        double[] c = new double[36];
        for (int i = 0; i < 6; i++) {
            c[i * 6 + i] = i < 3 ? position : rotation;
        }
        return c;
    }

    private static double[] homogeneous(Pose3 p) {
        double[] r = p.orientation().toMatrix();
        return new double[] {
            r[0], r[1], r[2], p.xM(), r[3], r[4], r[5], p.yM(), r[6], r[7], r[8], p.zM(), 0, 0, 0, 1
        };
    }

    private static double[] invert(double[] h) {
        double[] out = new double[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i * 4 + j] = h[j * 4 + i];
            }
            out[i * 4 + 3] = -(h[0 * 4 + i] * h[3] + h[1 * 4 + i] * h[7] + h[2 * 4 + i] * h[11]);
        }
        out[15] = 1;
        return out;
    }

    private static double[] times(double[] a, double[] b) {
        double[] m = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    m[i * 4 + j] += a[i * 4 + k] * b[k * 4 + j];
                }
            }
        }
        return m;
    }

    private static double[] transpose3(double[] r) {
        return new double[] {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
    }

    private static double[] cholesky(double[] a) {
        double[] l = new double[36];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * 6 + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * 6 + k] * l[j * 6 + k];
                }
                l[i * 6 + j] = i == j ? Math.sqrt(s) : s / l[j * 6 + j];
            }
        }
        return l;
    }
}
