package armature.vision.sim.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.PoseEstimate;
import armature.vision.json.VisionJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * In simulation: the error of an object's published pose (usually the fused one) against the
 * simulator's ground truth, on {@code vision/errors/<object>} next to {@code
 * vision/poses/<object>}. The truth of each estimate is the tag's pose (or, with {@code body}, that
 * simulated body's pose: an object fused from several of its tags) in the ground truth of the
 * synthetic frame with the estimate's timestamp (the fusion stamps its pose with its newest view's
 * frame time), so the hand moving between frames does not count as error.
 */
@Component(
        name = "armature.vision.sim.error",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = SimPoseErrorComponent.class,
        immediate = true)
@Designate(ocd = SimPoseErrorComponent.Config.class, factory = true)
public final class SimPoseErrorComponent {
    private static final System.Logger LOG =
            System.getLogger(SimPoseErrorComponent.class.getName());

    @ObjectClassDefinition(name = "Armature pose error against the simulation's ground truth")
    public @interface Config {
        @AttributeDefinition(
                name =
                        "Object id: <family>-<tag id> (e.g. tag36h11-4), or with body any name"
                                + " (e.g. block)")
        String objectId();

        @AttributeDefinition(
                name =
                        "Simulated body whose frame is the object's (the cameras' tagged body, e.g."
                                + " object); empty = objectId is a tag")
        String body() default "";

        @AttributeDefinition(name = "Synthetic cameras whose frames carry the truth")
        String[] cameraIds();
    }

    private final MessageBus bus;
    private final VisionTopics topics;
    private final String objectId;
    private final PoseErrors errors;
    private final ExecutorService worker =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-vision-sim-error");
                        t.setDaemon(true);
                        return t;
                    });
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<SimCameraComponent> cameras = new CopyOnWriteArrayList<>();
    private final List<String> cameraIds;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong otherFrame = new AtomicLong();

    @Activate
    public SimPoseErrorComponent(
            @Reference MessageBus bus, @Reference ConfigurationAdmin admin, Config config) {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId()).vision();
        this.objectId = config.objectId();
        topics.poseError(objectId); // checks the name
        String body = config.body() == null ? "" : config.body().trim();
        if (body.isEmpty()) {
            SimCameraConfigs.Tag tag = SimCameraConfigs.check(admin, config.cameraIds(), objectId);
            this.errors = PoseErrors.ofTag(tag.family(), tag.id());
        } else {
            SimCameraConfigs.checkBody(admin, config.cameraIds(), body);
            this.errors = PoseErrors.ofBody(body);
        }
        this.cameraIds = List.of(config.cameraIds());
        subscribe(topics.pose(objectId), this::pose);
    }

    /** The synthetic cameras of this container, in-process: they keep their frames' truths. */
    @Reference(
            service = SimCameraComponent.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCamera(SimCameraComponent camera) {
        cameras.add(camera);
    }

    void removeCamera(SimCameraComponent camera) {
        cameras.remove(camera);
    }

    /** The truth of a frame time from the configured cameras, remembered for the comparison. */
    private void lookUp(long frameNs) {
        if (errors.truthAt(frameNs).isPresent()) {
            return;
        }
        for (SimCameraComponent c : cameras) {
            if (cameraIds.contains(c.cameraId())) {
                Optional<String> truth = c.groundTruthAt(frameNs);
                if (truth.isPresent()) {
                    errors.truth(frameNs, truth.get());
                    return;
                }
            }
        }
    }

    private void pose(Message m) throws Exception {
        PoseEstimate e = VisionJson.parsePose(new ObjectMapper().readTree(m.payload()));
        if (!"robot".equals(e.frameId())) {
            if (otherFrame.incrementAndGet() == 1) {
                LOG.log(
                        Level.WARNING,
                        "pose error of "
                                + objectId
                                + ": estimates in frame '"
                                + e.frameId()
                                + "' are not compared; only fused poses (frame robot) are");
            }
            return;
        }
        lookUp(e.timestampNs());
        var truth = errors.truthAt(e.timestampNs());
        if (truth.isEmpty()) {
            // A frame not seen (QoS 0) or too old.
            long n = unmatched.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.log(
                        Level.WARNING,
                        "pose error of "
                                + objectId
                                + ": no ground truth for the frame"
                                + " time "
                                + e.timestampNs()
                                + " ("
                                + n
                                + " so far; "
                                + errors.size()
                                + " frame times kept)");
            }
            return;
        }
        bus.publish(
                Message.builder(topics.poseError(objectId))
                        .payload(PoseErrors.error(e, truth.get()).toString())
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_MOST_ONCE)
                        .build());
        if (published.incrementAndGet() == 1) {
            LOG.log(Level.INFO, "pose error of " + objectId + ": first comparison published");
        }
    }

    /** Error documents published. */
    public long published() {
        return published.get();
    }

    /** Estimates whose frame's truth was not seen. */
    public long unmatched() {
        return unmatched.get();
    }

    private interface Handler {
        void handle(Message m) throws Exception;
    }

    private void subscribe(String filter, Handler h) {
        bus.subscribe(
                        filter,
                        Qos.AT_MOST_ONCE,
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
                                        "pose error cannot subscribe to " + filter + ": " + error);
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

    private void guarded(Handler h, Message m) {
        try {
            h.handle(m);
        } catch (Exception e) {
            LOG.log(
                    Level.WARNING,
                    "pose error of "
                            + objectId
                            + ": message on "
                            + m.topic()
                            + " not used: "
                            + e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (subscriptions) {
            worker.shutdownNow();
            subscriptions.forEach(Subscription::cancel);
        }
    }
}
