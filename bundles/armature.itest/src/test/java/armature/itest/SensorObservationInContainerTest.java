package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.SensorTopics;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicyProvider;
import armature.policy.api.PolicySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Issue 13, "a sensor field maps into a policy's observation vector by configuration alone", in a
 * real Felix framework: a policy whose spec names one observation slot, the force/torque sensor
 * {@code ft1}'s samples topic with the JSON Pointer {@code /values/forceN} (size 3), runs on the
 * simulated hand's loop; samples in the documented payload arrive over a real broker, and the
 * policy's {@code act} sees exactly their three forces, the newest ones, and stops acting (an
 * {@code OBSERVATION_STALE} event) when the sensor falls silent.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SensorObservationInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MODEL =
            "examples/models/gymnasium-robotics/hand/manipulate_block.xml";
    private static final String DRIVER_FILTER = "(armature.driver.name=hand)";
    private static final String KIND = "itest-force";

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    private final ScheduledExecutorService device = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<double[]> forceN =
            new AtomicReference<>(new double[] {1.5, -2.5, 9.75});
    private volatile boolean sending = true;
    private Mosquitto broker;
    private PolicyProbe policy;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    @Test
    void aSensorsForceArrayIsThePolicysObservation() throws Exception {
        configAdmin
                .getConfiguration("armature.bus.paho", "?")
                .update(Services.props("brokerUrl", broker.url()));
        MessageBus bus = Services.awaitBus(context, broker.url(), WAIT);
        ContainerTopics container = ContainerTopics.of(bus.containerId());
        SensorTopics ft1 = container.sensor("ft1");
        policy = new PolicyProbe(bus, "force", "hand", "policy-force");
        // The sensor at its own pace, 50 Hz, in the payload of docs/sensors.md.
        device.scheduleAtFixedRate(
                () -> {
                    if (sending) {
                        bus.publish(
                                Message.builder(ft1.samples())
                                        .payload(sample(forceN.get()))
                                        .contentType(ContentTypes.JSON)
                                        .build());
                    }
                },
                0,
                20,
                TimeUnit.MILLISECONDS);

        configAdmin.getFactoryConfiguration("armature.sim", "hand", "?").update(simConfig());
        List<JointDescription> joints = awaitDriverJoints();
        configAdmin
                .getFactoryConfiguration("armature.control", "hand", "?")
                .update(loopConfig(joints));
        ForcePolicy.Provider provider =
                new ForcePolicy.Provider(ft1.samples().substring(container.root().length() + 1));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PolicyProvider.KIND_PROPERTY, KIND);
        context.registerService(PolicyProvider.class, provider, props);
        configAdmin
                .getFactoryConfiguration("armature.policy", "force", "?")
                .update(
                        Services.props(
                                "loopName",
                                "hand",
                                "provider.target",
                                "(armature.policy.kind=" + KIND + ")"));
        policy.awaitState("RUNNING", WAIT);
        ForcePolicy p = provider.latest.get();
        assertThat(p.spec().observations().get(0).topic()).isEqualTo("sensors/ft1/samples");

        Scr.await(
                () -> Arrays.equals(p.observed.get(), new float[] {1.5f, -2.5f, 9.75f}),
                WAIT,
                "the policy acting on the sensor's forces; last: "
                        + Arrays.toString(p.observed.get()));
        forceN.set(new double[] {3, 4, -5});
        Scr.await(
                () -> Arrays.equals(p.observed.get(), new float[] {3f, 4f, -5f}),
                WAIT,
                "the policy acting on the newest forces");

        int mark = policy.mark();
        sending = false;
        policy.awaitEvent(mark, "OBSERVATION_STALE", WAIT);
        long steps = p.steps.get();
        int fresh = policy.mark();
        sending = true;
        policy.awaitEvent(fresh, "OBSERVATIONS_FRESH", WAIT);
        assertThat(p.steps.get()).as("steps resume once samples do").isGreaterThanOrEqualTo(steps);
    }

    private static byte[] sample(double[] f) {
        return ("{\"sourceTimeNs\": "
                        + System.currentTimeMillis() * 1_000_000L
                        + ", \"values\": {\"forceN\": ["
                        + f[0]
                        + ", "
                        + f[1]
                        + ", "
                        + f[2]
                        + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Holds the first bounded joint mid-range and records the observation it was given. */
    static final class ForcePolicy implements Policy {
        final AtomicReference<float[]> observed = new AtomicReference<>(new float[0]);
        final java.util.concurrent.atomic.AtomicLong steps =
                new java.util.concurrent.atomic.AtomicLong();
        private final PolicySpec spec;
        private final float middle;

        ForcePolicy(PolicyContext context, String samplesTopic) {
            JointRange j = context.joints().stream().filter(JointRange::bounded).findFirst().get();
            middle = (float) ((j.minPositionRad() + j.maxPositionRad()) / 2);
            spec =
                    new PolicySpec(
                            List.of(
                                    new ObservationSlot(
                                            "wristForceN",
                                            3,
                                            samplesTopic,
                                            "/values/forceN",
                                            List.of())),
                            List.of(j.name()),
                            ActionMode.POSITION,
                            50,
                            false);
        }

        @Override
        public PolicySpec spec() {
            return spec;
        }

        @Override
        public void act(float[] observation, float[] action) {
            observed.set(observation.clone());
            steps.incrementAndGet();
            action[0] = middle;
        }

        @Override
        public void reset() {}

        @Override
        public void close() {}

        static final class Provider implements PolicyProvider {
            final AtomicReference<ForcePolicy> latest = new AtomicReference<>();
            private final String samplesTopic;

            Provider(String samplesTopic) {
                this.samplesTopic = samplesTopic;
            }

            @Override
            public Policy create(PolicyContext context) {
                ForcePolicy p = new ForcePolicy(context, samplesTopic);
                latest.set(p);
                return p;
            }
        }
    }

    /** Leaves the container as found: device stopped, policy, loop, simulator and bus reset. */
    @AfterEach
    void cleanUp() throws Exception {
        device.shutdownNow();
        if (policy != null) {
            policy.close();
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
            if (busConfig != null) {
                busConfig[0].delete();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private Dictionary<String, Object> simConfig() {
        return Services.props(
                "modelPath",
                Path.of(context.getProperty("armature.repo"), MODEL).toString(),
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

    private Dictionary<String, Object> loopConfig(List<JointDescription> joints) {
        double[] vel = new double[joints.size()];
        double[] acc = new double[joints.size()];
        Arrays.fill(vel, 3.0);
        Arrays.fill(acc, 50.0);
        return Services.props(
                "loopName",
                "hand",
                "rateHz",
                500.0,
                "jointNames",
                joints.stream().map(JointDescription::name).toArray(String[]::new),
                "descriptionPath",
                Path.of(context.getProperty("armature.repo"), MODEL).toString(),
                "effortUnit",
                "NEWTON_METRE",
                "maxVelocityRadPerSec",
                vel,
                "maxAccelerationRadPerSec2",
                acc,
                "driver.target",
                DRIVER_FILTER);
    }
}
