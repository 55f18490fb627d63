package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.Pose3;
import armature.vision.camera.IntrinsicsFile;
import armature.vision.image.ImageFiles;
import armature.vision.synthetic.CalibrationTargets;
import armature.vision.synthetic.PlanarMarkerRenderer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code armature vision calibrate} through the real command table, on PNG files of a chessboard
 * rendered through a known camera: the intrinsics come back, the written file is one that {@code
 * vision detect --intrinsics} takes, and every kind of bad input gets its line and exit status
 * while the good images still calibrate.
 */
class VisionCalibrateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CameraIntrinsics CAMERA =
            new CameraIntrinsics(
                    640, 480, 598, 601, 322.4, 236.9, new double[] {-0.17, 0.03}, null);

    @TempDir static Path dir;
    static final List<String> images = new ArrayList<>();

    @BeforeAll
    static void render() throws Exception {
        var board = CalibrationTargets.chessboard(6, 9, 0.03, 0.02);
        List<Pose3> views = CalibrationTargets.views(1);
        for (int i = 0; i < views.size(); i++) {
            Path png = dir.resolve("board-" + i + ".png");
            Files.write(
                    png,
                    ImageFiles.png(
                            PlanarMarkerRenderer.render(board, views.get(i), CAMERA, 2, 120)));
            images.add(png.toString());
        }
    }

    @Test
    void theCameraComesBackAndTheWrittenFileIsOneDetectReads() throws Exception {
        Path out = dir.resolve("calibrated/cam.json");
        List<String> argv = new ArrayList<>(List.of("vision", "calibrate"));
        argv.addAll(images);
        argv.addAll(
                List.of("--target", "chessboard", "6x9:0.03", "--write", out.toString(), "--json"));
        CliRun run = CliRun.of(argv.toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.get("imagesUsed").asInt()).isEqualTo(images.size());
        assertThat(doc.get("rmsErrorPx").asDouble()).isLessThan(0.15);
        assertThat(doc.at("/target/kind").asText()).isEqualTo("chessboard");
        CameraIntrinsics k = IntrinsicsFile.read(out);
        assertThat(k).isEqualTo(IntrinsicsFile.parse(doc.get("intrinsics")));
        assertThat(k.fxPx()).isCloseTo(CAMERA.fxPx(), within(0.005 * CAMERA.fxPx()));
        assertThat(k.fyPx()).isCloseTo(CAMERA.fyPx(), within(0.005 * CAMERA.fyPx()));
        assertThat(k.cxPx()).isCloseTo(CAMERA.cxPx(), within(2.0));
        assertThat(k.cyPx()).isCloseTo(CAMERA.cyPx(), within(2.0));
        assertThat(k.radial(0)).isCloseTo(CAMERA.radial(0), within(0.02));
        assertThat(k.tangential()).isEmpty();
        assertThat(Files.list(out.getParent()).toList()).as("no temporary file left").hasSize(1);

        CliRun detect =
                CliRun.of(
                        "vision",
                        "detect",
                        images.get(0),
                        "--tag-size",
                        "0.05",
                        "--intrinsics",
                        out.toString());
        assertThat(detect.exit()).as(detect.toString()).isZero();
    }

    @Test
    void badImagesAreReportedAndLeftOutWhileTheOthersCalibrate() throws Exception {
        Path broken = dir.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path blank = dir.resolve("blank.png");
        Files.write(
                blank,
                ImageFiles.png(new armature.vision.image.GreyImage(640, 480, new byte[640 * 480])));
        List<String> argv = new ArrayList<>(List.of("vision", "calibrate"));
        argv.addAll(images.subList(0, 5));
        argv.addAll(List.of(broken.toString(), blank.toString(), "--target=chessboard:6x9:0.03"));
        CliRun run = CliRun.of(argv.toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).contains(broken.toString()).contains("(left out)");
        assertThat(run.out())
                .contains(blank + ": target not found, left out")
                .contains(broken + ": not read, left out")
                .contains("over 5 of 6 images")
                .contains(images.get(0) + ": target found, reprojection error mean");
    }

    @Test
    void tooFewImagesWithTheTargetFailsWithExitOne() {
        CliRun run =
                CliRun.of(
                        "vision",
                        "calibrate",
                        images.get(0),
                        images.get(1),
                        "--target",
                        "chessboard",
                        "6x9:0.03");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("calibration failed").contains("found in 2 of 2 images");
    }

    @Test
    void usageErrorsNameWhatWasWrong() {
        CliRun noSize = CliRun.of("vision", "calibrate", images.get(0), "--target", "chessboard");
        assertThat(noSize.exit()).isEqualTo(2);
        assertThat(noSize.err()).contains("--target chessboard has no size");
        CliRun kind = CliRun.of("vision", "calibrate", images.get(0), "--target", "circles:6x9:1");
        assertThat(kind.exit()).isEqualTo(2);
        assertThat(kind.err()).contains("target 'circles' is unknown; allowed: chessboard, grid");
        CliRun noTarget = CliRun.of("vision", "calibrate", images.get(0));
        assertThat(noTarget.exit()).isEqualTo(2);
        assertThat(noTarget.err()).contains("--target is missing");
        CliRun radial =
                CliRun.of(
                        "vision",
                        "calibrate",
                        images.get(0),
                        "--target",
                        "chessboard:6x9:0.03",
                        "--radial",
                        "5");
        assertThat(radial.exit()).isEqualTo(2);
        assertThat(radial.err()).contains("--radial '5' is not allowed");
    }
}
