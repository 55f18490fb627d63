package armature.vision.sim.render;

import static org.assertj.core.api.Assertions.assertThat;

import armature.vision.api.CameraIntrinsics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A box of known size at a known pose covers exactly the pixels the pinhole model (with its lens)
 * says it covers: every pixel whose centre is more than one pixel inside the projected outline is
 * the box's, every pixel more than one pixel outside is background.
 */
class RasterizerTest {
    private static final float[] BLACK = {0, 0, 0};

    /** Uniform light: the box is white wherever it is seen. */
    private static final Light FLAT = new Light(new double[] {0, 0, 1}, 0, 1);

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void boxProjectsWherePinholeModelPredicts(boolean distorted) {
        CameraIntrinsics k =
                new CameraIntrinsics(
                        640,
                        480,
                        610,
                        590,
                        322.5,
                        236.25,
                        distorted ? new double[] {-0.12, 0.05} : new double[0],
                        distorted ? new double[] {0.001, -0.0015} : new double[0]);
        double[] half = {0.04, 0.025, 0.06};
        Transform worldFromBox = Transform.of(0.03, -0.02, 0.45, 0.9, 0.2, -0.3, 0.25);
        Transform worldFromCamera = Transform.IDENTITY;
        Drawable box =
                new Drawable(
                        Shapes.box(half[0], half[1], half[2]),
                        List.of(Material.of(1, 1, 1)),
                        worldFromBox);
        RgbImage image =
                new CameraRenderer().render(List.of(box), worldFromCamera, k, FLAT, BLACK, 1);

        // The outline: the convex hull of the 8 corners through the ideal pinhole.
        List<double[]> corners = new ArrayList<>();
        double[] p = new double[3];
        for (int i = 0; i < 8; i++) {
            double[] c = {
                (i & 1) == 0 ? -half[0] : half[0],
                (i & 2) == 0 ? -half[1] : half[1],
                (i & 4) == 0 ? -half[2] : half[2]
            };
            worldFromBox.apply(c, p);
            corners.add(
                    new double[] {
                        k.fxPx() * p[0] / p[2] + k.cxPx(), k.fyPx() * p[1] / p[2] + k.cyPx()
                    });
        }
        List<double[]> hull = Hull2.of(corners);
        int inside = 0, outside = 0;
        double[] n = new double[2];
        for (int y = 0; y < k.heightPx(); y++) {
            for (int x = 0; x < k.widthPx(); x++) {
                // Where this pixel's centre looks in the ideal pinhole image.
                LensWarp.undistort(k, x + 0.5, y + 0.5, n);
                double d =
                        Hull2.signedDistance(
                                hull, k.fxPx() * n[0] + k.cxPx(), k.fyPx() * n[1] + k.cyPx());
                // Without a lens a pixel is the box's or not; the lens resamples bilinearly, so
                // a pixel counts as the box's when it is at least half white.
                float v = image.get(x, y, 0);
                boolean white = distorted ? v >= 0.5f : v == 1f;
                boolean black = distorted ? v < 0.5f : v == 0f;
                if (d < -1) {
                    assertThat(white)
                            .as("pixel (%d, %d), %.2f px inside: %f", x, y, -d, v)
                            .isTrue();
                    inside++;
                } else if (d > 1) {
                    assertThat(black)
                            .as("pixel (%d, %d), %.2f px outside: %f", x, y, d, v)
                            .isTrue();
                    outside++;
                }
            }
        }
        assertThat(inside).isGreaterThan(5000);
        assertThat(outside).isGreaterThan(100_000);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void projectedCornerOfABoxIsWhereTheModelPutsIt(boolean distorted) {
        // The point check: a 2 cm white square face-on (a plane: a box would show a side face);
        // its centroid in the image is the distorted projection of its centre within 0.1 px.
        CameraIntrinsics k =
                new CameraIntrinsics(
                        400,
                        300,
                        500,
                        500,
                        210,
                        140,
                        distorted ? new double[] {-0.2} : new double[0],
                        new double[0]);
        Transform worldFromBox = Transform.of(0.06, 0.05, 0.5, 1, 0, 0, 0);
        Drawable square =
                new Drawable(Shapes.plane(0.01, 0.01), List.of(Material.of(1, 1, 1)), worldFromBox);
        RgbImage image =
                new CameraRenderer().render(List.of(square), Transform.IDENTITY, k, FLAT, BLACK, 4);
        double sx = 0, sy = 0, sw = 0;
        for (int y = 0; y < k.heightPx(); y++) {
            for (int x = 0; x < k.widthPx(); x++) {
                double w = image.get(x, y, 0);
                sx += w * (x + 0.5);
                sy += w * (y + 0.5);
                sw += w;
            }
        }
        double[] expected = new double[2];
        LensWarp.distort(k, 0.06 / 0.5, 0.05 / 0.5, expected);
        assertThat(sx / sw).isCloseTo(expected[0], org.assertj.core.data.Offset.offset(0.1));
        assertThat(sy / sw).isCloseTo(expected[1], org.assertj.core.data.Offset.offset(0.1));
        // 2 cm at 0.5 m and 500 px: 20 px a side.
        assertThat(sw).isBetween(0.95 * 400, 1.05 * 400);
    }
}
