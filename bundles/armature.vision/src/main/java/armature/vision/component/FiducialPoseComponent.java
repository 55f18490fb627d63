package armature.vision.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector.Result;
import armature.vision.api.ImageFrame;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PoseEstimate;
import armature.vision.bus.FrameMessages;
import armature.vision.camera.IntrinsicsFile;
import armature.vision.fiducial.Fiducials;
import armature.vision.fiducial.PoseTracker;
import armature.vision.json.VisionJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Fiducial poses of one camera on the bus: subscribes to the camera's frames, finds the markers of
 * one family, publishes the markers of every frame and, with a tag size and intrinsics, each
 * marker's pose in the camera frame on {@code vision/poses/<family>-<id>}. A pose whose marker is
 * missing from a frame, or whose camera sent nothing for the stale time, is republished once as
 * stale. A frame that cannot be used (undecodable, wrong size, missing properties) is logged and
 * counted, and publishes nothing. One factory configuration per camera.
 */
@Component(
        name = "armature.vision.fiducial.poses",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = FiducialPoseComponent.Config.class, factory = true)
public final class FiducialPoseComponent {
    private static final System.Logger LOG =
            System.getLogger(FiducialPoseComponent.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "Armature fiducial poses of one camera")
    public @interface Config {
        @AttributeDefinition(name = "Camera id")
        String cameraId();

        @AttributeDefinition(name = "Marker family (tag36h11, aruco4x4_50, ...)")
        String family() default "tag36h11";

        @AttributeDefinition(name = "Marker size [m], outer side of the black border; 0 = no poses")
        double tagSizeM() default 0;

        @AttributeDefinition(
                name = "Camera intrinsics file (JSON, docs/vision.md); empty = no poses")
        String intrinsics() default "";

        @AttributeDefinition(name = "Stale after [ms] without a frame", min = "10", max = "600000")
        long staleAfterMillis() default 1000;

        @AttributeDefinition(
                name =
                        "Publish poses on vision/poses (false when a fusion component does: the"
                                + " camera-frame poses are still in the markers documents)")
        boolean publishPoses() default true;
    }

    private final MessageBus bus;
    private final VisionTopics topics;
    private final String cameraId;
    private final MarkerFamily family;
    private final Optional<CameraIntrinsics> intrinsics;
    private final double tagSizeM;
    private final Fiducials fiducials = new Fiducials();
    private final PoseTracker tracker;
    private final boolean posesOnTopic;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong refused = new AtomicLong();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-vision-poses");
                        t.setDaemon(true);
                        return t;
                    });
    private static final long SUBSCRIBE_WAIT_SECONDS = 5;
    private Subscription subscription;
    private boolean closed;

    @Activate
    public FiducialPoseComponent(@Reference MessageBus bus, Config config) {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId()).vision();
        this.cameraId = config.cameraId();
        this.family = MarkerFamily.ofWireName(config.family());
        boolean posing = !config.intrinsics().isBlank() || config.tagSizeM() != 0;
        if (posing && (config.intrinsics().isBlank() || !(config.tagSizeM() > 0))) {
            throw new IllegalArgumentException(
                    "poses need both intrinsics (a file) and tagSizeM (> 0); got intrinsics '"
                            + config.intrinsics()
                            + "' and tagSizeM "
                            + config.tagSizeM());
        }
        this.intrinsics =
                posing
                        ? Optional.of(IntrinsicsFile.read(Path.of(config.intrinsics())))
                        : Optional.empty();
        this.tagSizeM = config.tagSizeM();
        this.posesOnTopic = config.publishPoses();
        long staleMillis = config.staleAfterMillis();
        if (staleMillis < 10 || staleMillis > 600_000) {
            throw new IllegalArgumentException(
                    "staleAfterMillis is " + staleMillis + "; allowed: 10..600000");
        }
        this.tracker = new PoseTracker(Duration.ofMillis(staleMillis));
        // Work never runs on the MQTT client's thread: the handler only queues. Activation waits a
        // little for the broker's grant, so that on a connected bus an active component sees the
        // next frame; it never blocks on a bus that is not connected (the bus subscribes later).
        CompletableFuture<Subscription> subscribed =
                bus.subscribe(topics.frames(cameraId), Qos.AT_MOST_ONCE, this::queue)
                        .toCompletableFuture();
        subscribed.whenComplete(this::subscribed);
        try {
            subscribed.get(SUBSCRIBE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.log(
                    Level.WARNING,
                    "frames of camera " + cameraId + ": not subscribed yet, the bus will retry");
        } catch (ExecutionException e) {
            // logged by subscribed()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long tick = Math.max(5, staleMillis / 4);
        worker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    private synchronized void subscribed(Subscription sub, Throwable error) {
        if (error != null) {
            LOG.log(
                    Level.ERROR,
                    "cannot subscribe to the frames of camera "
                            + cameraId
                            + ": "
                            + error.getMessage());
        } else if (closed) {
            sub.cancel();
        } else {
            subscription = sub;
        }
    }

    private void queue(Message m) {
        try {
            worker.execute(() -> process(m));
        } catch (RejectedExecutionException e) {
            // deactivated: the frame arrives after the end
        }
    }

    private void process(Message m) {
        List<Result> found;
        ImageFrame frame;
        try {
            frame = FrameMessages.fromMessage(cameraId, m);
            found = fiducials.detect(frame, family, intrinsics, tagSizeM);
        } catch (IllegalArgumentException e) {
            long n = refused.incrementAndGet();
            LOG.log(
                    Level.WARNING,
                    "frame of camera "
                            + cameraId
                            + " refused ("
                            + n
                            + " so far): "
                            + e.getMessage());
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("cameraId", cameraId);
        doc.put("timestampNs", frame.timestampNs());
        doc.put("family", family.wireName());
        ArrayNode markers = doc.putArray("markers");
        List<PoseEstimate> poses = new ArrayList<>();
        for (Result r : found) {
            markers.add(VisionJson.marker(r.detection(), r.pose()));
            r.pose().ifPresent(poses::add);
        }
        publish(Message.builder(topics.markers(cameraId)).payload(doc.toString()));
        publishPoses(tracker.onFrame(poses, clock.instant()));
    }

    private void tick() {
        try {
            publishPoses(tracker.onTick(clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stale check of camera " + cameraId + " failed", e);
        }
    }

    private void publishPoses(List<PoseEstimate> poses) {
        if (!posesOnTopic) {
            return;
        }
        for (PoseEstimate p : poses) {
            publish(
                    Message.builder(topics.pose(p.objectId()))
                            .payload(VisionJson.pose(p).toString()));
        }
    }

    private void publish(Message.Builder b) {
        Message m = b.contentType(ContentTypes.JSON).build();
        bus.publish(m)
                .exceptionally(
                        e -> {
                            LOG.log(
                                    Level.WARNING,
                                    "not published on "
                                            + m.topic()
                                            + ": "
                                            + (e instanceof CompletionException c
                                                    ? c.getCause()
                                                    : e));
                            return null;
                        });
    }

    /** Frames refused since activation (undecodable, wrong size, missing properties). */
    public long refusedFrames() {
        return refused.get();
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        synchronized (this) {
            closed = true;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }
}
