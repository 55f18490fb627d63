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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
 * missing from a frame, seen twice in one frame, or whose camera sent nothing for the stale time,
 * is republished once as stale. A frame that cannot be used (undecodable, wrong size, missing
 * properties) is logged and counted, and publishes nothing.
 *
 * <p>Only the newest frame waits: a frame that arrives while the previous one is still waiting
 * replaces it (counted in {@link #droppedFrames()}), so a slow detector never works through a
 * backlog. A frame older than the stale time when its turn comes (its {@code
 * armature-timestamp-ns}, ns since the Unix epoch, against this component's clock) is not detected
 * in: its poses count as not seen. One factory configuration per camera.
 */
@Component(
        name = PoseTopicOwners.POSES_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = FiducialPoseComponent.Config.class, factory = true)
public final class FiducialPoseComponent {
    /** How far ahead of this container's clock a frame may be stamped (clocks differ a little). */
    static final long FUTURE_TOLERANCE_NS = TimeUnit.SECONDS.toNanos(1);

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
    private final Clock clock;
    private final long staleAfterNs;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-vision-poses");
                        t.setDaemon(true);
                        return t;
                    });
    private final NewestOnly<Message> inbox = new NewestOnly<>(worker, this::process);
    private static final long SUBSCRIBE_WAIT_SECONDS = 5;
    private Subscription subscription;
    private boolean closed;

    @Activate
    public FiducialPoseComponent(
            BundleContext context,
            @Reference MessageBus bus,
            @Reference ConfigurationAdmin configAdmin,
            Config config) {
        this(bus, configAdmin, config, Clock.systemUTC(), context.getProperty("armature.home"));
    }

    /** With a clock for tests; frame timestamps are compared with it (ns since the Unix epoch). */
    FiducialPoseComponent(
            MessageBus bus, ConfigurationAdmin configAdmin, Config config, Clock clock) {
        this(bus, configAdmin, config, clock, null);
    }

    /**
     * @param home the container's home: a relative intrinsics path is resolved against it (as a
     *     feature's configuration names files under the home), or against the working directory
     *     when null
     */
    FiducialPoseComponent(
            MessageBus bus,
            ConfigurationAdmin configAdmin,
            Config config,
            Clock clock,
            String home) {
        this.bus = bus;
        this.clock = clock;
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
                        ? Optional.of(IntrinsicsFile.read(resolve(home, config.intrinsics())))
                        : Optional.empty();
        this.tagSizeM = config.tagSizeM();
        this.posesOnTopic = config.publishPoses();
        topics.frames(cameraId); // checks the name before it goes into a filter
        if (posesOnTopic) {
            for (Configuration c : PoseTopicOwners.fusionsOf(configAdmin, cameraId)) {
                // The fusion owns vision/poses/<object>: camera-frame poses there would interleave.
                throw new IllegalArgumentException(
                        "camera "
                                + cameraId
                                + " is fused by "
                                + c.getPid()
                                + ", which publishes on "
                                + topics.posesFilter()
                                + "; publishPoses=true would publish this camera's poses there"
                                + " too; allowed: publishPoses=false");
            }
        }
        long staleMillis = config.staleAfterMillis();
        if (staleMillis < 10 || staleMillis > 600_000) {
            throw new IllegalArgumentException(
                    "staleAfterMillis is " + staleMillis + "; allowed: 10..600000");
        }
        this.staleAfterNs = TimeUnit.MILLISECONDS.toNanos(staleMillis);
        this.tracker = new PoseTracker(Duration.ofMillis(staleMillis));
        // Work never runs on the MQTT client's thread: the handler only queues. Activation waits a
        // little for the broker's grant, so that on a connected bus an active component sees the
        // next frame; it never blocks on a bus that is not connected (the bus subscribes later).
        CompletableFuture<Subscription> subscribed =
                bus.subscribe(topics.frames(cameraId), Qos.AT_MOST_ONCE, inbox::offer)
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

    private void process(Message m) {
        Instant now = clock.instant();
        List<Result> found;
        ImageFrame frame;
        try {
            frame = FrameMessages.fromMessage(cameraId, m);
            long ageNs = epochNanos(now) - frame.timestampNs();
            if (-ageNs > FUTURE_TOLERANCE_NS) {
                // A pose dated ahead of now would never age, so it would stay fresh after the
                // camera stopped: refused like bad input (a camera clock that runs ahead).
                throw new IllegalArgumentException(
                        "its timestampNs is "
                                + TimeUnit.NANOSECONDS.toMillis(-ageNs)
                                + " ms ahead of this container's clock; allowed: at most "
                                + TimeUnit.NANOSECONDS.toMillis(FUTURE_TOLERANCE_NS)
                                + " ms ahead (is the camera's clock synchronised?)");
            }
            if (ageNs > staleAfterNs) {
                // Too old to steer by: its markers count as not seen, so fresh poses go stale.
                long n = late.incrementAndGet();
                LOG.log(
                        Level.WARNING,
                        "frame of camera "
                                + cameraId
                                + " is "
                                + TimeUnit.NANOSECONDS.toMillis(ageNs)
                                + " ms old, over the stale time of "
                                + TimeUnit.NANOSECONDS.toMillis(staleAfterNs)
                                + " ms; not used ("
                                + n
                                + " so far)");
                publishPoses(tracker.onFrame(List.of(), now));
                return;
            }
            found = fiducials.detect(frame, family, intrinsics, tagSizeM);
        } catch (RuntimeException e) {
            // IllegalArgumentException is bad input; anything else is a detector failure on this
            // frame. Either way the frame is refused and the container keeps running.
            long n = refused.incrementAndGet();
            String why = "frame of camera " + cameraId + " refused (" + n + " so far): ";
            if (e instanceof IllegalArgumentException) {
                LOG.log(Level.WARNING, why + e.getMessage());
            } else {
                LOG.log(Level.WARNING, why + e, e); // a bug or a detector failure: the trace
            }
            return;
        }
        Map<String, Integer> count = new HashMap<>();
        for (Result r : found) {
            // By detection, not by pose: a second marker whose pose did not solve still makes it
            // unknown which of the two is the object.
            count.merge(Fiducials.objectId(r.detection()), 1, Integer::sum);
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.put("cameraId", cameraId);
        doc.put("timestampNs", frame.timestampNs());
        doc.put("family", family.wireName());
        ArrayNode markers = doc.putArray("markers");
        List<PoseEstimate> poses = new ArrayList<>();
        for (Result r : found) {
            Optional<PoseEstimate> pose = r.pose();
            if (pose.isPresent() && count.get(pose.get().objectId()) > 1) {
                // Two markers with one id: which one is the object is unknown, so neither pose.
                LOG.log(
                        Level.WARNING,
                        "camera "
                                + cameraId
                                + " sees marker "
                                + pose.get().objectId()
                                + " "
                                + count.get(pose.get().objectId())
                                + " times in one frame; no pose for it");
                pose = Optional.empty();
            }
            markers.add(VisionJson.marker(r.detection(), pose));
            pose.ifPresent(poses::add);
        }
        publish(Message.builder(topics.markers(cameraId)).payload(doc.toString()));
        publishPoses(tracker.onFrame(poses, now));
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
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

    /** Frames replaced by a newer one before the detector got to them. */
    public long droppedFrames() {
        return inbox.dropped();
    }

    /** Frames older than the stale time when the detector got to them. */
    public long lateFrames() {
        return late.get();
    }

    private static Path resolve(String home, String file) {
        Path p = Path.of(file);
        return p.isAbsolute() || home == null || home.isBlank() ? p : Path.of(home).resolve(p);
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
