package armature.vision.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
import armature.vision.json.VisionJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fusion on an in-memory bus with a clock the test sets: every way a view stops counting (an
 * old frame, a malformed camera info, the object twice in one frame, a failed fusion) publishes the
 * last fused pose as stale rather than a wrong one; a camera whose publisher would share the fused
 * topic is refused at activation.
 */
class PoseFusionComponentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long STALE_MS = 500;
    private static final long SYNC_MS = 50;
    private static final String OBJECT = "tag36h11-4";

    private final FakeBus bus = new FakeBus();
    private final VisionTopics topics = ContainerTopics.of("c1").vision();
    private final StepClock clock = new StepClock(Instant.parse("2026-12-06T00:00:00Z"));
    private PoseFusionComponent fusion;

    @AfterEach
    void stop() {
        if (fusion != null) {
            fusion.deactivate();
        }
    }

    private void startWithAFreshView() throws Exception {
        fusion = new PoseFusionComponent(bus, TestConfigAdmin.of(List.of()), config(), clock);
        publish(topics.cameraInfo("c0"), cameraInfo("c0", "[0.1, 0, 0]", "[1, 0, 0, 0]"));
        publish(topics.markers("c0"), markers("c0", clock.nowNs(), covariance(1e-6), 1));
        JsonNode fresh = next();
        assertThat(fresh.get("stale").asBoolean()).isFalse();
        assertThat(fresh.get("source").asText()).isEqualTo("fusion/1-cameras");
        assertThat(fresh.get("positionM").get(0).asDouble()).isCloseTo(0.11, within(1e-9));
    }

    @Test
    void aViewIsAgedByItsFramesTimestampNotByWhenItsDocumentArrived() throws Exception {
        startWithAFreshView();
        long old = clock.nowNs() - Duration.ofMillis(2 * STALE_MS).toNanos();
        publish(topics.markers("c0"), markers("c0", old, covariance(1e-6), 1));
        assertThat(next().get("stale").asBoolean()).as("a view of an old frame").isTrue();
    }

    @Test
    void onlyViewsOfFramesWithinTheSyncWindowOfTheNewestAreFused() throws Exception {
        startWithAFreshView();
        long first = clock.nowNs();
        // Camera c1 sits 0.2 m further along x: the object it sees at the same local pose is
        // 0.2 m away from c0's, as if the object had moved between the two exposures.
        publish(topics.cameraInfo("c1"), cameraInfo("c1", "[0.3, 0, 0]", "[1, 0, 0, 0]"));
        long later = first + Duration.ofMillis(3 * SYNC_MS).toNanos();
        publish(topics.markers("c1"), markers("c1", later, covariance(1e-6), 1));
        JsonNode alone = next();
        assertThat(alone.get("source").asText())
                .as("c0's view is %d ms older than c1's", 3 * SYNC_MS)
                .isEqualTo("fusion/1-cameras");
        assertThat(alone.get("positionM").get(0).asDouble()).isCloseTo(0.31, within(1e-9));
        assertThat(alone.get("timestampNs").asLong()).isEqualTo(later);
        // c0's next frame, within the window of c1's: both count, half way between.
        long close = later + Duration.ofMillis(SYNC_MS / 2).toNanos();
        publish(topics.markers("c0"), markers("c0", close, covariance(1e-6), 1));
        JsonNode both = next();
        assertThat(both.get("source").asText()).isEqualTo("fusion/2-cameras");
        assertThat(both.get("positionM").get(0).asDouble()).isCloseTo(0.21, within(1e-9));
        assertThat(both.get("timestampNs").asLong()).isEqualTo(close);
    }

    @Test
    void anObjectWithTwoMarkersIsPlacedFromEitherAndFromBoth() throws Exception {
        // A 5 cm cube: tag 4 on top (z into the cube, so turned over), tag 5 on the +x face.
        String top = "tag36h11-4 0 0 0.025 0 1 0 0";
        double h = Math.sqrt(0.5);
        String side = "tag36h11-5 0.025 0 0 " + h + " 0 " + (-h) + " 0";
        fusion =
                new PoseFusionComponent(
                        bus,
                        TestConfigAdmin.of(List.of()),
                        config("cube", SYNC_MS, top, side),
                        clock);
        publish(topics.cameraInfo("c0"), cameraInfo("c0", "[0, 0, 0]", "[1, 0, 0, 0]"));
        // Camera c0 sees tag 4 at (0.01, 0, 0.4) facing it (identity): the cube's centre is 2.5 cm
        // behind the tag, along the tag's z.
        publish(
                topics.markers("c0"),
                markers("c0", clock.nowNs(), covariance(1e-6), 1, "tag36h11-4", 4));
        JsonNode fromTop = JSON.readTree(bus.next(topics.pose("cube")).payload());
        assertThat(fromTop.get("objectId").asText()).isEqualTo("cube");
        assertThat(fromTop.get("source").asText()).isEqualTo("fusion/1-cameras");
        assertThat(fromTop.get("positionM").get(0).asDouble()).isCloseTo(0.01, within(1e-9));
        assertThat(fromTop.get("positionM").get(2).asDouble()).isCloseTo(0.425, within(1e-9));
        // A marker id the object does not carry, and one of its own seen twice, are not views.
        publish(
                topics.markers("c0"),
                markers("c0", clock.nowNs(), covariance(1e-6), 1, "tag36h11-9", 9));
        assertThat(JSON.readTree(bus.next(topics.pose("cube")).payload()).get("stale").asBoolean())
                .isTrue();
        // Camera c1, 0.2 m along x, sees tag 5 where the same cube's +x face is, so both views
        // agree on the centre.
        publish(topics.cameraInfo("c1"), cameraInfo("c1", "[0.2, 0, 0]", "[1, 0, 0, 0]"));
        publish(
                topics.markers("c0"),
                markers("c0", clock.nowNs(), covariance(1e-6), 1, "tag36h11-4", 4));
        bus.next(topics.pose("cube"));
        // Tag 5's frame in c1: the cube (centre (0.01, 0, 0.425) in c0, turned over: rotX(180))
        // carries it 2.5 cm along its +x, turned rotY(-90): in c1 at (-0.165, 0, 0.425) with the
        // orientation rotX(180) rotY(-90) = (0, h, 0, -h).
        publish(
                topics.markers("c1"),
                markersWithPose(
                        "c1",
                        clock.nowNs(),
                        "tag36h11-5",
                        5,
                        new Pose3(-0.165, 0, 0.425, new UnitQuaternion(0, h, 0, -h))));
        JsonNode both = JSON.readTree(bus.next(topics.pose("cube")).payload());
        assertThat(both.get("source").asText()).isEqualTo("fusion/2-cameras");
        assertThat(both.get("positionM").get(0).asDouble()).isCloseTo(0.01, within(1e-9));
        assertThat(both.get("positionM").get(2).asDouble()).isCloseTo(0.425, within(1e-9));
    }

    @Test
    void badMarkerEntriesAreRefusedByName() {
        assertThatThrownBy(
                        () ->
                                new PoseFusionComponent(
                                        bus,
                                        TestConfigAdmin.of(List.of()),
                                        config("cube", SYNC_MS, "tag36h11-4 0 0 0.025"),
                                        clock))
                .hasMessageContaining("markers[0] 'tag36h11-4 0 0 0.025' has 4 words");
        assertThatThrownBy(
                        () ->
                                new PoseFusionComponent(
                                        bus,
                                        TestConfigAdmin.of(List.of()),
                                        config("cube", SYNC_MS, "tag36h11-4 0 0 0.025 2 0 0 0"),
                                        clock))
                .hasMessageContaining("markers[0]")
                .hasMessageContaining("unit quaternion");
        assertThatThrownBy(
                        () ->
                                new PoseFusionComponent(
                                        bus,
                                        TestConfigAdmin.of(List.of()),
                                        config("tag36h11-4", SYNC_MS, "tag36h11-4 0 0 0 1 0 0 0"),
                                        clock))
                .hasMessageContaining("objectId tag36h11-4 is also one of its markers");
    }

    @Test
    void aSyncWindowLongerThanTheStaleTimeIsRefused() {
        PoseFusionComponent.Config wide = config(OBJECT, STALE_MS + 1);
        assertThatThrownBy(
                        () ->
                                new PoseFusionComponent(
                                        bus, TestConfigAdmin.of(List.of()), wide, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncWindowMillis is 501")
                .hasMessageContaining("allowed: 0..staleAfterMillis (500)");
    }

    @Test
    void aMalformedCameraInfoDropsThatCamerasView() throws Exception {
        startWithAFreshView();
        // Two numbers for the position: read leniently, the missing one would be 0.
        publish(topics.cameraInfo("c0"), cameraInfo("c0", "[0.1, 0]", "[1, 0, 0, 0]"));
        assertThat(next().get("stale").asBoolean()).isTrue();
        publish(topics.cameraInfo("c0"), cameraInfo("c0", "[0.1, 0, 0]", "[1, 0, 0, 0]"));
        publish(topics.markers("c0"), markers("c0", clock.nowNs(), covariance(1e-6), 1));
        assertThat(next().get("stale").asBoolean()).as("a valid info restores it").isFalse();
        // Not a unit quaternion: normalising it would hide a typo.
        publish(topics.cameraInfo("c0"), cameraInfo("c0", "[0.1, 0, 0]", "[2, 0, 0, 0]"));
        assertThat(next().get("stale").asBoolean()).isTrue();
    }

    @Test
    void theObjectTwiceInOneFrameCountsAsNotSeen() throws Exception {
        startWithAFreshView();
        publish(topics.markers("c0"), markers("c0", clock.nowNs(), covariance(1e-6), 2));
        assertThat(next().get("stale").asBoolean()).isTrue();
    }

    @Test
    void aFusionThatFailsPublishesTheLastPoseAsStale() throws Exception {
        startWithAFreshView();
        // A covariance no inverse exists for (to working precision): the fusion throws.
        double[] singular = covariance(1e-6);
        singular[0] = 1e300;
        publish(topics.markers("c0"), markers("c0", clock.nowNs(), singular, 1));
        JsonNode next = next();
        assertThat(next.get("stale").asBoolean()).isTrue();
        assertThat(next.get("source").asText()).isEqualTo("fusion/1-cameras");
    }

    @Test
    void aCameraWhosePublisherPutsItsPosesOnTheFusedTopicIsRefusedAtActivation() {
        Hashtable<String, Object> implicit =
                TestConfigAdmin.configuration(PoseTopicOwners.POSES_PID, "cameraId", "c0");
        assertThatThrownBy(
                        () ->
                                new PoseFusionComponent(
                                        bus,
                                        TestConfigAdmin.of(List.of(implicit)),
                                        config(),
                                        clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("camera c0 has publishPoses=true (the default)")
                .hasMessageContaining(topics.pose(OBJECT))
                .hasMessageContaining("allowed: publishPoses=false");
        Hashtable<String, Object> off = new Hashtable<>(implicit);
        off.put("publishPoses", false);
        fusion = new PoseFusionComponent(bus, TestConfigAdmin.of(List.of(off)), config(), clock);
    }

    private JsonNode next() throws Exception {
        return JSON.readTree(bus.next(topics.pose(OBJECT)).payload());
    }

    private void publish(String topic, String json) {
        bus.publish(Message.builder(topic).payload(json).contentType(ContentTypes.JSON).build());
    }

    private static String cameraInfo(String camera, String position, String quaternion) {
        return "{\"cameraId\": \""
                + camera
                + "\", \"robotFromCamera\": {\"positionM\": "
                + position
                + ", \"quaternionWxyz\": "
                + quaternion
                + "}}";
    }

    private static double[] covariance(double variance) {
        double[] c = new double[36];
        for (int i = 0; i < 6; i++) {
            c[i * 6 + i] = variance;
        }
        return c;
    }

    /** A markers document of a camera holding the object's pose {@code times} times. */
    private static String markers(String camera, long timestampNs, double[] covariance, int times) {
        return markers(camera, timestampNs, covariance, times, OBJECT, 4);
    }

    /** A markers document of a camera holding marker {@code id}'s pose {@code times} times. */
    private static String markers(
            String camera,
            long timestampNs,
            double[] covariance,
            int times,
            String markerObject,
            int id) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("cameraId", camera);
        doc.put("timestampNs", timestampNs);
        doc.put("family", "tag36h11");
        ArrayNode list = doc.putArray("markers");
        PoseEstimate pose =
                new PoseEstimate(
                        markerObject,
                        camera,
                        new Pose3(0.01, 0, 0.4, UnitQuaternion.IDENTITY),
                        covariance,
                        timestampNs,
                        "fiducial/tag36h11",
                        0.9,
                        false);
        for (int i = 0; i < times; i++) {
            ObjectNode m = list.addObject();
            m.put("id", id);
            m.putArray("cornersPx");
            m.set("pose", VisionJson.pose(pose));
        }
        return doc.toString();
    }

    /** A markers document of a camera holding one marker at {@code pose}. */
    private static String markersWithPose(
            String camera, long timestampNs, String markerObject, int id, Pose3 pose) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("cameraId", camera);
        doc.put("timestampNs", timestampNs);
        doc.put("family", "tag36h11");
        ObjectNode m = doc.putArray("markers").addObject();
        m.put("id", id);
        m.putArray("cornersPx");
        m.set(
                "pose",
                VisionJson.pose(
                        new PoseEstimate(
                                markerObject,
                                camera,
                                pose,
                                covariance(1e-6),
                                timestampNs,
                                "fiducial/tag36h11",
                                0.9,
                                false)));
        return doc.toString();
    }

    private static PoseFusionComponent.Config config() {
        return config(OBJECT, SYNC_MS);
    }

    private static PoseFusionComponent.Config config(
            String objectId, long syncMillis, String... markers) {
        return new PoseFusionComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PoseFusionComponent.Config.class;
            }

            @Override
            public String objectId() {
                return objectId;
            }

            @Override
            public String[] cameraIds() {
                return new String[] {"c0", "c1"};
            }

            @Override
            public long staleAfterMillis() {
                return STALE_MS;
            }

            @Override
            public long syncWindowMillis() {
                return syncMillis;
            }

            @Override
            public String[] markers() {
                return markers;
            }
        };
    }
}
