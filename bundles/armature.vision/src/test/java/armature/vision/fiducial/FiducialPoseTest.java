package armature.vision.fiducial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector.Result;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelPoint;
import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
import armature.vision.image.GreyImage;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Markers rendered exactly (PlanarMarkerRenderer, 4x4 samples per pixel) at known poses through a
 * known camera: the detector must name them, put the corners where the camera model projects the
 * true corners (in the reference order), and the solver must recover the pose within the issue's
 * bounds (2 mm, 1 degree) for a 5 cm tag at 0.3-0.6 m.
 */
class FiducialPoseTest {
    static final CameraIntrinsics CAMERA = CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);
    static final double SIZE_M = 0.05;

    private final Fiducials fiducials = new Fiducials();

    /** A pose at distance, tilted by up to maxTiltRad about a random axis, off-centre a little. */
    static Pose3 randomPose(Random rnd, double distanceM, double maxTiltRad) {
        double ax = rnd.nextGaussian();
        double ay = rnd.nextGaussian();
        double az = rnd.nextGaussian() * 0.2;
        double n = Math.sqrt(ax * ax + ay * ay + az * az);
        double angle = maxTiltRad * rnd.nextDouble();
        double[] r =
                Rigid.multiply(
                        Rigid.exp(ax / n * angle, ay / n * angle, az / n * angle),
                        Rigid.exp(0, 0, rnd.nextDouble() * 2 * Math.PI));
        return new Pose3(
                (rnd.nextDouble() - 0.5) * 0.1,
                (rnd.nextDouble() - 0.5) * 0.07,
                distanceM,
                Rigid.quaternion(r));
    }

    /** Where the camera sees the true marker corners, in the reference order. */
    static List<PixelPoint> trueCorners(Pose3 pose, CameraIntrinsics camera, double sizeM) {
        double[] r = pose.orientation().toMatrix();
        BrownDistortion lens = new BrownDistortion(camera);
        List<PixelPoint> out = new ArrayList<>();
        double[] px = new double[2];
        for (double[] c : MarkerPoseSolver.objectCorners(sizeM)) {
            double x = r[0] * c[0] + r[1] * c[1] + pose.xM();
            double y = r[3] * c[0] + r[4] * c[1] + pose.yM();
            double z = r[6] * c[0] + r[7] * c[1] + pose.zM();
            lens.toPixel(x / z, y / z, px);
            out.add(new PixelPoint(px[0], px[1]));
        }
        return out;
    }

    @Test
    void cornersAreWhereTheCameraSeesTheTrueCornersInTheReferenceOrder() {
        Pose3 pose = new Pose3(0.02, -0.01, 0.4, Rigid.quaternion(Rigid.exp(0.3, -0.2, 2.0)));
        GreyImage image =
                PlanarMarkerRenderer.render(
                        MarkerBitmap.of(MarkerFamily.TAG36H11, 42), SIZE_M, pose, CAMERA, 4, 128);
        List<Result> found =
                fiducials.detect(image, MarkerFamily.TAG36H11, Optional.empty(), 0, "cam", 0);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).detection().markerId()).isEqualTo(42);
        assertThat(found.get(0).pose()).isEmpty();
        List<PixelPoint> truth = trueCorners(pose, CAMERA, SIZE_M);
        for (int k = 0; k < 4; k++) {
            assertThat(found.get(0).detection().corners().get(k).distanceToPx(truth.get(k)))
                    .as("corner " + k)
                    .isLessThan(0.5);
        }
    }

    @Test
    void poseWithinTwoMillimetresAndOneDegreeAtThirtyToSixtyCentimetres() {
        Random rnd = new Random(12);
        List<Double> positionErrorsM = new ArrayList<>();
        List<Double> angleErrorsRad = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double distance = 0.3 + 0.3 * i / 11.0;
            Pose3 truth = randomPose(rnd, distance, Math.toRadians(50));
            int id = rnd.nextInt(MarkerFamily.TAG36H11.markerCount());
            GreyImage image =
                    PlanarMarkerRenderer.render(
                            MarkerBitmap.of(MarkerFamily.TAG36H11, id),
                            SIZE_M,
                            truth,
                            CAMERA,
                            4,
                            128);
            List<Result> found =
                    fiducials.detect(
                            image, MarkerFamily.TAG36H11, Optional.of(CAMERA), SIZE_M, "cam", 7);
            assertThat(found).as("pose " + i + " " + truth).hasSize(1);
            assertThat(found.get(0).detection().markerId()).isEqualTo(id);
            PoseEstimate e = found.get(0).pose().orElseThrow();
            assertThat(e.objectId()).isEqualTo("tag36h11-" + id);
            assertThat(e.frameId()).isEqualTo("cam");
            assertThat(e.timestampNs()).isEqualTo(7);
            assertThat(e.stale()).isFalse();
            assertThat(e.quality()).isBetween(0.3, 1.0);
            positionErrorsM.add(e.pose().distanceToM(truth));
            angleErrorsRad.add(e.pose().orientation().angleToRad(truth.orientation()));
            for (int k = 0; k < 6; k++) {
                assertThat(e.covariance(k, k)).isPositive();
            }
            // The depth is the least certain position coordinate of a marker seen face-on.
            assertThat(Math.sqrt(e.covariance(2, 2))).isLessThan(0.01);
        }
        assertThat(median(positionErrorsM)).as("median position error, m").isLessThan(0.002);
        assertThat(median(angleErrorsRad))
                .as("median angle error, rad")
                .isLessThan(Math.toRadians(1));
        assertThat(positionErrorsM).allSatisfy(err -> assertThat(err).isLessThan(0.006));
    }

    @Test
    void distortedLensIsModelledInDetectionAndPose() {
        CameraIntrinsics lens =
                new CameraIntrinsics(
                        640,
                        480,
                        580,
                        585,
                        322,
                        238,
                        new double[] {-0.2, 0.05},
                        new double[] {0.001, -0.0005});
        Pose3 truth = new Pose3(-0.08, 0.05, 0.45, Rigid.quaternion(Rigid.exp(0.4, 0.3, 0.5)));
        GreyImage image =
                PlanarMarkerRenderer.render(
                        MarkerBitmap.of(MarkerFamily.TAG36H11, 5), SIZE_M, truth, lens, 4, 128);
        PoseEstimate e =
                fiducials
                        .detect(image, MarkerFamily.TAG36H11, Optional.of(lens), SIZE_M, "cam", 0)
                        .get(0)
                        .pose()
                        .orElseThrow();
        assertThat(e.pose().distanceToM(truth)).isLessThan(0.003);
        assertThat(e.pose().orientation().angleToRad(truth.orientation()))
                .isLessThan(Math.toRadians(1.5));
    }

    @Test
    void arucoFamilyIsCutToItsFirstMarkers() {
        Pose3 pose = new Pose3(0, 0, 0.35, UnitQuaternion.IDENTITY);
        GreyImage image =
                PlanarMarkerRenderer.render(
                        MarkerBitmap.of(MarkerFamily.ARUCO4X4_1000, 60),
                        SIZE_M,
                        pose,
                        CAMERA,
                        2,
                        128);
        assertThat(fiducials.detect(image, MarkerFamily.ARUCO4X4_1000, Optional.empty(), 0, "c", 0))
                .singleElement()
                .satisfies(r -> assertThat(r.detection().markerId()).isEqualTo(60));
        assertThat(fiducials.detect(image, MarkerFamily.ARUCO4X4_50, Optional.empty(), 0, "c", 0))
                .as("id 60 is not in aruco4x4_50")
                .isEmpty();
    }

    @Test
    void aMarkerOfAnotherFamilyIsNotReported() {
        Pose3 pose = new Pose3(0, 0, 0.35, UnitQuaternion.IDENTITY);
        GreyImage image =
                PlanarMarkerRenderer.render(
                        MarkerBitmap.of(MarkerFamily.TAG36H11, 0), SIZE_M, pose, CAMERA, 2, 128);
        assertThat(fiducials.detect(image, MarkerFamily.ARUCO6X6_250, Optional.empty(), 0, "c", 0))
                .isEmpty();
    }

    @Test
    void intrinsicsOfAnotherSizeAreRefusedNamingBothSizes() {
        GreyImage image = new GreyImage(320, 240, new byte[320 * 240]);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                fiducials.detect(
                                        image,
                                        MarkerFamily.TAG36H11,
                                        Optional.of(CAMERA),
                                        0.05,
                                        "c",
                                        0))
                .hasMessageContaining("320x240")
                .hasMessageContaining("640x480");
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    @Test
    void quaternionRoundTrip() {
        double[] r = Rigid.exp(0.1, 2.5, -0.7);
        double[] back = Rigid.pose(r, new double[3]).orientation().toMatrix();
        for (int i = 0; i < 9; i++) {
            assertThat(back[i]).isCloseTo(r[i], within(1e-12));
        }
    }
}
