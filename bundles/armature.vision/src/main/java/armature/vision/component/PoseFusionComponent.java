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
import armature.vision.api.UnitQuaternion;
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
 * a camera whose last document lacks the object, or that sent nothing for the stale time, no longer
 * counts. Every update publishes the fused pose; when no camera sees the object any more, the last
 * fused pose is published once as stale. One factory configuration per object.
 */
@Component(
        name = "armature.vision.fusion",
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
    }

    private record View(PoseEstimate inRobot, Instant received) {}

    private final MessageBus bus;
    private final VisionTopics topics;
    private final String objectId;
    private final Duration staleAfter;
    private final Map<String, Pose3> extrinsics = new LinkedHashMap<>();
    private final Map<String, View> views = new LinkedHashMap<>();
    private final PoseTracker tracker;
    private final Clock clock = Clock.systemUTC();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-vision-fusion");
                        t.setDaemon(true);
                        return t;
                    });

    @Activate
    public PoseFusionComponent(@Reference MessageBus bus, Config config) {
        this.bus = bus;
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
        this.tracker = new PoseTracker(staleAfter);
        for (String camera : config.cameraIds()) {
            subscribe(topics.cameraInfo(camera), m -> info(camera, m));
            subscribe(topics.markers(camera), m -> markers(camera, m));
        }
        long tick = Math.max(5, staleMillis / 4);
        worker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
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
        if (m.payload().length == 0) {
            extrinsics.remove(camera);
            views.remove(camera);
            return;
        }
        JsonNode p = JSON.readTree(m.payload()).path("robotFromCamera");
        JsonNode t = p.path("positionM");
        JsonNode q = p.path("quaternionWxyz");
        extrinsics.put(
                camera,
                new Pose3(
                        t.path(0).asDouble(),
                        t.path(1).asDouble(),
                        t.path(2).asDouble(),
                        UnitQuaternion.normalized(
                                q.path(0).asDouble(),
                                q.path(1).asDouble(),
                                q.path(2).asDouble(),
                                q.path(3).asDouble())));
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
        PoseEstimate seen = null;
        for (JsonNode marker : JSON.readTree(m.payload()).path("markers")) {
            JsonNode pose = marker.get("pose");
            if (pose != null && objectId.equals(pose.path("objectId").asText())) {
                seen = VisionJson.parsePose(pose);
            }
        }
        Instant now = clock.instant();
        if (seen == null) {
            views.remove(camera);
        } else {
            views.put(camera, new View(PoseFusion.toParent(seen, robotFromCamera, "robot"), now));
        }
        publish(now);
    }

    private void tick() {
        Instant now = clock.instant();
        boolean dropped =
                views.values()
                        .removeIf(
                                v ->
                                        Duration.between(v.received(), now).compareTo(staleAfter)
                                                >= 0);
        if (dropped) {
            publish(now);
        }
    }

    private void publish(Instant now) {
        List<PoseEstimate> fresh = views.values().stream().map(View::inRobot).toList();
        List<PoseEstimate> out =
                fresh.isEmpty()
                        ? tracker.onFrame(List.of(), now)
                        : tracker.onFrame(
                                List.of(
                                        PoseFusion.fuse(
                                                fresh, "fusion/" + fresh.size() + "-cameras")),
                                now);
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

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        synchronized (subscriptions) {
            subscriptions.forEach(Subscription::cancel);
        }
    }
}
