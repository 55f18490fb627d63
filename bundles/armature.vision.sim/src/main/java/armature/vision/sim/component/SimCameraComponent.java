package armature.vision.sim.component;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.physics.api.BodyPoseSource;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.ImageEncoding;
import armature.vision.api.PixelFormat;
import armature.vision.bus.CameraInfoMessages;
import armature.vision.bus.FrameMessages;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.Transform;
import armature.vision.sim.scene.SyntheticCamera;
import armature.vision.sim.scene.TaggedCube;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A camera that renders the running simulation (the robot description the sim loaded, with a tagged
 * cube) and publishes the frames on its frames topic in the format every camera uses, each with the
 * simulation's ground truth at the rendered instant (user property {@code armature-ground-truth}),
 * and its model as the retained camera info. Swappable like the folder camera: one factory
 * configuration per camera.
 *
 * <p>In-process, not from the bus: it reads every body's pose from the sim's {@link BodyPoseSource}
 * service (pick the sim with {@code source.target}, e.g. {@code (armature.sim.name=hand)}), because
 * the bus carries only the free bodies, at a few Hz, and the hand's links are what hides the cube.
 */
@Component(
        name = "armature.vision.camera.sim",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = SimCameraComponent.class,
        immediate = true)
@Designate(ocd = SimCameraConfig.class, factory = true)
public final class SimCameraComponent {
    private static final System.Logger LOG = System.getLogger(SimCameraComponent.class.getName());

    private final MessageBus bus;
    private final BodyPoseSource source;
    private final VisionTopics topics;
    private final String cameraId;
    private final SyntheticCamera camera;
    private final TaggedCube tags;
    private final PixelFormat format;
    private final ImageEncoding encoding;
    private final List<String> simBodies;
    private final double[] poses;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService timer;

    /** The ground truth of the last frames by frame time, for the error component in-process. */
    private final ConcurrentSkipListMap<Long, String> recentTruths = new ConcurrentSkipListMap<>();

    /** Frames whose ground truth is kept for {@link #groundTruthAt}. */
    static final int TRUTHS_KEPT = 64;

    @Activate
    public SimCameraComponent(
            @Reference MessageBus bus,
            @Reference(name = "source") Map.Entry<Map<String, Object>, BodyPoseSource> source,
            SimCameraConfig config)
            throws ModelLoadException {
        this(bus, source.getValue(), load(source.getKey()), config);
        // Triggered on the wall-clock grid of the period, as hardware-triggered cameras: cameras
        // of one rate capture the same instant, so a fusion of their views is not blurred by the
        // hand moving between unsynchronised exposures.
        long periodMicros = Math.round(1e6 / SimCameraSetup.rateHz(config));
        long nowMicros = clock.millis() * 1000;
        timer.scheduleAtFixedRate(
                this::tick,
                periodMicros - nowMicros % periodMicros,
                periodMicros,
                TimeUnit.MICROSECONDS);
    }

    /** Without a timer, for tests: {@link #tick()} renders and publishes one frame. */
    SimCameraComponent(MessageBus bus, BodyPoseSource source, Model model, SimCameraConfig config) {
        this.bus = bus;
        this.source = source;
        this.topics = ContainerTopics.of(bus.containerId()).vision();
        this.cameraId = config.cameraId();
        topics.frames(cameraId); // checks the id
        SimCameraSetup.rateHz(config);
        this.camera = SimCameraSetup.camera(config, model);
        this.tags = camera.scene().taggedBody().isEmpty() ? null : SimCameraSetup.cube(config);
        this.format = SimCameraSetup.pixelFormat(config);
        this.encoding = SimCameraSetup.encoding(config);
        this.simBodies = source.bodyNames();
        this.poses = new double[7 * simBodies.size()];
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "armature-vision-sim-camera-" + cameraId);
                            t.setDaemon(true);
                            return t;
                        });
        announce(camera.intrinsics(), camera.worldFromCamera());
    }

    private static Model load(Map<String, Object> sourceProperties) throws ModelLoadException {
        Object path = sourceProperties.get(BodyPoseSource.MODEL_PATH_PROPERTY);
        if (path == null) {
            throw new IllegalArgumentException(
                    "the body pose source has no "
                            + BodyPoseSource.MODEL_PATH_PROPERTY
                            + " property; allowed: a sim that names its description");
        }
        return Models.load(Path.of(path.toString()), LoadOptions.defaults());
    }

    private void announce(CameraIntrinsics k, Transform robotFromCamera) {
        bus.publish(
                CameraInfoMessages.info(
                        topics.cameraInfo(cameraId),
                        cameraId,
                        k,
                        robotFromCamera.translation(),
                        robotFromCamera.quaternionWxyz()));
    }

    /** Renders and publishes one frame; a failure is logged and counted, the next frame tried. */
    void tick() {
        long startNs = System.nanoTime();
        try {
            double simTime = source.readBodyPoses(poses);
            Instant now = clock.instant();
            long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            Transform[] bodies = camera.scene().bodyPoses(simBodies, poses);
            long index = frames.get();
            RgbImage image = camera.render(bodies, index);
            byte[] data = FrameEncoder.encode(image, format, encoding);
            String truth = GroundTruth.json(simTime, camera.scene(), tags, bodies);
            recentTruths.put(ns, truth);
            while (recentTruths.size() > TRUTHS_KEPT) {
                recentTruths.pollFirstEntry();
            }
            bus.publish(
                    Message.builder(topics.frames(cameraId))
                            .payload(data)
                            .qos(Qos.AT_MOST_ONCE)
                            .contentType(encoding.contentType())
                            .userProperty(FrameMessages.TIMESTAMP_NS, Long.toString(ns))
                            .userProperty(FrameMessages.WIDTH_PX, Integer.toString(image.widthPx()))
                            .userProperty(
                                    FrameMessages.HEIGHT_PX, Integer.toString(image.heightPx()))
                            .userProperty(FrameMessages.PIXEL_FORMAT, format.wireName())
                            .userProperty(FrameMessages.GROUND_TRUTH, truth)
                            .build());
            if (frames.incrementAndGet() == 1) {
                LOG.log(
                        Level.INFO,
                        "camera "
                                + cameraId
                                + ": first frame published, "
                                + image.widthPx()
                                + "x"
                                + image.heightPx()
                                + ", rendered and encoded in "
                                + (System.nanoTime() - startNs) / 1_000_000
                                + " ms");
            }
        } catch (RuntimeException e) {
            long n = failures.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.log(
                        Level.WARNING,
                        "camera " + cameraId + ": frame not rendered (" + n + " so far)",
                        e);
            }
        }
    }

    public String cameraId() {
        return cameraId;
    }

    /**
     * The ground truth JSON of this camera's frame of time {@code frameNs} (its {@code
     * armature-ground-truth}), if it is one of the last {@value #TRUTHS_KEPT} frames: the error
     * component reads it here rather than subscribing to the frames' megabytes.
     */
    public Optional<String> groundTruthAt(long frameNs) {
        return Optional.ofNullable(recentTruths.get(frameNs));
    }

    /** Frames published since activation. */
    public long framesPublished() {
        return frames.get();
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bus.publish(CameraInfoMessages.gone(topics.cameraInfo(cameraId)));
    }
}
