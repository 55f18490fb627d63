package armature.vision.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.Message;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelFormat;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import armature.vision.bus.FrameMessages;
import armature.vision.image.GreyImage;
import armature.vision.image.ImageFiles;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The per-camera fiducial publisher on an in-memory bus with a clock the test sets: a frame older
 * than the stale time is not steered by, and a marker seen twice in one frame yields no pose.
 */
class FiducialPoseComponentTest {
    private static final CameraIntrinsics CAMERA =
            CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STALE_MS = 500;

    @TempDir Path dir;

    private final FakeBus bus = new FakeBus();
    private final VisionTopics topics = ContainerTopics.of("c1").vision();
    private final StepClock clock = new StepClock(Instant.parse("2026-12-06T00:00:00Z"));
    private FiducialPoseComponent component;

    private Path intrinsics() throws Exception {
        Path intrinsics = dir.resolve("camera.json");
        Files.writeString(
                intrinsics,
                "{\"widthPx\": 640, \"heightPx\": 480, \"fxPx\": 600, \"fyPx\": 600,"
                        + " \"cxPx\": 320, \"cyPx\": 240}");
        return intrinsics;
    }

    private FiducialPoseComponent start() throws Exception {
        Path intrinsics = intrinsics();
        component =
                new FiducialPoseComponent(
                        bus, TestConfigAdmin.of(List.of()), config(intrinsics.toString()), clock);
        return component;
    }

    @Test
    void publishingPosesForAFusedCameraIsRefusedAtActivation() throws Exception {
        Path intrinsics = intrinsics();
        ConfigurationAdmin fused =
                TestConfigAdmin.of(
                        List.of(
                                TestConfigAdmin.configuration(
                                        PoseTopicOwners.FUSION_PID,
                                        "cameraIds",
                                        new String[] {"c9", "c0"})));
        assertThatThrownBy(
                        () ->
                                new FiducialPoseComponent(
                                        bus, fused, config(intrinsics.toString()), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "camera c0 is fused by armature.vision.fusion.test, which publishes on "
                                + topics.posesFilter()
                                + "; publishPoses=true would publish this camera's poses there"
                                + " too; allowed: publishPoses=false");
    }

    @AfterEach
    void stop() {
        if (component != null) {
            component.deactivate();
        }
    }

    @Test
    void aFrameOlderThanTheStaleTimeWhenProcessedPublishesThePoseAsStale() throws Exception {
        start();
        send(image(new Pose3(0.01, 0, 0.4, UnitQuaternion.IDENTITY)), clock.nowNs());
        JsonNode fresh = json(bus.next(topics.pose("tag36h11-4")));
        assertThat(fresh.get("stale").asBoolean()).isFalse();

        // Queued behind a slow detector (or sent late): by the time it is processed it is old.
        long old = clock.nowNs() - Duration.ofMillis(2 * STALE_MS).toNanos();
        send(image(new Pose3(0.01, 0, 0.4, UnitQuaternion.IDENTITY)), old);
        JsonNode next = json(bus.next(topics.pose("tag36h11-4")));
        assertThat(next.get("stale").asBoolean()).as("an old frame's pose is not fresh").isTrue();
        assertThat(next.get("timestampNs").asLong()).isEqualTo(fresh.get("timestampNs").asLong());
        assertThat(component.lateFrames()).isEqualTo(1);
    }

    @Test
    void aFrameStampedAheadOfTheClockIsRefusedAndThePoseStillGoesStale() throws Exception {
        start();
        send(image(new Pose3(0.01, 0, 0.4, UnitQuaternion.IDENTITY)), clock.nowNs());
        assertThat(json(bus.next(topics.pose("tag36h11-4"))).get("stale").asBoolean()).isFalse();

        // A camera whose clock runs far ahead: such a pose would never age.
        long ahead = clock.nowNs() + Duration.ofHours(1).toNanos();
        send(image(new Pose3(0.01, 0, 0.4, UnitQuaternion.IDENTITY)), ahead);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (component.refusedFrames() == 0) {
            assertThat(System.nanoTime() - deadline < 0).as("the frame refused").isTrue();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        assertThat(component.lateFrames()).isZero();
        // Within the tolerance (clocks differ a little) a frame is used.
        send(image(new Pose3(0.01, 0, 0.4, UnitQuaternion.IDENTITY)), clock.nowNs() + 500_000_000L);
        JsonNode used = json(bus.next(topics.pose("tag36h11-4")));
        while (used.get("timestampNs").asLong() != clock.nowNs() + 500_000_000L) {
            used = json(bus.next(topics.pose("tag36h11-4")));
        }
        assertThat(used.get("stale").asBoolean()).isFalse();
        assertThat(component.refusedFrames()).isEqualTo(1);
    }

    @Test
    void aMarkerSeenTwiceInOneFrameHasNoPoseAndItsPoseGoesStale() throws Exception {
        start();
        send(image(new Pose3(0.01, 0, 0.4, UnitQuaternion.IDENTITY)), clock.nowNs());
        assertThat(json(bus.next(topics.pose("tag36h11-4"))).get("stale").asBoolean()).isFalse();

        GreyImage twice =
                overlay(
                        image(new Pose3(-0.09, 0, 0.4, UnitQuaternion.IDENTITY)),
                        image(new Pose3(0.09, 0, 0.4, UnitQuaternion.IDENTITY)));
        send(twice, clock.nowNs());
        JsonNode markers = json(bus.next(topics.markers("c0")));
        while (markers.get("markers").size() < 2) {
            markers = json(bus.next(topics.markers("c0"))); // the first frame's document
        }
        assertThat(markers.get("markers")).hasSize(2);
        for (JsonNode m : markers.get("markers")) {
            assertThat(m.get("id").asInt()).isEqualTo(4);
            assertThat(m.has("pose")).as("which of the two is the object is unknown").isFalse();
        }
        JsonNode next = json(bus.next(topics.pose("tag36h11-4")));
        assertThat(next.get("stale").asBoolean()).isTrue();
    }

    private void send(GreyImage image, long timestampNs) {
        ImageFrame frame =
                new ImageFrame(
                        "c0",
                        timestampNs,
                        PixelFormat.GREY8,
                        ImageEncoding.PNG,
                        image.widthPx(),
                        image.heightPx(),
                        ImageFiles.png(image));
        bus.publish(FrameMessages.toMessage(topics.frames("c0"), frame));
    }

    private static GreyImage image(Pose3 cameraFromTag) {
        return PlanarMarkerRenderer.render(
                MarkerBitmap.of(MarkerFamily.TAG36H11, 4), 0.05, cameraFromTag, CAMERA, 3, 128);
    }

    /** Both images' markers in one: per pixel, whichever differs more from the background. */
    private static GreyImage overlay(GreyImage a, GreyImage b) {
        byte[] out = new byte[a.pixels().length];
        for (int i = 0; i < out.length; i++) {
            int pa = a.pixels()[i] & 0xff;
            int pb = b.pixels()[i] & 0xff;
            out[i] = (byte) (Math.abs(pa - 128) >= Math.abs(pb - 128) ? pa : pb);
        }
        return new GreyImage(a.widthPx(), a.heightPx(), out);
    }

    private static JsonNode json(Message m) throws Exception {
        return JSON.readTree(m.payload());
    }

    private static FiducialPoseComponent.Config config(String intrinsics) {
        return new FiducialPoseComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FiducialPoseComponent.Config.class;
            }

            @Override
            public String cameraId() {
                return "c0";
            }

            @Override
            public String family() {
                return "tag36h11";
            }

            @Override
            public double tagSizeM() {
                return 0.05;
            }

            @Override
            public String intrinsics() {
                return intrinsics;
            }

            @Override
            public long staleAfterMillis() {
                return STALE_MS;
            }

            @Override
            public boolean publishPoses() {
                return true;
            }
        };
    }
}
