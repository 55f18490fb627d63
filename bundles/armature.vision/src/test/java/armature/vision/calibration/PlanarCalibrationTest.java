package armature.vision.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import armature.vision.calibration.PlanarCalibration.Result;
import armature.vision.calibration.PlanarCalibration.Target;
import armature.vision.calibration.PlanarCalibration.TargetKind;
import armature.vision.calibration.PlanarCalibration.View;
import armature.vision.image.GreyImage;
import armature.vision.synthetic.CalibrationTargets;
import armature.vision.synthetic.PlanarMarkerRenderer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calibration against a camera whose intrinsics and distortion are known: images of a chessboard
 * and of a square grid rendered exactly through that camera (PlanarMarkerRenderer back-projects
 * every sample through the Brown-Conrady model; no code shared with BoofCV) must give the camera
 * back, and a reprojection error near zero. A camera model without distortion must fit the same
 * images several times worse: the error says when the model is wrong.
 */
class PlanarCalibrationTest {
    private static final CameraIntrinsics CAMERA =
            new CameraIntrinsics(
                    640, 480, 610, 604, 317.5, 243.2, new double[] {-0.21, 0.06}, new double[0]);

    /** Rendered once for every test, 9 samples per pixel (4 leave 0.13 px of aliasing in). */
    private static final List<View> CHESSBOARD =
            render(CalibrationTargets.chessboard(7, 10, 0.025, 0.02), CAMERA, 3);

    /** Twelve views: the board tilted up to 30 degrees about assorted axes, 0.38 to 0.52 m away. */
    static List<Pose3> views() {
        List<Pose3> poses = new ArrayList<>();
        double[][] axes = {
            {1, 0}, {0, 1}, {-1, 0}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}, {1, 0.3}, {0.3, 1}
        };
        for (int i = 0; i < 12; i++) {
            double[] a = axes[i % axes.length];
            double angle = Math.toRadians(i < 10 ? 18 + 12 * (i % 2) : 5);
            double n = Math.hypot(a[0], a[1]);
            double s = Math.sin(angle / 2);
            UnitQuaternion q =
                    UnitQuaternion.normalized(Math.cos(angle / 2), s * a[0] / n, s * a[1] / n, 0);
            poses.add(
                    new Pose3(
                            0.03 * Math.sin(i * 1.7),
                            0.02 * Math.cos(i * 2.3),
                            0.38 + 0.14 * ((i * 7) % 12) / 11.0,
                            q));
        }
        return poses;
    }

    static List<View> render(
            PlanarMarkerRenderer.Pattern pattern, CameraIntrinsics camera, int samples) {
        List<View> out = new ArrayList<>();
        int i = 0;
        for (Pose3 p : views()) {
            GreyImage image = PlanarMarkerRenderer.render(pattern, p, camera, samples, 128);
            out.add(new View("view-" + i++ + ".png", image));
        }
        return out;
    }

    @Test
    void aChessboardGivesTheCameraBack() {
        Target target = Target.parse("chessboard", "7x10:0.025");
        Result r = PlanarCalibration.calibrate(CHESSBOARD, target, 2, false);
        assertCamera(r);
        assertThat(r.viewsUsed()).isEqualTo(12);
        assertThat(r.rmsErrorPx()).as(r.summary()).isLessThan(0.1);
    }

    @Test
    void aSquareGridGivesTheCameraBack() {
        Target target = Target.parse("grid", "5x7:0.03:0.015");
        Result r =
                PlanarCalibration.calibrate(
                        render(CalibrationTargets.squareGrid(5, 7, 0.03, 0.015, 0.02), CAMERA, 2),
                        target,
                        2,
                        false);
        assertCamera(r);
        assertThat(r.rmsErrorPx()).as(r.summary()).isLessThan(0.2);
    }

    @Test
    void withoutDistortionTheSameImagesFitFarWorse() {
        List<View> views = CHESSBOARD;
        Target target = Target.parse("chessboard", "7x10:0.025");
        Result good = PlanarCalibration.calibrate(views, target, 2, false);
        Result pinhole = PlanarCalibration.calibrate(views, target, 0, false);
        assertThat(pinhole.rmsErrorPx())
                .as("pinhole %s against %s", pinhole.summary(), good.summary())
                .isGreaterThan(4 * good.rmsErrorPx())
                .isGreaterThan(0.3);
        assertThat(pinhole.maxErrorPx()).isGreaterThan(1.0);
        assertThat(pinhole.intrinsics().radial()).isEmpty();
    }

    @Test
    void anImageWithoutTheTargetIsReportedAndLeftOut() {
        List<View> views = new ArrayList<>(CHESSBOARD.subList(0, 5));
        views.add(new View("blank.png", new GreyImage(640, 480, new byte[640 * 480])));
        Result r =
                PlanarCalibration.calibrate(
                        views, Target.parse("chessboard", "7x10:0.025"), 2, false);
        assertThat(r.viewsUsed()).isEqualTo(5);
        assertThat(r.views().get(5).found()).isFalse();
        assertThat(r.views().get(5).meanErrorPx()).isNaN();
        assertThat(r.views().get(0).found()).isTrue();
    }

    @Test
    void tooFewImagesWithTheTargetIsAnErrorNamingThem() {
        List<View> views = new ArrayList<>(CHESSBOARD.subList(0, 2));
        views.add(new View("blank.png", new GreyImage(640, 480, new byte[640 * 480])));
        assertThatThrownBy(
                        () ->
                                PlanarCalibration.calibrate(
                                        views, Target.parse("chessboard", "7x10:0.025"), 2, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found in 2 of 3 images (not in blank.png)")
                .hasMessageContaining("at least 3");
    }

    @Test
    void copiesOfOneViewAreNotEnoughViews() {
        View one = CHESSBOARD.get(0);
        List<View> views =
                List.of(
                        one,
                        new View("copy1.png", one.image()),
                        new View("copy2.png", one.image()),
                        CHESSBOARD.get(1));
        assertThatThrownBy(
                        () ->
                                PlanarCalibration.calibrate(
                                        views, Target.parse("chessboard", "7x10:0.025"), 2, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found in 4 images, but in only 2 different positions")
                .hasMessageContaining("at least 3 different views");
    }

    @Test
    void aModelNoCameraCouldHaveIsNamed() {
        boofcv.struct.calib.CameraPinholeBrown k = new boofcv.struct.calib.CameraPinholeBrown();
        k.fsetK(600, 600, 0, 320, 240, 640, 480);
        assertThat(PlanarCalibration.degenerate(k, 640, 480)).isNull();
        k.fsetK(1.8e9, 3.2e9, 0, -8.4e8, 1.9e9, 640, 480);
        assertThat(PlanarCalibration.degenerate(k, 640, 480))
                .isEqualTo(
                        "its principal point (-840000000.0, 1900000000.0) px lies outside the 640x480 image");
        k.fsetK(1.8e9, 600, 0, 320, 240, 640, 480);
        assertThat(PlanarCalibration.degenerate(k, 640, 480)).contains("outside (0, 64000]");
        k.fsetK(1200, 500, 0, 320, 240, 640, 480);
        assertThat(PlanarCalibration.degenerate(k, 640, 480)).contains("more than a factor 2");
    }

    @Test
    void imagesOfDifferentSizesAreRefusedByName() {
        List<View> views =
                List.of(
                        new View("a.png", new GreyImage(640, 480, new byte[640 * 480])),
                        new View("b.png", new GreyImage(320, 240, new byte[320 * 240])));
        assertThatThrownBy(
                        () ->
                                PlanarCalibration.calibrate(
                                        views, Target.parse("chessboard", "7x10:0.025"), 2, false))
                .hasMessageContaining("b.png is 320x240 px, a.png 640x480")
                .hasMessageContaining("one camera at one size");
    }

    @Test
    void badTargetsAreRefusedWithWhatIsAllowed() {
        assertThatThrownBy(() -> Target.parse("circles", "7x10:0.025"))
                .hasMessage("target 'circles' is unknown; allowed: chessboard, grid");
        assertThatThrownBy(() -> Target.parse("chessboard", "7x10"))
                .hasMessageContaining("allowed: ROWSxCOLS:SQUARE_M");
        assertThatThrownBy(() -> Target.parse("grid", "7x10:0.02"))
                .hasMessageContaining("allowed: ROWSxCOLS:SQUARE_M:SPACE_M");
        assertThatThrownBy(() -> Target.parse("chessboard", "1x10:0.02"))
                .hasMessageContaining("allowed: 2..100 squares");
        assertThatThrownBy(() -> Target.parse("chessboard", "7x10:-1"))
                .hasMessageContaining("allowed: a number of metres > 0");
        assertThat(Target.parse("grid", "5x7:0.03:0.015"))
                .isEqualTo(new Target(TargetKind.GRID, 5, 7, 0.03, 0.015));
    }

    private static void assertCamera(Result r) {
        CameraIntrinsics k = r.intrinsics();
        String why = r.summary();
        assertThat(k.widthPx()).isEqualTo(640);
        assertThat(k.fxPx()).as(why).isCloseTo(CAMERA.fxPx(), within(0.002 * CAMERA.fxPx()));
        assertThat(k.fyPx()).as(why).isCloseTo(CAMERA.fyPx(), within(0.002 * CAMERA.fyPx()));
        assertThat(k.cxPx()).as(why).isCloseTo(CAMERA.cxPx(), within(1.0));
        assertThat(k.cyPx()).as(why).isCloseTo(CAMERA.cyPx(), within(1.0));
        assertThat(k.radial()).hasSize(2);
        assertThat(k.radial(0)).as(why).isCloseTo(CAMERA.radial(0), within(0.01));
        assertThat(k.radial(1)).as(why).isCloseTo(CAMERA.radial(1), within(0.03));
    }
}
