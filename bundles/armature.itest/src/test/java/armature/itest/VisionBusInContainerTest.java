package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerFamily;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Cameras and fiducial poses on a real broker in Felix: an image-folder camera replays three PNG
 * frames of a tag (and a truncated file between them, which it skips) onto its frames topic; the
 * fiducial pose component publishes the markers of each frame and the tag's pose, within 5 mm and 2
 * degrees of the rendered truth, and once the camera has sent its last file, the pose again as
 * stale. The container keeps running: both components stay active.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class VisionBusInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CameraIntrinsics CAMERA =
            CameraIntrinsics.pinhole(320, 240, 300, 300, 160, 120);
    private static final String POSES = "armature.vision.fiducial.poses";
    private static final String FOLDER = "armature.vision.camera.folder";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    private Mosquitto broker;
    private Subscription poses;
    private Subscription markers;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    @Test
    void aFolderCameraFeedsTheFiducialPosesWhichGoStaleWhenItStops() throws Exception {
        configAdmin
                .getConfiguration("armature.bus.paho", "?")
                .update(Services.props("brokerUrl", broker.url()));
        MessageBus bus = Services.awaitBus(context, broker.url(), WAIT);
        VisionTopics topics = ContainerTopics.of(bus.containerId()).vision();
        Queue<JsonNode> poseDocs = new ConcurrentLinkedQueue<>();
        Queue<JsonNode> markerDocs = new ConcurrentLinkedQueue<>();
        poses =
                bus.subscribe(topics.posesFilter(), Qos.AT_MOST_ONCE, m -> poseDocs.add(json(m)))
                        .toCompletableFuture()
                        .join();
        markers =
                bus.subscribe(
                                topics.markers("itest-cam"),
                                Qos.AT_MOST_ONCE,
                                m -> markerDocs.add(json(m)))
                        .toCompletableFuture()
                        .join();

        Path dir = Files.createTempDirectory("armature-vision-itest");
        Pose3 truth =
                new Pose3(-0.01, 0.008, 0.28, UnitQuaternion.normalized(0.97, -0.12, 0.18, 0.1));
        byte[] png = render(bundle("armature.vision"), truth);
        Files.write(dir.resolve("a.png"), png);
        Files.write(dir.resolve("b.png"), Arrays.copyOf(png, png.length / 3));
        Files.write(dir.resolve("c.png"), png);
        Files.write(dir.resolve("d.png"), png);
        Path intrinsics = dir.resolve("camera.json");
        Files.writeString(
                intrinsics,
                "{\"widthPx\": 320, \"heightPx\": 240, \"fxPx\": 300, \"fyPx\": 300,"
                        + " \"cxPx\": 160, \"cyPx\": 120}");

        configAdmin
                .getFactoryConfiguration(POSES, "itest", "?")
                .update(
                        Services.props(
                                "cameraId",
                                "itest-cam",
                                "family",
                                "tag36h11",
                                "tagSizeM",
                                0.05,
                                "intrinsics",
                                intrinsics.toString(),
                                "staleAfterMillis",
                                400L));
        Scr.await(
                scr, POSES, c -> c.state == ComponentConfigurationDTO.ACTIVE, WAIT, "poses active");
        configAdmin
                .getFactoryConfiguration(FOLDER, "itest", "?")
                .update(
                        Services.props(
                                "cameraId",
                                "itest-cam",
                                "folder",
                                dir.toString(),
                                "rateHz",
                                20.0,
                                "loop",
                                false));

        Scr.await(
                () -> poseDocs.stream().anyMatch(d -> !d.get("stale").asBoolean()),
                WAIT,
                "a fresh pose; markers so far: " + markerDocs);
        JsonNode fresh =
                poseDocs.stream().filter(d -> !d.get("stale").asBoolean()).findFirst().get();
        assertThat(fresh.get("objectId").asText()).isEqualTo("tag36h11-11");
        assertThat(fresh.get("frameId").asText()).isEqualTo("itest-cam");
        assertThat(position(fresh).distanceToM(truth)).isLessThan(0.005);
        assertThat(position(fresh).orientation().angleToRad(truth.orientation()))
                .isLessThan(Math.toRadians(2));
        Scr.await(
                () -> poseDocs.stream().anyMatch(d -> d.get("stale").asBoolean()),
                WAIT,
                "the pose published as stale after the camera's last file; poses: " + poseDocs);
        JsonNode stale =
                poseDocs.stream().filter(d -> d.get("stale").asBoolean()).findFirst().get();
        assertThat(position(stale))
                .as("the last good pose, not a guess")
                .isEqualTo(
                        position(
                                poseDocs.stream()
                                        .filter(d -> !d.get("stale").asBoolean())
                                        .reduce((a, b) -> b)
                                        .get()));
        // At most one document per good frame: a frame that arrives while the previous one still
        // waits for the detector replaces it (the publisher keeps only the newest), so on a busy
        // machine fewer documents than frames are right.
        assertThat(markerDocs)
                .as("at most one document per good frame; the truncated file sent nothing")
                .hasSizeBetween(1, 3);
        assertThat(markerDocs)
                .allSatisfy(d -> assertThat(d.at("/markers/0/id").asInt()).isEqualTo(11));
        assertThat(Scr.configurations(scr, FOLDER))
                .singleElement()
                .satisfies(c -> assertThat(c.state).isEqualTo(ComponentConfigurationDTO.ACTIVE));
        assertThat(Scr.configurations(scr, POSES))
                .singleElement()
                .satisfies(c -> assertThat(c.state).isEqualTo(ComponentConfigurationDTO.ACTIVE));
    }

    private static Pose3 position(JsonNode pose) {
        JsonNode p = pose.get("positionM");
        JsonNode q = pose.get("quaternionWxyz");
        return new Pose3(
                p.get(0).asDouble(),
                p.get(1).asDouble(),
                p.get(2).asDouble(),
                new UnitQuaternion(
                        q.get(0).asDouble(),
                        q.get(1).asDouble(),
                        q.get(2).asDouble(),
                        q.get(3).asDouble()));
    }

    private static JsonNode json(Message m) throws Exception {
        return JSON.readTree(m.payload());
    }

    /** tag36h11 id 11 at {@code truth}, as PNG, drawn by the vision bundle's renderer. */
    private static byte[] render(Bundle vision, Pose3 truth) throws Exception {
        Class<?> bitmapClass = vision.loadClass("armature.vision.synthetic.MarkerBitmap");
        Object bitmap =
                bitmapClass
                        .getMethod("of", MarkerFamily.class, int.class)
                        .invoke(null, MarkerFamily.TAG36H11, 11);
        Object grey =
                vision.loadClass("armature.vision.synthetic.PlanarMarkerRenderer")
                        .getMethod(
                                "render",
                                bitmapClass,
                                double.class,
                                Pose3.class,
                                CameraIntrinsics.class,
                                int.class,
                                int.class)
                        .invoke(null, bitmap, 0.05, truth, CAMERA, 3, 128);
        Class<?> greyClass = vision.loadClass("armature.vision.image.GreyImage");
        return (byte[])
                vision.loadClass("armature.vision.image.ImageFiles")
                        .getMethod("png", greyClass)
                        .invoke(null, grey);
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (Subscription s : new Subscription[] {poses, markers}) {
                if (s != null) {
                    s.cancel().toCompletableFuture().join();
                }
            }
            for (String component : List.of(FOLDER, POSES)) {
                Configuration[] all =
                        configAdmin.listConfigurations("(service.factoryPid=" + component + ")");
                for (Configuration c : all == null ? new Configuration[0] : all) {
                    c.delete();
                }
                Scr.await(
                        () -> Scr.configurations(scr, component).isEmpty(),
                        WAIT,
                        "no " + component + " left");
            }
            Configuration[] busConfig =
                    configAdmin.listConfigurations("(service.pid=armature.bus.paho)");
            if (busConfig != null) {
                busConfig[0].delete();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
