package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerFamily;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import armature.vision.fiducial.Rigid;
import armature.vision.image.GreyImage;
import armature.vision.image.ImageFiles;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code armature vision detect} through the real command table: poses from an intrinsics file, and
 * one clear line naming the file or field for every kind of bad input (exit 1 for a file that
 * cannot be used, 2 for bad usage), while the good images of the same run are still reported.
 */
class VisionCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final CameraIntrinsics CAMERA =
            new CameraIntrinsics(640, 480, 610, 605, 318, 244, new double[] {-0.1, 0.02}, null);
    static final Pose3 TRUTH =
            new Pose3(0.04, -0.03, 0.42, Rigid.quaternion(Rigid.exp(0.35, -0.25, 1.2)));

    @TempDir Path dir;
    Path tag;
    Path intrinsics;

    @BeforeEach
    void files() throws Exception {
        GreyImage image =
                PlanarMarkerRenderer.render(
                        MarkerBitmap.of(MarkerFamily.TAG36H11, 9), 0.06, TRUTH, CAMERA, 4, 140);
        tag = dir.resolve("tag.png");
        Files.write(tag, ImageFiles.png(image));
        intrinsics = dir.resolve("camera.json");
        Files.writeString(
                intrinsics,
                "{\"widthPx\": 640, \"heightPx\": 480, \"fxPx\": 610, \"fyPx\": 605, \"cxPx\": 318,"
                        + " \"cyPx\": 244, \"radial\": [-0.1, 0.02]}");
    }

    @Test
    void poseFromTagSizeAndIntrinsicsIsWithinTwoMillimetresAndOneDegree() throws Exception {
        CliRun run =
                CliRun.of(
                        "vision",
                        "detect",
                        tag.toString(),
                        "--tag-size",
                        "0.06",
                        "--intrinsics",
                        intrinsics.toString(),
                        "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        JsonNode marker = JSON.readTree(run.out()).at("/images/0/markers/0");
        assertThat(marker.get("id").asInt()).isEqualTo(9);
        JsonNode pose = marker.get("pose");
        JsonNode p = pose.get("positionM");
        JsonNode q = pose.get("quaternionWxyz");
        Pose3 estimate =
                new Pose3(
                        p.get(0).asDouble(),
                        p.get(1).asDouble(),
                        p.get(2).asDouble(),
                        new UnitQuaternion(
                                q.get(0).asDouble(),
                                q.get(1).asDouble(),
                                q.get(2).asDouble(),
                                q.get(3).asDouble()));
        assertThat(estimate.distanceToM(TRUTH)).isLessThan(0.002);
        assertThat(estimate.orientation().angleToRad(TRUTH.orientation()))
                .isLessThan(Math.toRadians(1));
        assertThat(pose.get("covariance")).hasSize(36);
        assertThat(pose.get("objectId").asText()).isEqualTo("tag36h11-9");
        assertThat(pose.get("source").asText()).isEqualTo("fiducial/tag36h11");

        CliRun text =
                CliRun.of(
                        "vision",
                        "detect",
                        tag.toString(),
                        "--tag-size",
                        "0.06",
                        "--intrinsics",
                        intrinsics.toString());
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out())
                .contains(tag + ": 1 marker (tag36h11)")
                .contains("id 9: corners")
                .contains("pose in the camera frame: position [0.04");
    }

    /**
     * Intrinsics far from the camera's (a radial coefficient of -50, a sign and scale slip): the
     * marker is found, and the missing pose is explained.
     */
    @Test
    void aMarkerWithoutAPoseSaysWhy() throws Exception {
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(
                wrong,
                "{\"widthPx\": 640, \"heightPx\": 480, \"fxPx\": %s, \"fyPx\": %s, \"cxPx\": %s,"
                                .formatted(WRONG_F, WRONG_F, WRONG_C)
                        + " \"cyPx\": 244, \"radial\": [%s, 0]}".formatted(WRONG_K1));
        CliRun json =
                CliRun.of(
                        "vision",
                        "detect",
                        tag.toString(),
                        "--tag-size",
                        "0.06",
                        "--intrinsics",
                        wrong.toString(),
                        "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode marker = JSON.readTree(json.out()).at("/images/0/markers/0");
        assertThat(marker.get("id").asInt()).isEqualTo(9);
        assertThat(marker.has("pose")).as(marker.toString()).isFalse();
        assertThat(marker.get("noPose").asText())
                .startsWith(
                        "no pose: no pose in front of the camera fits these corners with"
                                + " --tag-size 0.06 m");
        CliRun text =
                CliRun.of(
                        "vision",
                        "detect",
                        tag.toString(),
                        "--tag-size",
                        "0.06",
                        "--intrinsics",
                        wrong.toString());
        assertThat(text.out()).contains("id 9: corners").contains("    no pose: ");
        CliRun without = CliRun.of("vision", "detect", tag.toString(), "--json");
        assertThat(JSON.readTree(without.out()).at("/images/0/markers/0").has("noPose"))
                .as("no pose was asked for")
                .isFalse();
    }

    static final String WRONG_F = "610";
    static final String WRONG_C = "318";
    static final String WRONG_K1 = "-50";

    @Test
    void aMissingFileIsNamedAndTheOtherImagesAreStillReported() throws Exception {
        Path missing = dir.resolve("nope.png");
        CliRun run = CliRun.of("vision", "detect", missing.toString(), tag.toString(), "--json");
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("error: " + missing + ": no such file");
        JsonNode images = JSON.readTree(run.out()).get("images");
        assertThat(images.get(0).get("error").asText()).contains("no such file");
        assertThat(images.get(1).at("/markers/0/id").asInt()).isEqualTo(9);
    }

    @Test
    void truncatedAndUndecodableImagesAreRefusedWithOneLine() throws Exception {
        byte[] png = Files.readAllBytes(tag);
        Path truncatedPng = dir.resolve("truncated.png");
        Files.write(truncatedPng, Arrays.copyOf(png, png.length / 2));
        Path truncatedJpeg = dir.resolve("truncated.jpg");
        byte[] jpeg = jpeg(Files.readAllBytes(tag));
        Files.write(truncatedJpeg, Arrays.copyOf(jpeg, jpeg.length / 2));
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        for (Path bad : new Path[] {truncatedPng, truncatedJpeg}) {
            CliRun run = CliRun.of("vision", "detect", bad.toString());
            assertThat(run.exit()).as(run.toString()).isEqualTo(1);
            assertThat(run.err().lines())
                    .singleElement()
                    .asString()
                    .startsWith("error: " + bad + ": ")
                    .contains("truncated or corrupt");
            assertThat(run.out()).isEmpty();
        }
        CliRun run = CliRun.of("vision", "detect", text.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo("error: " + text + ": not a PNG or JPEG image (allowed: PNG, JPEG)");
    }

    @Test
    void badIntrinsicsFilesNameTheFileAndTheField() throws Exception {
        Path noFx = dir.resolve("nofx.json");
        Files.writeString(
                noFx,
                "{\"widthPx\": 640, \"heightPx\": 480, \"fyPx\": 600, \"cxPx\": 320, \"cyPx\": 240}");
        Path negative = dir.resolve("negative.json");
        Files.writeString(
                negative,
                "{\"widthPx\": 640, \"heightPx\": 480, \"fxPx\": -5, \"fyPx\": 600, \"cxPx\": 320, \"cyPx\": 240}");
        Path typo = dir.resolve("typo.json");
        Files.writeString(
                typo,
                "{\"widthPx\": 640, \"heightPx\": 480, \"fx\": 600, \"fxPx\": 600, \"fyPx\": 600, \"cxPx\": 320, \"cyPx\": 240}");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"widthPx\": 640,");
        Path small = dir.resolve("small.json");
        Files.writeString(
                small,
                "{\"widthPx\": 320, \"heightPx\": 240, \"fxPx\": 300, \"fyPx\": 300, \"cxPx\": 160, \"cyPx\": 120}");
        assertThat(intrinsicsError(noFx)).isEqualTo("error: " + noFx + ": field 'fxPx' is missing");
        assertThat(intrinsicsError(negative))
                .isEqualTo("error: " + negative + ": fxPx is -5.0; allowed: a finite number > 0");
        assertThat(intrinsicsError(typo))
                .startsWith(
                        "error: " + typo + ": field 'fx' is unknown; allowed: cxPx, cyPx, fxPx");
        assertThat(intrinsicsError(broken))
                .isEqualTo(
                        "error: "
                                + broken
                                + ": not valid JSON at line 1, column 17: the file ends before"
                                + " every object and array is closed");
        Path nan = dir.resolve("nan.json");
        Files.writeString(nan, "{\"widthPx\": 640, \"fxPx\": NaN}");
        assertThat(intrinsicsError(nan))
                .isEqualTo(
                        "error: "
                                + nan
                                + ": not valid JSON at line 1, column 29: Non-standard token"
                                + " 'NaN' (JSON has no NaN or Infinity)");
        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, "{\"widthPx\": 640, \"widthPx\": 320}");
        assertThat(intrinsicsError(twice))
                .startsWith("error: " + twice + ": not valid JSON at line 1")
                .contains("Duplicate field 'widthPx'");
        Path trailing = dir.resolve("trailing.json");
        Files.writeString(trailing, "{\"widthPx\": 640} {}");
        assertThat(intrinsicsError(trailing))
                .startsWith("error: " + trailing + ": not valid JSON at line 1")
                .endsWith("more text after the object");
        assertThat(intrinsicsError(dir.resolve("absent.json")))
                .isEqualTo("error: " + dir.resolve("absent.json") + ": no such intrinsics file");
        assertThat(intrinsicsError(small))
                .startsWith("error: " + tag + ": ")
                .contains("640x480")
                .contains("320x240");
    }

    private String intrinsicsError(Path file) {
        CliRun run =
                CliRun.of(
                        "vision",
                        "detect",
                        tag.toString(),
                        "--tag-size",
                        "0.06",
                        "--intrinsics",
                        file.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().lines()).as(run.toString()).hasSize(1);
        return run.err().strip();
    }

    @Test
    void badUsageExitsTwoAndNamesWhatIsAllowed() {
        CliRun family = CliRun.of("vision", "detect", tag.toString(), "--family", "tag99");
        assertThat(family.exit()).isEqualTo(2);
        assertThat(family.err())
                .contains(
                        "marker family 'tag99' is unknown; allowed: tag16h5, tag25h9, tag36h10, tag36h11, aruco4x4_50");
        CliRun size =
                CliRun.of(
                        "vision",
                        "detect",
                        tag.toString(),
                        "--tag-size",
                        "-1",
                        "--intrinsics",
                        intrinsics.toString());
        assertThat(size.exit()).isEqualTo(2);
        assertThat(size.err())
                .contains(
                        "--tag-size '-1' is not allowed; allowed: metres above 0, at most 10 (the"
                                + " black border's outer side, e.g. 0.04)");
        CliRun millimetres =
                CliRun.of(
                        "vision",
                        "detect",
                        tag.toString(),
                        "--tag-size",
                        "60",
                        "--intrinsics",
                        intrinsics.toString());
        assertThat(millimetres.exit()).isEqualTo(2);
        assertThat(millimetres.err()).contains("--tag-size '60' is not allowed");
        CliRun half = CliRun.of("vision", "detect", tag.toString(), "--tag-size", "0.05");
        assertThat(half.exit()).isEqualTo(2);
        assertThat(half.err()).contains("needs both --tag-size and --intrinsics");
        assertThat(CliRun.of("vision", "detect").exit()).isEqualTo(2);
    }

    @Test
    void aTagOfAnotherFamilyIsNotReported() throws Exception {
        CliRun run =
                CliRun.of("vision", "detect", tag.toString(), "--family", "aruco6x6_250", "--json");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(JSON.readTree(run.out()).at("/images/0/markers")).isEmpty();
    }

    private static byte[] jpeg(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(png));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpg", out)).isTrue();
        return out.toByteArray();
    }
}
