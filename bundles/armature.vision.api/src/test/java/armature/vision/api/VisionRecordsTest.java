package armature.vision.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every record refuses bad values with a message naming the field, the value and what is allowed.
 */
class VisionRecordsTest {
    static final List<PixelPoint> SQUARE =
            List.of(
                    new PixelPoint(0, 10),
                    new PixelPoint(10, 10),
                    new PixelPoint(10, 0),
                    new PixelPoint(0, 0));

    @Test
    void intrinsicsNameTheBadField() {
        assertThatThrownBy(() -> CameraIntrinsics.pinhole(0, 480, 600, 600, 320, 240))
                .hasMessage("widthPx is 0; allowed: an integer 1..65535");
        assertThatThrownBy(() -> CameraIntrinsics.pinhole(640, 480, 600, Double.NaN, 320, 240))
                .hasMessage("fyPx is NaN; allowed: a finite number > 0");
        assertThatThrownBy(
                        () ->
                                new CameraIntrinsics(
                                        640, 480, 600, 600, 320, 240, new double[4], null))
                .hasMessage("radial has 4 values; allowed: 0..3");
        assertThatThrownBy(
                        () ->
                                new CameraIntrinsics(
                                        640, 480, 600, 600, 320, 240, null, new double[] {0.1}))
                .hasMessage("tangential has 1 value; allowed: none or 2 (p1, p2)");
        assertThatThrownBy(
                        () ->
                                new CameraIntrinsics(
                                        640,
                                        480,
                                        600,
                                        600,
                                        320,
                                        240,
                                        new double[] {0, Double.POSITIVE_INFINITY},
                                        null))
                .hasMessage("radial[1] is Infinity; allowed: a finite number");
        CameraIntrinsics c =
                new CameraIntrinsics(640, 480, 600, 600, 320, 240, new double[] {0.1}, null);
        assertThat(c.radial(0)).isEqualTo(0.1);
        assertThat(c.radial(2)).isZero();
        assertThat(c)
                .isEqualTo(
                        new CameraIntrinsics(
                                640, 480, 600, 600, 320, 240, new double[] {0.1}, new double[0]));
    }

    @Test
    void aQuaternionMustBeUnit() {
        assertThatThrownBy(() -> new UnitQuaternion(1, 1, 0, 0))
                .hasMessageStartingWith(
                        "quaternion [w, x, y, z] = [1.0, 1.0, 0.0, 0.0] has norm 1.414")
                .hasMessageEndingWith("allowed: a unit quaternion (norm 1 +- 1.0E-6)");
        UnitQuaternion q = UnitQuaternion.normalized(-2, 0, 0, 2);
        assertThat(q.w()).isPositive();
        assertThat(q.angleToRad(UnitQuaternion.IDENTITY))
                .isCloseTo(Math.PI / 2, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void framesCheckTheirSizeAndNames() {
        assertThatThrownBy(
                        () ->
                                new ImageFrame(
                                        "cam",
                                        0,
                                        PixelFormat.RGB8,
                                        ImageEncoding.RAW,
                                        4,
                                        2,
                                        new byte[8]))
                .hasMessage("data has 8 bytes; allowed for a raw rgb8 4x2 frame: exactly 24");
        assertThatThrownBy(
                        () ->
                                new ImageFrame(
                                        "a/b",
                                        0,
                                        PixelFormat.GREY8,
                                        ImageEncoding.PNG,
                                        4,
                                        2,
                                        new byte[8]))
                .hasMessage("cameraId 'a/b' must be 1-64 letters, digits, '_', '.' or '-'");
        assertThatThrownBy(
                        () ->
                                new ImageFrame(
                                        "cam",
                                        -1,
                                        PixelFormat.GREY8,
                                        ImageEncoding.PNG,
                                        4,
                                        2,
                                        new byte[8]))
                .hasMessageStartingWith("timestampNs is -1; allowed: >= 0");
        assertThatThrownBy(() -> ImageEncoding.ofWireName("gif"))
                .hasMessage("image encoding 'gif' is unknown; allowed: [raw, png, jpeg]");
        assertThatThrownBy(() -> PixelFormat.ofWireName("rgba"))
                .hasMessage("pixel format 'rgba' is unknown; allowed: [grey8, rgb8]");
    }

    @Test
    void detectionsHaveFourCornersAndAnIdOfTheirFamily() {
        assertThatThrownBy(() -> new MarkerDetection(MarkerFamily.ARUCO4X4_50, 50, SQUARE))
                .hasMessage("markerId is 50; allowed for aruco4x4_50: 0..49");
        assertThatThrownBy(
                        () -> new MarkerDetection(MarkerFamily.TAG36H11, 1, SQUARE.subList(0, 3)))
                .hasMessage("corners has 3 points; allowed: exactly 4");
        assertThat(new MarkerDetection(MarkerFamily.TAG36H11, 1, SQUARE).center())
                .isEqualTo(new PixelPoint(5, 5));
        assertThatThrownBy(() -> MarkerFamily.ofWireName("tag36h12"))
                .hasMessageStartingWith("marker family 'tag36h12' is unknown; allowed: tag16h5, ");
        for (MarkerFamily f : MarkerFamily.values()) {
            assertThat(MarkerFamily.ofWireName(f.wireName())).isSameAs(f);
        }
    }

    @Test
    void poseEstimatesNeedASymmetricCovarianceAndAQualityInZeroToOne() {
        double[] cov = new double[36];
        for (int i = 0; i < 6; i++) {
            cov[i * 6 + i] = 1e-6;
        }
        PoseEstimate ok =
                new PoseEstimate(
                        "tag36h11-1",
                        "cam",
                        Pose3.IDENTITY,
                        cov,
                        5,
                        "fiducial/tag36h11",
                        0.5,
                        false);
        assertThat(ok.asStale().stale()).isTrue();
        assertThat(ok.asStale().pose()).isEqualTo(ok.pose());
        double[] asymmetric = cov.clone();
        asymmetric[1] = 1e-7;
        assertThatThrownBy(
                        () ->
                                new PoseEstimate(
                                        "o", "cam", Pose3.IDENTITY, asymmetric, 0, "s", 0.5, false))
                .hasMessage(
                        "covariance[1] = 1.0E-7 but covariance[6] = 0.0; allowed: a symmetric matrix");
        double[] negative = cov.clone();
        negative[14] = -1;
        assertThatThrownBy(
                        () ->
                                new PoseEstimate(
                                        "o", "cam", Pose3.IDENTITY, negative, 0, "s", 0.5, false))
                .hasMessage("covariance[14] (a variance) is -1.0; allowed: >= 0");
        assertThatThrownBy(
                        () ->
                                new PoseEstimate(
                                        "o",
                                        "cam",
                                        Pose3.IDENTITY,
                                        new double[35],
                                        0,
                                        "s",
                                        0.5,
                                        false))
                .hasMessage("covariance has 35 values; allowed: 36");
        assertThatThrownBy(
                        () -> new PoseEstimate("o", "cam", Pose3.IDENTITY, cov, 0, "s", 1.5, false))
                .hasMessage("quality is 1.5; allowed: 0..1");
        assertThatThrownBy(() -> new Pose3(Double.NaN, 0, 0, UnitQuaternion.IDENTITY))
                .hasMessage("position xM is NaN; allowed: a finite number");
    }
}
