package armature.vision.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.PixelFormat;
import armature.vision.api.Pose3;
import armature.vision.bus.CameraInfoMessages;
import armature.vision.bus.FrameMessages;
import armature.vision.camera.IntrinsicsFile;
import armature.vision.capture.FfmpegCapture;
import armature.vision.json.VisionJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A real camera: a V4L2 device (a USB webcam, {@code /dev/video0}) read through an ffmpeg child
 * process, or any other input ffmpeg reads (an IP camera's RTSP stream, a video file) given as
 * {@code ffmpegInput}. Frames go to the camera's frames topic at the camera's rate, scaled to the
 * configured size, stamped with their arrival time; with an intrinsics file the retained camera
 * model goes first, and the camera's retained status ({@code STARTING}, {@code STREAMING}, {@code
 * RESTARTING} with the reason) follows ffmpeg. ffmpeg is restarted with a back-off when it exits or
 * stalls (ADR 0114); a missing ffmpeg, a device that does not exist or a size that does not match
 * the intrinsics fails the activation with the reason, which {@code armature status} shows. One
 * factory configuration per camera.
 */
@Component(
        name = "armature.vision.camera.v4l2",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = CaptureCameraComponent.Config.class, factory = true)
public final class CaptureCameraComponent {
    @ObjectClassDefinition(name = "Armature V4L2 / ffmpeg camera")
    public @interface Config {
        @AttributeDefinition(name = "Camera id")
        String cameraId();

        @AttributeDefinition(name = "V4L2 device")
        String device() default "/dev/video0";

        @AttributeDefinition(
                name =
                        "The device's pixel format to ask for (mjpeg, yuyv422, ...); empty = its default")
        String inputFormat() default "";

        @AttributeDefinition(
                name =
                        "ffmpeg input arguments instead of the device, up to and including -i SOURCE"
                                + " (a network stream, a file, a test pattern)",
                cardinality = 64)
        String[] ffmpegInput() default {};

        @AttributeDefinition(name = "ffmpeg executable: a name on PATH or a full path")
        String ffmpeg() default "ffmpeg";

        @AttributeDefinition(name = "Width [px]", min = "16", max = "8192")
        int widthPx() default 640;

        @AttributeDefinition(name = "Height [px]", min = "16", max = "8192")
        int heightPx() default 480;

        @AttributeDefinition(
                name = "Frame rate asked of the device [Hz]",
                min = "0.1",
                max = "1000")
        double rateHz() default 30;

        @AttributeDefinition(name = "Frame encoding on the bus: jpeg, png or raw")
        String encoding() default "jpeg";

        @AttributeDefinition(name = "Pixel format on the bus: grey8 or rgb8")
        String pixelFormat() default "rgb8";

        @AttributeDefinition(name = "JPEG quality scale, 2 (best) to 31", min = "2", max = "31")
        int jpegQscale() default 3;

        @AttributeDefinition(name = "Restart ffmpeg after this long without a frame [ms]")
        long stallMillis() default 3000;

        @AttributeDefinition(name = "Longest wait before starting ffmpeg again [ms]")
        long maxBackoffMillis() default 30_000;

        @AttributeDefinition(name = "Camera intrinsics file (JSON); empty = no camera info")
        String intrinsics() default "";

        @AttributeDefinition(
                name = "Camera pose in the robot frame: x, y, z [m], qw, qx, qy, qz",
                cardinality = 7)
        double[] robotFromCamera() default {0, 0, 0, 1, 0, 0, 0};
    }

    private final MessageBus bus;
    private final VisionTopics topics;
    private final String cameraId;
    private final boolean announced;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FfmpegCapture capture;
    private final String statusTopic;
    private volatile String lastError;

    @Activate
    public CaptureCameraComponent(@Reference MessageBus bus, Config config) {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId()).vision();
        this.cameraId = config.cameraId();
        String framesTopic = topics.frames(cameraId); // checks the id
        double rateHz = config.rateHz();
        if (!(rateHz >= 0.1 && rateHz <= 1000)) {
            throw new IllegalArgumentException("rateHz is " + rateHz + "; allowed: 0.1..1000");
        }
        List<String> input =
                config.ffmpegInput().length > 0
                        ? List.of(config.ffmpegInput())
                        : FfmpegCapture.v4l2Input(
                                device(config.device()),
                                config.inputFormat(),
                                rateHz,
                                config.widthPx(),
                                config.heightPx());
        FfmpegCapture.Settings settings =
                new FfmpegCapture.Settings(
                        cameraId,
                        FfmpegCapture.findExecutable(config.ffmpeg()),
                        input,
                        ImageEncoding.ofWireName(config.encoding()),
                        PixelFormat.ofWireName(config.pixelFormat()),
                        config.widthPx(),
                        config.heightPx(),
                        config.jpegQscale(),
                        Duration.ofMillis(config.stallMillis()),
                        Duration.ofMillis(config.maxBackoffMillis()));
        Pose3 robotFromCamera = VisionJson.pose7("robotFromCamera", config.robotFromCamera());
        if (!config.intrinsics().isBlank()) {
            CameraIntrinsics k = IntrinsicsFile.read(Path.of(config.intrinsics()));
            if (k.widthPx() != config.widthPx() || k.heightPx() != config.heightPx()) {
                throw new IllegalArgumentException(
                        "camera '"
                                + cameraId
                                + "': intrinsics "
                                + config.intrinsics()
                                + " are for "
                                + k.widthPx()
                                + "x"
                                + k.heightPx()
                                + " but the camera is configured for "
                                + config.widthPx()
                                + "x"
                                + config.heightPx());
            }
            bus.publish(
                    CameraInfoMessages.info(
                            topics.cameraInfo(cameraId), cameraId, k, robotFromCamera));
            announced = true;
        } else {
            announced = false;
        }
        this.statusTopic = topics.cameraStatus(cameraId);
        this.capture =
                new FfmpegCapture(
                        settings,
                        new FfmpegCapture.Listener() {
                            @Override
                            public void frame(ImageFrame frame) {
                                bus.publish(FrameMessages.toMessage(framesTopic, frame));
                            }

                            @Override
                            public void started(long run) {
                                status("STARTING", run, null);
                            }

                            @Override
                            public void streaming(long run) {
                                status("STREAMING", run, null);
                            }

                            @Override
                            public void stopped(String reason, Duration restartIn) {
                                lastError = reason;
                                status("RESTARTING", capture.runs(), restartIn);
                            }
                        });
        capture.start();
    }

    /**
     * @throws IllegalArgumentException when the device does not exist, naming the V4L2 devices that
     *     do
     */
    static String device(String device) {
        if (Files.exists(Path.of(device))) {
            return device;
        }
        List<String> present;
        try (Stream<Path> s = Files.list(Path.of("/dev"))) {
            present =
                    s.map(p -> p.toString())
                            .filter(n -> n.startsWith("/dev/video"))
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException(
                "V4L2 device "
                        + device
                        + " does not exist; this machine has "
                        + (present.isEmpty() ? "no /dev/video* device" : present));
    }

    /** The camera's retained status document (docs/asyncapi.yaml, visionCameraStatus). */
    private void status(String state, long runs, Duration restartIn) {
        Instant now = Instant.now();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("cameraId", cameraId);
        doc.put("state", state);
        doc.put("timestampNs", now.getEpochSecond() * 1_000_000_000L + now.getNano());
        doc.put("frames", capture == null ? 0 : capture.frames());
        doc.put("runs", runs);
        if (lastError != null) {
            doc.put("lastError", lastError);
        }
        if (restartIn != null) {
            doc.put("restartInMs", restartIn.toMillis());
        }
        bus.publish(
                Message.builder(statusTopic)
                        .payload(doc.toString())
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .build());
    }

    /** Frames delivered since activation (tests). */
    long frames() {
        return capture.frames();
    }

    @Deactivate
    void deactivate() {
        capture.close();
        bus.publish(CameraInfoMessages.gone(statusTopic));
        if (announced) {
            bus.publish(CameraInfoMessages.gone(topics.cameraInfo(cameraId)));
        }
    }
}
