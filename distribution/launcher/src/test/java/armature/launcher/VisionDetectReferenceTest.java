package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import armature.vision.image.GreyImage;
import armature.vision.image.ImageFiles;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code armature vision detect} against the AprilTag reference implementation: tags drawn by the
 * reference ({@code apriltag_to_image}) are placed into 640x480 images at rotated and strongly
 * tilted poses by an exact renderer (4x4 samples per pixel), and both detectors read the same
 * pixels (PNG for ours, PGM for the reference). Same ids, and every corner within {@link
 * #TOLERANCE_PX} of the reference's corner with the same index: this is what pins our corner order
 * to the reference's.
 */
class VisionDetectReferenceTest {
    /** Largest distance between our corner k and the reference's corner k, pixels. */
    static final double TOLERANCE_PX = 0.5;

    static final CameraIntrinsics CAMERA = CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);
    static final ObjectMapper JSON = new ObjectMapper();

    record Case(String family, int id, Pose3 pose) {}

    static Pose3 pose(double x, double y, double z, double rx, double ry, double rz) {
        // Rotation about z (in-plane), then tilt about x and y: applied as Rx Ry Rz.
        double[] r =
                armature.vision.fiducial.Rigid.multiply(
                        armature.vision.fiducial.Rigid.exp(rx, 0, 0),
                        armature.vision.fiducial.Rigid.multiply(
                                armature.vision.fiducial.Rigid.exp(0, ry, 0),
                                armature.vision.fiducial.Rigid.exp(0, 0, rz)));
        return new Pose3(x, y, z, armature.vision.fiducial.Rigid.quaternion(r));
    }

    static final List<Case> CASES =
            List.of(
                    new Case("tag36h11", 0, new Pose3(0, 0, 0.4, UnitQuaternion.IDENTITY)),
                    new Case("tag36h11", 7, pose(0.03, -0.02, 0.35, 0, 0, Math.toRadians(30))),
                    new Case(
                            "tag36h11",
                            42,
                            pose(-0.05, 0.03, 0.5, Math.toRadians(40), 0, Math.toRadians(120))),
                    new Case(
                            "tag36h11",
                            300,
                            pose(0.06, 0.04, 0.45, 0, Math.toRadians(-55), Math.toRadians(200))),
                    new Case(
                            "tag36h11",
                            586,
                            pose(
                                    0,
                                    0,
                                    0.3,
                                    Math.toRadians(-35),
                                    Math.toRadians(35),
                                    Math.toRadians(275))),
                    new Case(
                            "tag25h9",
                            3,
                            pose(0.02, 0.01, 0.4, Math.toRadians(25), 0, Math.toRadians(80))),
                    new Case(
                            "tag16h5",
                            5,
                            pose(-0.02, 0, 0.35, 0, Math.toRadians(30), Math.toRadians(-60))));

    @Test
    void idsAndCornersInOrderMatchTheReferenceImplementation(@TempDir Path dir) throws Exception {
        ApriltagReference reference = ApriltagReference.compile(dir);
        double worst = 0;
        int compared = 0;
        for (String family : List.of("tag36h11", "tag25h9", "tag16h5")) {
            List<Case> cases = CASES.stream().filter(c -> c.family.equals(family)).toList();
            List<String> pngs = new ArrayList<>();
            List<List<ApriltagReference.Detection>> expected = new ArrayList<>();
            for (Case c : cases) {
                MarkerBitmap bitmap = reference.bitmap(family, c.id, dir);
                GreyImage image = PlanarMarkerRenderer.render(bitmap, 0.05, c.pose, CAMERA, 4, 128);
                Path png = dir.resolve(family + "-" + c.id + ".png");
                Files.write(png, ImageFiles.png(image));
                Path pgm = dir.resolve(family + "-" + c.id + ".pgm");
                new ApriltagReference.Pgm(image.widthPx(), image.heightPx(), image.pixels())
                        .write(pgm);
                pngs.add(png.toString());
                List<ApriltagReference.Detection> ref = reference.detect(family, pgm);
                assertThat(ref)
                        .as("the reference finds " + c)
                        .extracting(d -> d.id())
                        .containsExactly(c.id);
                expected.add(ref);
            }
            List<String> argv = new ArrayList<>(List.of("vision", "detect"));
            argv.addAll(pngs);
            argv.addAll(List.of("--family", family, "--json"));
            CliRun run = CliRun.of(argv.toArray(String[]::new));
            assertThat(run.exit()).as(run.toString()).isZero();
            JsonNode images = JSON.readTree(run.out()).get("images");
            assertThat(images).hasSize(cases.size());
            for (int i = 0; i < cases.size(); i++) {
                JsonNode image = images.get(i);
                assertThat(image.get("image").asText()).isEqualTo(pngs.get(i));
                List<JsonNode> markers = new ArrayList<>();
                image.get("markers").forEach(markers::add);
                markers.sort(Comparator.comparingInt(m -> m.get("id").asInt()));
                List<ApriltagReference.Detection> ref = expected.get(i);
                assertThat(markers)
                        .extracting(m -> m.get("id").asInt())
                        .as(cases.get(i).toString())
                        .containsExactlyElementsOf(ref.stream().map(d -> d.id()).toList());
                for (int m = 0; m < markers.size(); m++) {
                    JsonNode corners = markers.get(m).get("cornersPx");
                    for (int k = 0; k < 4; k++) {
                        double dx = corners.get(k).get(0).asDouble() - ref.get(m).corners()[2 * k];
                        double dy =
                                corners.get(k).get(1).asDouble() - ref.get(m).corners()[2 * k + 1];
                        double d = Math.hypot(dx, dy);
                        worst = Math.max(worst, d);
                        compared++;
                        assertThat(d)
                                .as(
                                        "corner %d of %s: ours %s, reference (%.3f, %.3f)",
                                        k,
                                        cases.get(i),
                                        corners.get(k),
                                        ref.get(m).corners()[2 * k],
                                        ref.get(m).corners()[2 * k + 1])
                                .isLessThan(TOLERANCE_PX);
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(4 * CASES.size());
        System.out.printf(
                "vision detect vs AprilTag reference: %d corners, worst %.3f px%n",
                compared, worst);
    }
}
