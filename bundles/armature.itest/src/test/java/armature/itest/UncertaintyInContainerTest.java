package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.FrameReader;
import armature.bus.codec.JsonCodec;
import armature.control.api.CommandContract;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.UserProperties;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.policy.api.PolicyProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Issue 11, "Uncertainty", end to end in a real Felix framework: an ensemble policy ({@link
 * EnsemblePolicy}, a stand-in for K networks) drives the simulated hand through the 500 Hz loop and
 * its safety supervisor with its default uncertainty curve. While its observation stays in the
 * members' training range they agree and the joint moves at the loop's 3 rad/s; when the test feeds
 * an observation far outside it, the members diverge, every command frame says so in its {@code
 * armature-uncertainty} property, the supervisor scales the velocity limits to the curve's floor
 * and the joint's measured speed falls accordingly; back in range, full speed returns.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class UncertaintyInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MODEL =
            "examples/models/gymnasium-robotics/hand/manipulate_block.xml";
    private static final String DRIVER_FILTER = "(armature.driver.name=hand)";
    private static final String SENDER = "policy-ensemble";
    private static final double IN_RANGE_X = 0.5;
    private static final double OUT_OF_RANGE_X = 6.0;

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    private final JsonCodec json = new JsonCodec();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<double[]> samples = new CopyOnWriteArrayList<>(); // {timeNs, positionRad}
    private final List<Double> sentUncertainty = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
    private volatile double probeX = IN_RANGE_X;
    private Mosquitto broker;
    private MessageBus bus;
    private LoopProbe loop;
    private PolicyProbe policy;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    @Test
    void anOutOfDistributionObservationRaisesDisagreementAndTheCommandedSpeedFalls()
            throws Exception {
        configAdmin
                .getConfiguration("armature.bus.paho", "?")
                .update(Services.props("brokerUrl", broker.url()));
        bus = Services.awaitBus(context, broker.url(), WAIT);
        ContainerTopics container = ContainerTopics.of(bus.containerId());
        LoopTopics hand = container.loop("hand");
        String probeTopic = container.sensorDevice("itest-probe");
        loop = new LoopProbe(bus, "hand");
        policy = new PolicyProbe(bus, "ensemble", "hand", SENDER);
        subscriptions.add(
                bus.subscribe(
                                hand.command(SENDER),
                                Qos.AT_MOST_ONCE,
                                m ->
                                        sentUncertainty.add(
                                                CommandContract.parseUncertainty(
                                                        m.userProperty(UserProperties.UNCERTAINTY)
                                                                .orElse(null))))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
        // The observation the policy reads, at 50 Hz: its freshness, not a wait for anything.
        probe.scheduleAtFixedRate(
                () ->
                        bus.publish(
                                Message.builder(probeTopic)
                                        .payload(json.encode(Map.of("x", probeX)))
                                        .contentType(ContentTypes.JSON)
                                        .build()),
                0,
                20,
                TimeUnit.MILLISECONDS);

        configAdmin.getFactoryConfiguration("armature.sim", "hand", "?").update(simConfig());
        List<JointDescription> joints = awaitDriverJoints();
        configAdmin
                .getFactoryConfiguration("armature.control", "hand", "?")
                .update(loopConfig(joints));
        EnsemblePolicy.Provider provider =
                new EnsemblePolicy.Provider(probeTopic.substring(container.root().length() + 1));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PolicyProvider.KIND_PROPERTY, EnsemblePolicy.KIND);
        context.registerService(PolicyProvider.class, provider, props);
        configAdmin
                .getFactoryConfiguration("armature.policy", "ensemble", "?")
                .update(
                        Services.props(
                                "loopName",
                                "hand",
                                "provider.target",
                                "(armature.policy.kind=" + EnsemblePolicy.KIND + ")"));
        policy.awaitState("RUNNING", WAIT);
        EnsemblePolicy ensemble = provider.latest.get();
        int jointIndex = names(joints).indexOf(ensemble.joint);
        recordJoint(hand, jointIndex);

        // In the training range: the members agree, the joint moves at the loop's speed limit.
        double inRange = peakSpeedOver(ensemble, 3 * EnsemblePolicy.STEPS_PER_POSE);
        assertThat(sentUncertainty).isNotEmpty().allSatisfy(u -> assertThat(u).isLessThan(0.05));
        Map<String, Object> stats = loop.awaitStatistics(s -> true, WAIT);
        assertThat(supervisor(stats).get("velocityScale")).isEqualTo(1.0);

        // Far outside it: the members diverge and the supervisor scales down to the floor.
        int events = loop.mark();
        int sent = sentUncertainty.size();
        probeX = OUT_OF_RANGE_X;
        Map<String, Object> band =
                loop.awaitEvent(
                        events,
                        "VELOCITY_SCALE_BAND",
                        e ->
                                SENDER.equals(e.get("field"))
                                        && Double.valueOf(0.1).equals(e.get("value")),
                        WAIT);
        assertThat(band.get("message").toString()).contains("uncertainty above 0.4");
        long nextPose =
                (ensemble.steps.get() / EnsemblePolicy.STEPS_PER_POSE + 1)
                        * EnsemblePolicy.STEPS_PER_POSE;
        // From the next pose switch on, every move starts under the lowered limit.
        Scr.await(() -> ensemble.steps.get() >= nextPose, WAIT, "the next pose switch");
        double outOfRange = peakSpeedOver(ensemble, 3 * EnsemblePolicy.STEPS_PER_POSE);
        assertThat(sentUncertainty.subList(sent, sentUncertainty.size()))
                .as("uncertainty carried by the commands")
                .anySatisfy(u -> assertThat(u).isGreaterThan(1.0));
        Map<String, Object> scaled =
                loop.awaitStatistics(
                        s -> Double.valueOf(0.1).equals(supervisor(s).get("velocityScale")), WAIT);
        assertThat(supervisor(scaled).get("velocityScaleBand")).isEqualTo("uncertainty above 0.4");
        Map<?, ?> status =
                (Map<?, ?>)
                        policy.awaitStatus(
                                        s ->
                                                s.get("uncertainty") instanceof Map<?, ?> u
                                                        && ((Number) u.get("last")).doubleValue()
                                                                > 1.0,
                                        WAIT)
                                .get("uncertainty");
        assertThat(((Number) status.get("recentMax")).doubleValue()).isGreaterThan(1.0);

        System.out.printf(
                "joint %s peak speed: %.3f rad/s in range, %.3f rad/s out of range%n",
                ensemble.joint, inRange, outOfRange);
        assertThat(inRange).as("peak speed in range [rad/s]").isGreaterThan(1.5);
        assertThat(outOfRange)
                .as("peak speed out of range [rad/s]; the floor is 0.1 x 3 rad/s")
                .isLessThan(0.5)
                .isLessThan(inRange / 4);

        // Back in range: full speed again.
        probeX = IN_RANGE_X;
        loop.awaitStatistics(
                s -> Double.valueOf(1.0).equals(supervisor(s).get("velocityScale")), WAIT);
    }

    /** Largest speed of the recorded joint over 100 ms windows, during the next {@code steps}. */
    private double peakSpeedOver(EnsemblePolicy ensemble, long steps) {
        long from = ensemble.steps.get();
        int first = samples.size();
        Scr.await(() -> ensemble.steps.get() >= from + steps, WAIT, steps + " policy steps");
        List<double[]> window = new ArrayList<>(samples.subList(first, samples.size()));
        double peak = 0;
        int j = 0;
        for (int i = 0; i < window.size(); i++) {
            while (window.get(i)[0] - window.get(j)[0] > 100e6) {
                j++;
            }
            double dt = (window.get(i)[0] - window.get(j)[0]) * 1e-9;
            if (dt >= 0.05) {
                peak = Math.max(peak, Math.abs(window.get(i)[1] - window.get(j)[1]) / dt);
            }
        }
        return peak;
    }

    private void recordJoint(LoopTopics hand, int index) throws Exception {
        FrameReader reader = new FrameReader();
        subscriptions.add(
                bus.subscribe(
                                hand.state(),
                                Qos.AT_MOST_ONCE,
                                m -> {
                                    reader.wrap(m.payload());
                                    samples.add(
                                            new double[] {
                                                reader.timestampNs(), reader.get(0, index)
                                            });
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
    }

    private static Map<?, ?> supervisor(Map<String, Object> statistics) {
        return (Map<?, ?>) statistics.get("supervisor");
    }

    private static List<String> names(List<JointDescription> joints) {
        return joints.stream().map(JointDescription::name).toList();
    }

    /**
     * Leaves the container as found: the probe stopped, the policy, loop and simulator deleted, the
     * bus back on its defaults, the broker stopped (the provider is unregistered by osgi-test).
     */
    @AfterEach
    void cleanUp() throws Exception {
        probe.shutdownNow();
        subscriptions.forEach(Subscription::cancel);
        if (policy != null) {
            policy.close();
        }
        if (loop != null) {
            loop.close();
        }
        try {
            for (String component :
                    List.of("armature.policy", "armature.control", "armature.sim")) {
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
            if (busConfig != null && broker != null) {
                busConfig[0].delete();
                // The bus is optional-configured: it comes back on the launcher's defaults.
                Scr.await(
                        () -> !onBroker(broker.url()),
                        WAIT,
                        "the bus no longer on " + broker.url());
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private boolean onBroker(String url) {
        try {
            for (ServiceReference<MessageBus> r :
                    context.getServiceReferences(MessageBus.class, null)) {
                MessageBus b = context.getService(r);
                try {
                    if (b != null && url.equals(b.brokerUrl())) {
                        return true;
                    }
                } finally {
                    context.ungetService(r);
                }
            }
            return false;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Dictionary<String, Object> simConfig() {
        return Services.props(
                "modelPath",
                java.nio.file.Path.of(context.getProperty("armature.repo"), MODEL).toString(),
                "realTimeFactor",
                1.0,
                "lockStep",
                false);
    }

    private List<JointDescription> awaitDriverJoints() throws Exception {
        Scr.await(
                () -> {
                    try {
                        return !context.getServiceReferences(JointDriver.class, DRIVER_FILTER)
                                .isEmpty();
                    } catch (org.osgi.framework.InvalidSyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                },
                WAIT,
                "JointDriver 'hand' registered");
        return context.getService(
                        context.getServiceReferences(JointDriver.class, DRIVER_FILTER)
                                .iterator()
                                .next())
                .joints();
    }

    /** As feature sim-hand has it: limits from the MJCF, 3 rad/s, the default uncertainty curve. */
    private Dictionary<String, Object> loopConfig(List<JointDescription> joints) {
        int n = joints.size();
        double[] vel = new double[n];
        double[] acc = new double[n];
        java.util.Arrays.fill(vel, 3.0);
        java.util.Arrays.fill(acc, 50.0);
        return Services.props(
                "loopName",
                "hand",
                "rateHz",
                500.0,
                "jointNames",
                names(joints).toArray(new String[0]),
                "descriptionPath",
                java.nio.file.Path.of(context.getProperty("armature.repo"), MODEL).toString(),
                "effortUnit",
                "NEWTON_METRE",
                "maxVelocityRadPerSec",
                vel,
                "maxAccelerationRadPerSec2",
                acc,
                "statisticsIntervalMillis",
                200L,
                "driver.target",
                DRIVER_FILTER);
    }
}
