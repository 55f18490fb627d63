package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
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
 * Three cameras around a tag, as in the Dactyl setup, on a real broker in Felix: three image-folder
 * cameras (each with its pose in the robot frame) replay the tag as each sees it, three fiducial
 * publishers find it, and the fusion component publishes one pose in the robot frame from all three
 * cameras, within 2 mm and 1 degree of the truth; when the cameras stop, the views expire and the
 * fused pose is published once as stale.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class VisionFusionInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CameraIntrinsics CAMERA =
            CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);
    private static final Pose3 TAG =
            new Pose3(0.01, -0.02, 0.03, UnitQuaternion.normalized(0.95, 0.05, -0.07, 0.3));
    private static final List<String> PIDS =
            List.of(
                    "armature.vision.camera.folder",
                    "armature.vision.fiducial.poses",
                    "armature.vision.fusion");
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    private Mosquitto broker;
    private Subscription poses;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    @Test
    void threeCamerasFuseIntoOnePoseInTheRobotFrameThatGoesStaleWhenTheyStop() throws Exception {
        configAdmin
                .getConfiguration("armature.bus.paho", "?")
                .update(Services.props("brokerUrl", broker.url()));
        MessageBus bus = Services.awaitBus(context, broker.url(), WAIT);
        VisionTopics topics = ContainerTopics.of(bus.containerId()).vision();
        Queue<JsonNode> fused = new ConcurrentLinkedQueue<>();
        poses =
                bus.subscribe(
                                topics.pose("tag36h11-4"),
                                Qos.AT_MOST_ONCE,
                                m -> fused.add(JSON.readTree(m.payload())))
                        .toCompletableFuture()
                        .join();
        Bundle vision = bundle("armature.vision");
        Path dir = Files.createTempDirectory("armature-vision-fusion");
        Path intrinsics = dir.resolve("camera.json");
        Files.writeString(
                intrinsics,
                "{\"widthPx\": 640, \"heightPx\": 480, \"fxPx\": 600, \"fyPx\": 600,"
                        + " \"cxPx\": 320, \"cyPx\": 240}");
        double[][] positions = {{0.15, 0, -0.35}, {-0.12, 0.08, -0.38}, {0.02, -0.16, -0.33}};

        configAdmin
                .getFactoryConfiguration("armature.vision.fusion", "tag4", "?")
                .update(
                        Services.props(
                                "objectId",
                                "tag36h11-4",
                                "cameraIds",
                                new String[] {"c0", "c1", "c2"},
                                "staleAfterMillis",
                                600L));
        for (int i = 0; i < 3; i++) {
            configAdmin
                    .getFactoryConfiguration("armature.vision.fiducial.poses", "c" + i, "?")
                    .update(
                            Services.props(
                                    "cameraId",
                                    "c" + i,
                                    "tagSizeM",
                                    0.05,
                                    "intrinsics",
                                    intrinsics.toString(),
                                    "publishPoses",
                                    false));
        }
        Scr.await(
                () ->
                        Scr.configurations(scr, "armature.vision.fiducial.poses").stream()
                                        .filter(c -> c.state == ComponentConfigurationDTO.ACTIVE)
                                        .count()
                                == 3,
                WAIT,
                "three fiducial publishers active");
        // The cameras replay their frames until the fused pose is there (a detection that comes
        // late on a loaded machine only delays it), then stop when their configurations go.
        List<Configuration> cameras = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Pose3 camera = lookAt(vision, positions[i], new double[] {0.01, -0.02, 0.03});
            Path folder = Files.createDirectories(dir.resolve("c" + i));
            byte[] png = render(vision, inCamera(vision, camera, TAG));
            for (int f = 0; f < 4; f++) {
                Files.write(folder.resolve("f" + f + ".png"), png);
            }
            UnitQuaternion q = camera.orientation();
            Configuration config =
                    configAdmin.getFactoryConfiguration(
                            "armature.vision.camera.folder", "c" + i, "?");
            cameras.add(config);
            config.update(
                    Services.props(
                            "cameraId",
                            "c" + i,
                            "folder",
                            folder.toString(),
                            "rateHz",
                            10.0,
                            "loop",
                            true,
                            "intrinsics",
                            intrinsics.toString(),
                            "robotFromCamera",
                            new double[] {
                                camera.xM(), camera.yM(), camera.zM(), q.w(), q.x(), q.y(), q.z()
                            }));
        }

        Scr.await(
                () ->
                        fused.stream()
                                .anyMatch(
                                        d -> d.path("source").asText().equals("fusion/3-cameras")),
                WAIT,
                "a pose fused from three cameras; so far: " + fused);
        JsonNode three =
                fused.stream()
                        .filter(d -> d.path("source").asText().equals("fusion/3-cameras"))
                        .findFirst()
                        .get();
        assertThat(three.get("frameId").asText()).isEqualTo("robot");
        assertThat(pose(three).distanceToM(TAG)).isLessThan(0.002);
        assertThat(pose(three).orientation().angleToRad(TAG.orientation()))
                .isLessThan(Math.toRadians(1));
        for (Configuration config : cameras) {
            config.delete();
        }
        Scr.await(
                () -> fused.stream().anyMatch(d -> d.path("stale").asBoolean()),
                WAIT,
                "the fused pose published as stale after the cameras stopped");
        assertThat(fused.stream().filter(d -> d.path("stale").asBoolean()).count())
                .as("once")
                .isEqualTo(1);
    }

    private static Pose3 pose(JsonNode d) {
        JsonNode p = d.get("positionM");
        JsonNode q = d.get("quaternionWxyz");
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

    /** A camera at {@code position} looking at {@code target}, image y along robot +y. */
    private static Pose3 lookAt(Bundle vision, double[] position, double[] target)
            throws Exception {
        double[] z =
                normalize(
                        new double[] {
                            target[0] - position[0],
                            target[1] - position[1],
                            target[2] - position[2]
                        });
        double[] x = normalize(cross(new double[] {0, 1, 0}, z));
        double[] y = cross(z, x);
        return rigidPose(
                vision,
                new double[] {x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]},
                position);
    }

    /** T_camera_object = T_robot_camera^-1 T_robot_object. */
    private static Pose3 inCamera(Bundle vision, Pose3 camera, Pose3 object) throws Exception {
        double[] rc = camera.orientation().toMatrix();
        double[] ro = object.orientation().toMatrix();
        double[] d = {
            object.xM() - camera.xM(), object.yM() - camera.yM(), object.zM() - camera.zM()
        };
        double[] t = new double[3];
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                t[i] += rc[j * 3 + i] * d[j];
                for (int k = 0; k < 3; k++) {
                    r[i * 3 + j] += rc[k * 3 + i] * ro[k * 3 + j];
                }
            }
        }
        return rigidPose(vision, r, t);
    }

    private static Pose3 rigidPose(Bundle vision, double[] r, double[] t) throws Exception {
        return (Pose3)
                vision.loadClass("armature.vision.fiducial.Rigid")
                        .getMethod("pose", double[].class, double[].class)
                        .invoke(null, r, t);
    }

    private static byte[] render(Bundle vision, Pose3 cameraFromTag) throws Exception {
        Class<?> bitmapClass = vision.loadClass("armature.vision.synthetic.MarkerBitmap");
        Object bitmap =
                bitmapClass
                        .getMethod("of", MarkerFamily.class, int.class)
                        .invoke(null, MarkerFamily.TAG36H11, 4);
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
                        .invoke(null, bitmap, 0.05, cameraFromTag, CAMERA, 3, 128);
        Class<?> greyClass = vision.loadClass("armature.vision.image.GreyImage");
        return (byte[])
                vision.loadClass("armature.vision.image.ImageFiles")
                        .getMethod("png", greyClass)
                        .invoke(null, grey);
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {
            a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
        };
    }

    private static double[] normalize(double[] a) {
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
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
            if (poses != null) {
                poses.cancel().toCompletableFuture().join();
            }
            for (String component : PIDS) {
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
