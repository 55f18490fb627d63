package armature.vision.sim.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.FiducialDetector;
import armature.vision.api.MarkerFamily;
import armature.vision.api.Pose3;
import armature.vision.fiducial.Fiducials;
import armature.vision.image.GreyImage;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.Transform;
import armature.vision.sim.scene.SyntheticCamera;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The simulated hand with its tagged block, rendered from the sim's own body poses: the tags the
 * camera should see are found at the poses the ground truth gives; bad configurations are refused
 * with a message naming the field.
 */
class HandSceneTest {
    /** The block starts at (1, 0.87, 0.2) on the palm; a camera above and in front of it. */
    static Map<String, Object> camera(String id, double[] position) {
        return Map.of(
                "cameraId",
                id,
                "positionM",
                position,
                "lookAtM",
                new double[] {1, 0.87, 0.2},
                "supersampling",
                2);
    }

    @Test
    void theBlocksTopTagIsFoundWhereTheSimulationHasIt() throws Exception {
        HandScene sim = new HandScene();
        sim.step(50); // the block settles a little on the palm
        SyntheticCamera cam =
                SimCameraSetup.camera(
                        Configs.camera(camera("top", new double[] {1.0, 0.62, 0.55})),
                        HandScene.model());
        double[] poses = new double[7 * sim.bodyNames().size()];
        sim.readBodyPoses(poses);
        Transform[] bodies = cam.scene().bodyPoses(sim.bodyNames(), poses);
        RgbImage image = cam.render(bodies, 0);
        Path out = Path.of("target/hand-top.png");
        Files.write(
                out,
                FrameEncoder.encode(
                        image,
                        armature.vision.api.PixelFormat.RGB8,
                        armature.vision.api.ImageEncoding.PNG));

        List<FiducialDetector.Result> found =
                new Fiducials()
                        .detect(
                                new GreyImage(image.widthPx(), image.heightPx(), image.grey8()),
                                MarkerFamily.TAG36H11,
                                Optional.of(cam.intrinsics()),
                                0.04,
                                "top",
                                0);
        assertThat(found).as("tags seen in %s", out).isNotEmpty();
        Transform cameraFromWorld = cam.worldFromCamera().inverse();
        Transform block = bodies[cam.scene().bodyIndex("object")];
        for (FiducialDetector.Result r : found) {
            int face =
                    SimCameraSetup.cube(Configs.camera(Map.of("cameraId", "x")))
                            .faceOf(r.detection().markerId());
            assertThat(face).isNotNegative();
            Transform truth = cameraFromWorld.compose(block).compose(cam.scene().bodyFromTag(face));
            Pose3 p = r.pose().orElseThrow().pose();
            var q = p.orientation();
            Transform est = Transform.of(p.xM(), p.yM(), p.zM(), q.w(), q.x(), q.y(), q.z());
            assertThat(est.distanceTo(truth))
                    .as("tag %d position", r.detection().markerId())
                    .isLessThan(0.004);
            assertThat(Math.toDegrees(est.angleTo(truth)))
                    .as("tag %d angle", r.detection().markerId())
                    .isLessThan(2.0);
        }
        // The hand is drawn too: many more pixels than the block's differ from the grey floor.
        int drawn = 0;
        for (int y = 0; y < image.heightPx(); y++) {
            for (int x = 0; x < image.widthPx(); x++) {
                if (Math.abs(image.get(x, y, 2) - 0.5f) > 0.02f) {
                    drawn++;
                }
            }
        }
        assertThat(drawn).isGreaterThan(image.widthPx() * image.heightPx() / 20);
    }

    /** The cameras of feature vision-sim, as its JSON configures them. */
    @Test
    void everyCameraOfTheVisionSimFeatureSeesTheFusedTag() throws Exception {
        JsonNode feature =
                new ObjectMapper().readTree(Path.of("../../features/vision-sim.json").toFile());
        JsonNode configs = feature.path("configurations");
        HandScene sim = new HandScene();
        sim.step(50);
        double[] poses = new double[7 * sim.bodyNames().size()];
        sim.readBodyPoses(poses);
        int cameras = 0;
        for (var it = configs.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().startsWith("armature.vision.camera.sim~")) {
                continue;
            }
            Map<String, Object> c = new HashMap<>();
            for (var f = e.getValue().fields(); f.hasNext(); ) {
                var p = f.next();
                JsonNode v = p.getValue();
                c.put(
                        p.getKey(),
                        v.isArray()
                                ? toDoubles(v)
                                : v.isInt()
                                        ? (Object) v.asInt()
                                        : v.isNumber() ? (Object) v.asDouble() : v.asText());
            }
            SyntheticCamera cam = SimCameraSetup.camera(Configs.camera(c), HandScene.model());
            Transform[] bodies = cam.scene().bodyPoses(sim.bodyNames(), poses);
            RgbImage image = cam.render(bodies, 0);
            Files.write(
                    Path.of("target/" + c.get("cameraId") + ".png"),
                    FrameEncoder.encode(
                            image,
                            armature.vision.api.PixelFormat.GREY8,
                            armature.vision.api.ImageEncoding.PNG));
            var found =
                    new Fiducials()
                            .detect(
                                    new GreyImage(image.widthPx(), image.heightPx(), image.grey8()),
                                    MarkerFamily.TAG36H11,
                                    Optional.of(cam.intrinsics()),
                                    0.04,
                                    "c",
                                    0);
            var tag4 = found.stream().filter(r -> r.detection().markerId() == 4).findFirst();
            assertThat(tag4).as("tag 4 seen by %s", c.get("cameraId")).isPresent();
            Transform truth =
                    cam.worldFromCamera()
                            .inverse()
                            .compose(bodies[cam.scene().bodyIndex("object")])
                            .compose(cam.scene().bodyFromTag(4));
            Pose3 p = tag4.get().pose().orElseThrow().pose();
            var q = p.orientation();
            Transform est = Transform.of(p.xM(), p.yM(), p.zM(), q.w(), q.x(), q.y(), q.z());
            assertThat(est.distanceTo(truth))
                    .as("%s position", c.get("cameraId"))
                    .isLessThan(0.004);
            assertThat(Math.toDegrees(est.angleTo(truth)))
                    .as("%s rotation", c.get("cameraId"))
                    .isLessThan(2.0);
            cameras++;
        }
        assertThat(cameras).isEqualTo(3);
    }

    /**
     * The block's fusion in feature vision-sim names each tag's frame in the block's body frame:
     * those must be where the rendered cube carries its tags, or the fused pose would be off by the
     * difference (and the error component would report it).
     */
    @Test
    void theBlockFusionsMarkersAreWhereTheRenderedCubeCarriesItsTags() throws Exception {
        JsonNode configs =
                new ObjectMapper()
                        .readTree(Path.of("../../features/vision-sim.json").toFile())
                        .path("configurations");
        JsonNode fusion = configs.path("armature.vision.fusion~block");
        assertThat(fusion.path("objectId").asText()).isEqualTo("block");
        Map<String, Object> c = new HashMap<>();
        c.put("cameraId", "check");
        SyntheticCamera cam = SimCameraSetup.camera(Configs.camera(c), HandScene.model());
        int[] ids = {0, 1, 2, 3, 4, 5};
        StringBuilder expected = new StringBuilder();
        Map<String, Transform> tags = new HashMap<>();
        for (int face = 0; face < 6; face++) {
            Transform t = cam.scene().bodyFromTag(face);
            double[] p = t.translation();
            double[] q = t.quaternionWxyz();
            String id = "tag36h11-" + ids[face];
            tags.put(id, t);
            expected.append(
                    String.format(
                            java.util.Locale.ROOT,
                            "\"%s %.6f %.6f %.6f %.9f %.9f %.9f %.9f\",%n",
                            id,
                            p[0],
                            p[1],
                            p[2],
                            q[0],
                            q[1],
                            q[2],
                            q[3]));
        }
        assertThat(fusion.path("markers").size()).as("expected:%n%s", expected).isEqualTo(6);
        for (JsonNode entry : fusion.path("markers")) {
            String[] w = entry.asText().trim().split("\\s+");
            Transform truth = tags.get(w[0]);
            assertThat(truth).as("%s; expected:%n%s", w[0], expected).isNotNull();
            Transform configured =
                    Transform.of(
                            Double.parseDouble(w[1]),
                            Double.parseDouble(w[2]),
                            Double.parseDouble(w[3]),
                            Double.parseDouble(w[4]),
                            Double.parseDouble(w[5]),
                            Double.parseDouble(w[6]),
                            Double.parseDouble(w[7]));
            assertThat(configured.distanceTo(truth))
                    .as("%s; expected:%n%s", w[0], expected)
                    .isLessThan(1e-6);
            assertThat(configured.angleTo(truth))
                    .as("%s; expected:%n%s", w[0], expected)
                    .isLessThan(1e-6);
        }
        assertThat(configs.path("armature.vision.sim.error~block").path("body").asText())
                .isEqualTo("object");
    }

    private static double[] toDoubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    @Test
    void badConfigurationIsRefusedNamingTheField() throws Exception {
        var model = HandScene.model();
        assertThatThrownBy(
                        () ->
                                SimCameraSetup.camera(
                                        Configs.camera(Map.of("cameraId", "c", "widthPx", 0)),
                                        model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("widthPx x heightPx = 0 x 480")
                .hasMessageContaining("allowed");
        assertThatThrownBy(
                        () ->
                                SimCameraSetup.camera(
                                        Configs.camera(
                                                Map.of("cameraId", "c", "taggedBody", "brick")),
                                        model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("body 'brick' is not in the model")
                .hasMessageContaining("object");
        assertThatThrownBy(
                        () ->
                                SimCameraSetup.camera(
                                        Configs.camera(Map.of("cameraId", "c", "tagSizeM", 0.06)),
                                        model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tagSizeM = 0.06 does not fit");
        assertThatThrownBy(
                        () ->
                                SimCameraSetup.camera(
                                        Configs.camera(
                                                Map.of(
                                                        "cameraId",
                                                        "c",
                                                        "tagIds",
                                                        new int[] {0, 1, 2, 3, 4, 999})),
                                        model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag id 999; allowed for tag36h11: 0..586");
        assertThatThrownBy(
                        () ->
                                SimCameraSetup.camera(
                                        Configs.camera(
                                                Map.of(
                                                        "cameraId",
                                                        "c",
                                                        "tagFamily",
                                                        "aruco4x4_50")),
                                        model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tagFamily = 'aruco4x4_50'");
        assertThatThrownBy(
                        () ->
                                SimCameraSetup.camera(
                                        Configs.camera(
                                                Map.of("cameraId", "c", "taggedBody", "world")),
                                        model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taggedBody = 'world' has no box geom");
        assertThatThrownBy(
                        () ->
                                SimCameraSetup.encoding(
                                        Configs.camera(Map.of("cameraId", "c", "encoding", "gif"))))
                .hasMessageContaining("encoding = 'gif'; allowed: png, raw");
    }
}
