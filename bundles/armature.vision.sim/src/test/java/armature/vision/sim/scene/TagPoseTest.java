package armature.vision.sim.scene;

import static org.assertj.core.api.Assertions.assertThat;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector;
import armature.vision.api.MarkerFamily;
import armature.vision.api.Pose3;
import armature.vision.fiducial.Fiducials;
import armature.vision.image.GreyImage;
import armature.vision.sim.render.CameraRenderer;
import armature.vision.sim.render.Drawable;
import armature.vision.sim.render.Light;
import armature.vision.sim.render.Material;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.Shapes;
import armature.vision.sim.render.Transform;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tagged cube rendered at known poses 0.3-0.6 m from the camera and found by the existing
 * detector (armature.vision's {@link Fiducials}) at the pose it was rendered at: within 2 mm and 1
 * degree, with and without lens distortion.
 */
class TagPoseTest {
    private static final TaggedCube CUBE =
            new TaggedCube(MarkerFamily.TAG36H11, new int[] {0, 1, 2, 3, 4, 5}, 0.04);
    private static final double[] HALF = {0.025, 0.025, 0.025};

    @Test
    void renderedTagIsDetectedAtTheRenderedPose() {
        check(CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240), 11);
    }

    @Test
    void renderedTagIsDetectedAtTheRenderedPoseThroughADistortingLens() {
        check(
                new CameraIntrinsics(
                        640,
                        480,
                        600,
                        605,
                        318,
                        243,
                        new double[] {-0.1, 0.03},
                        new double[] {0.0005, -0.0005}),
                12);
    }

    private static void check(CameraIntrinsics k, long seed) {
        Random rnd = new Random(seed);
        Fiducials detector = new Fiducials();
        List<Material> faces = CUBE.materials(HALF, Material.of(0.5, 0.5, 0.5));
        int seen = 0;
        for (int trial = 0; trial < 8; trial++) {
            double distance = 0.3 + 0.3 * trial / 7.0;
            // The -z face (tag 5) looks at the camera, tilted up to about 35 degrees.
            double ax = (rnd.nextDouble() - 0.5) * 1.2, ay = (rnd.nextDouble() - 0.5) * 1.2;
            double az = rnd.nextDouble() * 2 * Math.PI;
            Transform tilt = rotation(ax, ay, 0).compose(rotation(0, 0, az));
            Transform worldFromBox =
                    Transform.ofMatrix(
                            tilt.rotation(),
                            new double[] {
                                (rnd.nextDouble() - 0.5) * 0.1,
                                (rnd.nextDouble() - 0.5) * 0.08,
                                distance
                            });
            Drawable cube =
                    new Drawable(Shapes.box(HALF[0], HALF[1], HALF[2]), faces, worldFromBox);
            RgbImage image =
                    new CameraRenderer()
                            .render(
                                    List.of(cube),
                                    Transform.IDENTITY,
                                    k,
                                    new Light(new double[] {0.2, -0.3, -1}, 0.6, 0.4),
                                    new float[] {0.3f, 0.3f, 0.3f},
                                    2);
            List<FiducialDetector.Result> found =
                    detector.detect(
                            new GreyImage(k.widthPx(), k.heightPx(), image.grey8()),
                            MarkerFamily.TAG36H11,
                            Optional.of(k),
                            CUBE.tagSizeM(),
                            "cam",
                            0);
            Transform truth = worldFromBox.compose(TaggedCube.boxFromTag(5, HALF));
            FiducialDetector.Result tag5 =
                    found.stream()
                            .filter(r -> r.detection().markerId() == 5)
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "tag 5 not found at "
                                                            + worldFromBox.translation()[2]
                                                            + " m: "
                                                            + found));
            Pose3 p = tag5.pose().orElseThrow().pose();
            var q = p.orientation();
            Transform estimate = Transform.of(p.xM(), p.yM(), p.zM(), q.w(), q.x(), q.y(), q.z());
            assertThat(estimate.distanceTo(truth))
                    .as("position error, trial %d", trial)
                    .isLessThan(0.002);
            assertThat(Math.toDegrees(estimate.angleTo(truth)))
                    .as("rotation error, trial %d", trial)
                    .isLessThan(1.0);
            seen++;
        }
        assertThat(seen).isEqualTo(8);
    }

    static Transform rotation(double rx, double ry, double rz) {
        double angle = Math.sqrt(rx * rx + ry * ry + rz * rz);
        if (angle < 1e-15) {
            return Transform.IDENTITY;
        }
        double s = Math.sin(angle / 2) / angle;
        return Transform.of(0, 0, 0, Math.cos(angle / 2), rx * s, ry * s, rz * s);
    }
}
