package armature.vision.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.fiducial.PoseFusion;
import armature.vision.fiducial.PoseTracker;
import armature.vision.json.VisionJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * One object's pose fused over several cameras ({@link PoseFusion}), in the robot frame, on {@code
 * vision/poses/<object>}. Reads each camera's retained camera info (its pose in the robot frame)
 * and its markers documents (the per-camera fiducial publishers, with {@code publishPoses=false});
 * a camera whose last document lacks the object (or has it twice), whose view's frame is older than
 * the stale time (aged by the frame's timestamp, not by when its document arrived), or whose camera
 * info is malformed no longer counts. Only views whose frames lie within {@code syncWindowMillis}
 * of the newest view's frame are fused (an approximate-time synchronizer): the object moves between
 * exposures, and fusing an older view with a newer one would place it between where it was and
 * where it is. Every update publishes the fused pose; when no camera sees the object any more, or
 * the fusion fails, the last fused pose is published once as stale.
 *
 * <p>The fused pose owns {@code vision/poses/<object>}: activation is refused while a fiducial
 * publisher of one of its cameras is configured with {@code publishPoses=true}, which would publish
 * camera-frame poses on the same topic. One factory configuration per object.
 */
@Component(
        name = PoseTopicOwners.FUSION_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = PoseFusionComponent.Config.class, factory = true)
public final class PoseFusionComponent {
    private static final System.Logger LOG = System.getLogger(PoseFusionComponent.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "Armature pose fusion of one object over cameras")
    public @interface Config {
        @AttributeDefinition(name = "Object id, e.g. tag36h11-4")
        String objectId();

        @AttributeDefinition(name = "Camera ids")
        String[] cameraIds();

        @AttributeDefinition(
                name = "A view counts for [ms] after its frame",
                min = "10",
                max = "600000")
        long staleAfterMillis() default 1000;

        @AttributeDefinition(
                name = "Views fuse when their frames are at most [ms] older than the newest",
                min = "0",
                max = "600000")
        long syncWindowMillis() default 50;

        @AttributeDefinition(
                name =
                        "Markers on the object: MARKER x y z qw qx qy qz, the marker's frame in the"
                                + " object's (e.g. tag36h11-4 0 0 0.025 0 1 0 0); empty = the"
                                + " object is the marker objectId names")
        String[] markers() default {};
    }

    /**
     * One camera's estimate of the object from one marker, in the robot frame; frameNs is its
     * frame's time (Unix epoch).
     */
    private record View(String camera, PoseEstimate inRobot, long frameNs) {}

    private final MessageBus bus;
    private final VisionTopics topics;
    private final String objectId;
    private final Duration staleAfter;
    private final long syncWindowNs;
    private final Map<String, Pose3> extrinsics = new LinkedHashMap<>();

    /** Views by camera and marker. */
    private final Map<List<String>, View> views = new LinkedHashMap<>();

    /** Each marker's frame in the object's frame; empty when the object is one marker. */
    private final Map<String, Pose3> objectFromMarker;

    private final PoseTracker tracker;
    private final Clock clock;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-vision-fusion");
                        t.setDaemon(true);
                        return t;
                    });

    @Activate
    public PoseFusionComponent(
            @Reference MessageBus bus, @Reference ConfigurationAdmin configAdmin, Config config) {
        this(bus, configAdmin, config, Clock.systemUTC());
    }

    /** With a clock for tests; views are aged by it against their frames' timestamps. */
    PoseFusionComponent(
            MessageBus bus, ConfigurationAdmin configAdmin, Config config, Clock clock) {
        this.bus = bus;
        this.clock = clock;
        this.topics = ContainerTopics.of(bus.containerId()).vision();
        this.objectId = config.objectId();
        topics.pose(objectId); // checks the name
        if (config.cameraIds() == null || config.cameraIds().length == 0) {
            throw new IllegalArgumentException(
                    "cameraIds is empty; allowed: one or more camera ids");
        }
        long staleMillis = config.staleAfterMillis();
        if (staleMillis < 10 || staleMillis > 600_000) {
            throw new IllegalArgumentException(
                    "staleAfterMillis is " + staleMillis + "; allowed: 10..600000");
        }
        this.staleAfter = Duration.ofMillis(staleMillis);
        long syncMillis = config.syncWindowMillis();
        if (syncMillis < 0 || syncMillis > staleMillis) {
            throw new IllegalArgumentException(
                    "syncWindowMillis is "
                            + syncMillis
                            + "; allowed: 0..staleAfterMillis ("
                            + staleMillis
                            + ")");
        }
        this.syncWindowNs = Duration.ofMillis(syncMillis).toNanos();
        this.objectFromMarker = markers(config.markers());
        this.tracker = new PoseTracker(staleAfter);
        for (String camera : config.cameraIds()) {
            topics.markers(camera); // checks the name before it goes into a filter
        }
        refuseCameraPosesOnTheFusedTopic(configAdmin, config.cameraIds());
        for (String camera : config.cameraIds()) {
            subscribe(topics.cameraInfo(camera), m -> info(camera, m));
            subscribe(topics.markers(camera), m -> markers(camera, m));
        }
        long tick = Math.max(5, staleMillis / 4);
        worker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * A fiducial publisher with publishPoses=true would put camera-frame poses of the same object
     * on the fused pose's topic, and a consumer would see the pose jump between frames.
     */
    private void refuseCameraPosesOnTheFusedTopic(ConfigurationAdmin admin, String[] cameras) {
        for (String camera : cameras) {
            for (Configuration c : PoseTopicOwners.publishersWithPoses(admin, camera)) {
                Object publish = c.getProperties().get("publishPoses");
                throw new IllegalArgumentException(
                        "fusion of "
                                + objectId
                                + ": the fiducial publisher "
                                + c.getPid()
                                + " of camera "
                                + camera
                                + " has publishPoses="
                                + (publish == null ? "true (the default)" : publish)
                                + ", so its camera-frame poses would share "
                                + topics.pose(objectId)
                                + " with the fused pose; allowed: publishPoses=false for"
                                + " every camera of a fusion");
            }
        }
    }

    private interface Handler {
        void handle(Message m) throws Exception;
    }

    private void subscribe(String filter, Handler h) {
        bus.subscribe(
                        filter,
                        Qos.AT_LEAST_ONCE,
                        m -> {
                            try {
                                worker.execute(() -> guarded(h, m));
                            } catch (RejectedExecutionException e) {
                                // deactivated
                            }
                        })
                .whenComplete(
                        (sub, error) -> {
                            if (error != null) {
                                LOG.log(
                                        Level.ERROR,
                                        "fusion cannot subscribe to " + filter + ": " + error);
                                return;
                            }
                            synchronized (subscriptions) {
                                if (worker.isShutdown()) {
                                    sub.cancel();
                                } else {
                                    subscriptions.add(sub);
                                }
                            }
                        });
    }

    private static void guarded(Handler h, Message m) {
        try {
            h.handle(m);
        } catch (Exception e) {
            LOG.log(
                    Level.WARNING,
                    "fusion: message on " + m.topic() + " not used: " + e.getMessage());
        }
    }

    private void info(String camera, Message m) throws Exception {
        Instant now = clock.instant();
        if (m.payload().length == 0) {
            extrinsics.remove(camera);
            if (dropViews(camera)) {
                publish(now);
            }
            return;
        }
        Pose3 robotFromCamera;
        try {
            robotFromCamera = VisionJson.parsePose3(JSON.readTree(m.payload()), "robotFromCamera");
        } catch (Exception e) {
            // A default (0 for a missing number) would place the camera wrongly and the fused
            // pose with it: without a valid pose the camera does not count.
            LOG.log(
                    Level.WARNING,
                    "fusion of "
                            + objectId
                            + ": camera info of "
                            + camera
                            + " refused, its view is left out until a valid one: "
                            + e.getMessage());
            extrinsics.remove(camera);
            if (dropViews(camera)) {
                publish(now);
            }
            return;
        }
        extrinsics.put(camera, robotFromCamera);
    }

    private void markers(String camera, Message m) throws Exception {
        Pose3 robotFromCamera = extrinsics.get(camera);
        if (robotFromCamera == null) {
            LOG.log(
                    Level.WARNING,
                    "fusion of "
                            + objectId
                            + ": no camera info of "
                            + camera
                            + " yet; its view is left out");
            return;
        }
        JsonNode doc = JSON.readTree(m.payload());
        JsonNode frameNs = doc.get("timestampNs");
        if (frameNs == null || !frameNs.canConvertToLong() || frameNs.asLong() < 0) {
            throw new IllegalArgumentException(
                    "field 'timestampNs' is " + frameNs + "; allowed: ns since the Unix epoch");
        }
        Instant now = clock.instant();
        long aheadNs = frameNs.asLong() - (now.getEpochSecond() * 1_000_000_000L + now.getNano());
        if (aheadNs > FiducialPoseComponent.FUTURE_TOLERANCE_NS) {
            throw new IllegalArgumentException(
                    "field 'timestampNs' is "
                            + aheadNs / 1_000_000
                            + " ms ahead of this container's clock; allowed: at most "
                            + FiducialPoseComponent.FUTURE_TOLERANCE_NS / 1_000_000
                            + " ms ahead");
        }
        Map<String, PoseEstimate> seen = new LinkedHashMap<>();
        Map<String, Integer> times = new LinkedHashMap<>();
        for (JsonNode marker : doc.path("markers")) {
            JsonNode pose = marker.get("pose");
            String id = pose == null ? null : pose.path("objectId").asText();
            if (id != null && counts(id)) {
                seen.put(id, VisionJson.parsePose(pose));
                times.merge(id, 1, Integer::sum);
            }
        }
        times.forEach(
                (id, n) -> {
                    if (n > 1) {
                        LOG.log(
                                Level.WARNING,
                                "fusion of "
                                        + objectId
                                        + ": camera "
                                        + camera
                                        + " has "
                                        + id
                                        + " "
                                        + n
                                        + " times in one frame; that view is left out");
                        seen.remove(id);
                    }
                });
        dropViews(camera);
        if (!tooOld(frameNs.asLong(), now)) {
            seen.forEach(
                    (id, e) -> {
                        PoseEstimate object =
                                objectFromMarker.isEmpty()
                                        ? e
                                        : PoseFusion.ofObject(
                                                e, objectFromMarker.get(id), objectId);
                        views.put(
                                List.of(camera, id),
                                new View(
                                        camera,
                                        PoseFusion.toParent(object, robotFromCamera, "robot"),
                                        frameNs.asLong()));
                    });
        }
        publish(now);
    }

    /** Whether a marker pose of this id is a view of the object. */
    private boolean counts(String markerId) {
        return objectFromMarker.isEmpty()
                ? objectId.equals(markerId)
                : objectFromMarker.containsKey(markerId);
    }

    /** Removes the camera's views; whether there were any. */
    private boolean dropViews(String camera) {
        return views.keySet().removeIf(k -> k.get(0).equals(camera));
    }

    /** The {@code markers} property: each marker's id and its frame in the object's frame. */
    private Map<String, Pose3> markers(String[] entries) {
        Map<String, Pose3> out = new LinkedHashMap<>();
        if (entries == null) {
            return out;
        }
        for (int i = 0; i < entries.length; i++) {
            String[] w = entries[i].trim().split("\\s+");
            String field = "markers[" + i + "] '" + entries[i] + "'";
            if (w.length != 8) {
                throw new IllegalArgumentException(
                        field
                                + " has "
                                + w.length
                                + " words; allowed: MARKER x y z qw qx qy qz (the marker's frame"
                                + " in the object's, metres and a unit quaternion)");
            }
            topics.pose(w[0]); // checks the name
            double[] v = new double[7];
            for (int k = 0; k < 7; k++) {
                try {
                    v[k] = Double.parseDouble(w[k + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            field + ": '" + w[k + 1] + "' is not a number");
                }
            }
            if (out.put(w[0], VisionJson.pose7(field, v)) != null) {
                throw new IllegalArgumentException(
                        field + " repeats marker " + w[0] + "; allowed: each marker once");
            }
        }
        if (out.containsKey(objectId)) {
            throw new IllegalArgumentException(
                    "objectId "
                            + objectId
                            + " is also one of its markers; allowed: a name of its own (e.g."
                            + " block), whose pose topic no camera publisher uses");
        }
        return out;
    }

    private boolean tooOld(long frameNs, Instant now) {
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return nowNs - frameNs > staleAfter.toNanos();
    }

    private void tick() {
        Instant now = clock.instant();
        if (views.values().removeIf(v -> tooOld(v.frameNs(), now))) {
            publish(now);
        }
    }

    private void publish(Instant now) {
        List<View> synced = synchronous();
        List<PoseEstimate> fresh = synced.stream().map(View::inRobot).toList();
        long cameras = synced.stream().map(View::camera).distinct().count();
        String source =
                "fusion/"
                        + cameras
                        + "-cameras"
                        + (fresh.size() == cameras ? "" : "/" + fresh.size() + "-views");
        List<PoseEstimate> out;
        if (fresh.isEmpty()) {
            out = tracker.onFrame(List.of(), now);
        } else {
            PoseEstimate fused;
            try {
                fused = PoseFusion.fuse(fresh, source);
            } catch (RuntimeException e) {
                // No estimate rather than a wrong one: the last fused pose goes stale.
                LOG.log(Level.WARNING, "fusion of " + objectId + " failed: " + e.getMessage());
                fused = null;
            }
            out = tracker.onFrame(fused == null ? List.of() : List.of(fused), now);
        }
        for (PoseEstimate p : out) {
            Message msg =
                    Message.builder(topics.pose(p.objectId()))
                            .payload(VisionJson.pose(p).toString())
                            .contentType(ContentTypes.JSON)
                            .build();
            bus.publish(msg)
                    .exceptionally(
                            e -> {
                                LOG.log(
                                        Level.WARNING,
                                        "not published on "
                                                + msg.topic()
                                                + ": "
                                                + (e instanceof CompletionException c
                                                        ? c.getCause()
                                                        : e));
                                return null;
                            });
        }
    }

    /**
     * The views whose frames lie within the sync window of the newest frame: a view of an earlier
     * instant would pull the fused pose towards where the object was then (the object moves between
     * exposures), so it waits out until its camera's next frame instead.
     */
    private List<View> synchronous() {
        long newest = Long.MIN_VALUE;
        for (View v : views.values()) {
            newest = Math.max(newest, v.frameNs());
        }
        List<View> out = new ArrayList<>(views.size());
        for (View v : views.values()) {
            if (newest - v.frameNs() <= syncWindowNs) {
                out.add(v);
            }
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        synchronized (subscriptions) {
            subscriptions.forEach(Subscription::cancel);
        }
    }
}
