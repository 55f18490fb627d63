package armature.vision.component;

import armature.bus.api.MessageBus;
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
import armature.vision.image.GreyImage;
import armature.vision.image.ImageDecoder;
import armature.vision.json.VisionJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * A camera that replays the PNG and JPEG files of a folder (sorted by name) onto its frames topic
 * at a fixed rate, once or in a loop, for tests and recorded data. With an intrinsics file it
 * publishes the retained camera model first, with the configured camera pose in the robot frame. A
 * file that is not a decodable PNG or JPEG is logged, counted and skipped; the others are still
 * sent. The timestamp is the time of sending. One factory configuration per camera.
 */
@Component(
        name = "armature.vision.camera.folder",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = FolderCameraComponent.Config.class, factory = true)
public final class FolderCameraComponent {
    private static final System.Logger LOG =
            System.getLogger(FolderCameraComponent.class.getName());

    @ObjectClassDefinition(name = "Armature image-folder camera")
    public @interface Config {
        @AttributeDefinition(name = "Camera id")
        String cameraId();

        @AttributeDefinition(name = "Folder of PNG/JPEG files")
        String folder();

        @AttributeDefinition(name = "Rate [Hz]", min = "0.1", max = "1000")
        double rateHz() default 10;

        @AttributeDefinition(name = "Start again after the last file")
        boolean loop() default false;

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
    private final List<Path> files;
    private final boolean loop;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong skipped = new AtomicLong();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-vision-folder-camera");
                        t.setDaemon(true);
                        return t;
                    });
    private final boolean announced;
    private final Pose3 robotFromCamera;
    private int next;

    @Activate
    public FolderCameraComponent(@Reference MessageBus bus, Config config) {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId()).vision();
        this.cameraId = config.cameraId();
        topics.frames(
                cameraId); // checks the name: a camera whose topics cannot exist must not start
        this.loop = config.loop();
        double rateHz = config.rateHz();
        if (!(rateHz >= 0.1 && rateHz <= 1000)) {
            throw new IllegalArgumentException("rateHz is " + rateHz + "; allowed: 0.1..1000");
        }
        this.files = images(Path.of(config.folder()));
        this.robotFromCamera = VisionJson.pose7("robotFromCamera", config.robotFromCamera());
        Optional<CameraIntrinsics> intrinsics =
                config.intrinsics().isBlank()
                        ? Optional.empty()
                        : Optional.of(IntrinsicsFile.read(Path.of(config.intrinsics())));
        intrinsics.ifPresent(this::announce);
        this.announced = intrinsics.isPresent();
        long periodMicros = Math.round(1e6 / rateHz);
        timer.scheduleAtFixedRate(this::send, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    static List<Path> images(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("folder '" + folder + "' is not a directory");
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> found =
                    s.filter(Files::isRegularFile)
                            .filter(
                                    p -> {
                                        String n =
                                                p.getFileName().toString().toLowerCase(Locale.ROOT);
                                        return n.endsWith(".png")
                                                || n.endsWith(".jpg")
                                                || n.endsWith(".jpeg");
                                    })
                            .sorted()
                            .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException(
                        "folder '" + folder + "' has no .png, .jpg or .jpeg file");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void announce(CameraIntrinsics c) {
        bus.publish(
                CameraInfoMessages.info(topics.cameraInfo(cameraId), cameraId, c, robotFromCamera));
    }

    private void send() {
        if (next >= files.size()) {
            if (!loop) {
                LOG.log(Level.INFO, "camera " + cameraId + ": all " + files.size() + " files sent");
                timer.shutdown();
                return;
            }
            next = 0;
        }
        Path file = files.get(next++);
        try {
            byte[] bytes = Files.readAllBytes(file);
            GreyImage decoded = ImageDecoder.decode(bytes, file.toString());
            ImageEncoding encoding = ImageDecoder.sniff(bytes);
            Instant now = clock.instant();
            long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            ImageFrame frame =
                    new ImageFrame(
                            cameraId,
                            ns,
                            PixelFormat.GREY8,
                            encoding,
                            decoded.widthPx(),
                            decoded.heightPx(),
                            bytes);
            bus.publish(FrameMessages.toMessage(topics.frames(cameraId), frame));
        } catch (IOException | RuntimeException e) {
            long n = skipped.incrementAndGet();
            LOG.log(
                    Level.WARNING,
                    "camera " + cameraId + " skips a file (" + n + " so far): " + e.getMessage());
        }
    }

    /** Files skipped since activation. */
    public long skippedFiles() {
        return skipped.get();
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        if (announced) {
            bus.publish(CameraInfoMessages.gone(topics.cameraInfo(cameraId)));
        }
    }
}
