package armature.robot.model.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact orientation against an independent exact evaluation in {@link BigDecimal} (exact for
 * doubles: each is a finite binary fraction), on the inputs where exactness matters: points on or a
 * few ulps off a plane, float32 mesh vertices, coordinates of very different magnitudes, subnormals
 * and zeros.
 */
class Orient3dTest {
    private static int oracle(double[] a, double[] b, double[] c, double[] p) {
        BigDecimal[] d = new BigDecimal[9];
        double[][] q = {a, b, c};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                d[3 * i + k] = new BigDecimal(q[i][k]).subtract(new BigDecimal(p[k]));
            }
        }
        BigDecimal det =
                d[2].multiply(d[3].multiply(d[7]).subtract(d[6].multiply(d[4])))
                        .add(d[5].multiply(d[6].multiply(d[1]).subtract(d[0].multiply(d[7]))))
                        .add(d[8].multiply(d[0].multiply(d[4]).subtract(d[3].multiply(d[1]))));
        return det.signum();
    }

    private static double[] point(Random r, double scale) {
        return new double[] {
            scale * (r.nextDouble() - 0.5),
            scale * (r.nextDouble() - 0.5),
            scale * (r.nextDouble() - 0.5)
        };
    }

    /** A point on the plane of a, b, c (as nearly as doubles allow), then moved by a few ulps. */
    private static double[] nearPlane(Random r, double[] a, double[] b, double[] c) {
        double s = r.nextDouble();
        double t = r.nextDouble();
        double[] p = new double[3];
        for (int k = 0; k < 3; k++) {
            p[k] = a[k] + s * (b[k] - a[k]) + t * (c[k] - a[k]);
            int ulps = r.nextInt(5) - 2;
            for (int u = 0; u < Math.abs(ulps); u++) {
                p[k] = ulps > 0 ? Math.nextUp(p[k]) : Math.nextDown(p[k]);
            }
        }
        return p;
    }

    private static float[] f(double[] p) {
        return new float[] {(float) p[0], (float) p[1], (float) p[2]};
    }

    private static double[] d(float[] p) {
        return new double[] {p[0], p[1], p[2]};
    }

    @Test
    void pointsOnAndNearPlanesGetTheExactSign() {
        Random r = new Random(42);
        int zeros = 0;
        int floatZeros = 0;
        for (int i = 0; i < 20_000; i++) {
            double scale = Math.pow(10, r.nextInt(7) - 4);
            double[] a = point(r, scale);
            double[] b = point(r, scale);
            double[] c = point(r, scale);
            double[] p = nearPlane(r, a, b, c);
            int expected = oracle(a, b, c, p);
            assertThat(Orient3d.exact(a, b, c, p)).as("case %d", i).isEqualTo(expected);
            assertThat(Orient3d.side(a, b, c, p)).as("case %d", i).isEqualTo(-expected);
            zeros += expected == 0 ? 1 : 0;
        }
        // float32 vertices on axis-aligned and skewed planes, as STL meshes have them
        for (int i = 0; i < 20_000; i++) {
            float z = (float) (r.nextDouble() * 0.1);
            double[] a = d(new float[] {(float) r.nextDouble(), (float) r.nextDouble(), z});
            double[] b = d(new float[] {(float) r.nextDouble(), (float) r.nextDouble(), z});
            double[] c = d(new float[] {(float) r.nextDouble(), (float) r.nextDouble(), z});
            double[] p =
                    i % 2 == 0
                            ? d(new float[] {(float) r.nextDouble(), (float) r.nextDouble(), z})
                            : d(f(nearPlane(r, a, b, c)));
            int expected = oracle(a, b, c, p);
            assertThat(Orient3d.exact(a, b, c, p)).as("float case %d", i).isEqualTo(expected);
            zeros += expected == 0 ? 1 : 0;
            floatZeros += expected == 0 ? 1 : 0;
        }
        assertThat(zeros).as("exactly coplanar cases exercised").isGreaterThan(10_000);
        assertThat(floatZeros).as("exactly coplanar float32 vertices").isGreaterThan(5_000);
    }

    @Test
    void coordinatesOfVeryDifferentMagnitudesAndSubnormals() {
        Random r = new Random(7);
        double[] specials = {
            0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, 1e-300, 1e-20, 1, 3, 1e20, 1e300
        };
        for (int i = 0; i < 20_000; i++) {
            double[][] q = new double[4][3];
            for (double[] row : q) {
                for (int k = 0; k < 3; k++) {
                    row[k] =
                            r.nextInt(3) == 0
                                    ? specials[r.nextInt(specials.length)]
                                            * (r.nextBoolean() ? 1 : -1)
                                    : (r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(120) - 60);
                }
            }
            assertThat(Orient3d.exact(q[0], q[1], q[2], q[3]))
                    .as("case %d", i)
                    .isEqualTo(oracle(q[0], q[1], q[2], q[3]));
        }
    }

    @Test
    void aNonFiniteCoordinateIsRefused() {
        double[] o = {0, 0, 0};
        assertThatThrownBy(() -> Orient3d.exact(o, o, o, new double[] {Double.NaN, 0, 0}))
                .hasMessageContaining("non-finite");
    }
}
