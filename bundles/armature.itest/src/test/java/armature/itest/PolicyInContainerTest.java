package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.SimTopics;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.policy.api.PolicyProvider;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The policy runtime (armature.policy) in a real Felix framework with the simulated hand
 * (armature.sim), the 500 Hz control loop and its safety supervisor (armature.control), all
 * configured through ConfigAdmin and observed only on the bus (Mosquitto): the scripted baseline
 * moves the hand; an operator stream and an e-stop pause it until a resume request; stale
 * observations stop its actions with a reason; reset requests and a simulator reset clear a
 * recurrent policy's state. The methods run in order and share the running robot.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MODEL =
            "examples/models/gymnasium-robotics/hand/manipulate_block.xml";
    private static final String DRIVER_FILTER = "(armature.driver.name=hand)";
    private static final String SENDER = "policy-baseline";

    private static Mosquitto broker;
    private static MessageBus messageBus;
    private static LoopProbe loop;
    private static PolicyProbe policy;
    private static long operatorSequence;

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    /**
     * Leaves the container as found, in dependency order and waiting for each step, so the next
     * class finds no policy, no robot and a bus that no longer points at this class's broker:
     * policies first (they publish on the bus and drive the loop), then the loop and the simulator,
     * then the bus, and the broker last. (The counter policy's provider is gone already: osgi-test
     * unregisters what a test method registered through the injected context.)
     */
    @AfterAll
    static void cleanUp() throws Exception {
        if (policy != null) {
            policy.close();
        }
        if (loop != null) {
            loop.close();
        }
        BundleContext ctx = FrameworkUtil.getBundle(PolicyInContainerTest.class).getBundleContext();
        ServiceReference<ConfigurationAdmin> cmRef =
                ctx.getServiceReference(ConfigurationAdmin.class);
        ServiceReference<ServiceComponentRuntime> scrRef =
                ctx.getServiceReference(ServiceComponentRuntime.class);
        try {
            if (cmRef != null && scrRef != null) {
                ConfigurationAdmin cm = ctx.getService(cmRef);
                ServiceComponentRuntime runtime = ctx.getService(scrRef);
                deleteAndAwait(cm, runtime, "armature.policy");
                deleteAndAwait(cm, runtime, "armature.control");
                deleteAndAwait(cm, runtime, "armature.sim");
                Configuration[] bus = cm.listConfigurations("(service.pid=armature.bus.paho)");
                if (bus != null && broker != null) {
                    bus[0].delete();
                    // The bus is optional-configured: it comes back on the launcher's defaults.
                    Scr.await(
                            () -> !onBroker(ctx, broker.url()),
                            WAIT,
                            "the bus no longer on " + broker.url());
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** Deletes every factory configuration of {@code component}, waits until none is left. */
    private static void deleteAndAwait(
            ConfigurationAdmin cm, ServiceComponentRuntime runtime, String component)
            throws Exception {
        Configuration[] all = cm.listConfigurations("(service.factoryPid=" + component + ")");
        for (Configuration c : all == null ? new Configuration[0] : all) {
            c.delete();
        }
        Scr.await(
                () -> Scr.configurations(runtime, component).isEmpty(),
                WAIT,
                "no " + component + " left: " + Scr.describe(runtime, component));
    }

    private static boolean onBroker(BundleContext ctx, String url) {
        try {
            for (ServiceReference<MessageBus> r :
                    ctx.getServiceReferences(MessageBus.class, null)) {
                MessageBus b = ctx.getService(r);
                try {
                    if (b != null && url.equals(b.brokerUrl())) {
                        return true;
                    }
                } finally {
                    ctx.ungetService(r);
                }
            }
            return false;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void theScriptedBaselineMovesTheSimulatedHandThroughTheLoop() throws Exception {
        configAdmin
                .getConfiguration("armature.bus.paho", "?")
                .update(Services.props("brokerUrl", broker.url()));
        messageBus = Services.awaitBus(context, broker.url(), WAIT);
        loop = new LoopProbe(messageBus, "hand");
        policy = new PolicyProbe(messageBus, "baseline", "hand", SENDER);
        configAdmin.getFactoryConfiguration("armature.sim", "hand", "?").update(simConfig());
        List<JointDescription> joints = awaitDriverJoints();
        configAdmin
                .getFactoryConfiguration("armature.control", "hand", "?")
                .update(loopConfig(joints));
        int events = loop.mark();
        configAdmin
                .getFactoryConfiguration("armature.policy", "baseline", "?")
                .update(
                        Services.props(
                                "loopName", "hand",
                                "simulation", "hand",
                                "settings", new String[] {"rateHz=50", "dwellSeconds=0.2"}));
        Scr.await(
                scr,
                "armature.policy",
                c -> c.state == ComponentConfigurationDTO.ACTIVE,
                WAIT,
                "policy active");

        Map<String, Object> running = policy.awaitState("RUNNING", WAIT);
        assertThat(running.get("sender")).isEqualTo(SENDER);
        assertThat(running.get("actionSize")).isEqualTo(20);
        assertThat(running.get("observationSize")).isEqualTo(40);
        double[] start = loop.awaitFrame(f -> true, WAIT, "a state frame").positionRad();
        LoopProbe.Frame moved =
                loop.awaitFrame(
                        f -> largestChange(start, f.positionRad()) > 0.3,
                        WAIT,
                        "some joint 0.3 rad away from where it was");
        assertThat(largestChange(start, moved.positionRad())).isGreaterThan(0.3);
        Map<String, Object> stats =
                loop.awaitStatistics(s -> number(s, "supervisor", "commandsApplied") > 100, WAIT);
        assertThat(number(stats, "supervisor", "rejectedInvalid"))
                .as("targets the supervisor rejected")
                .isZero();
        assertThat(loop.count(events, "COMMAND_REJECTED")).isZero();
        assertThat(policy.commands()).isPositive();
    }

    @Test
    @Order(2)
    void anOperatorStreamPausesThePolicyAndOnlyAResumeAfterItEndsRestartsIt() {
        int mark = policy.mark();
        long epoch = loop.latest().epoch();
        double[] hold = loop.latest().positionRad();
        stream(epoch, hold, Duration.ofMillis(200));
        Map<String, Object> paused = policy.awaitEvent(mark, "PAUSED_OPERATOR_COMMAND", WAIT);
        assertThat(paused.get("field")).isEqualTo(LoopProbe.SENDER);
        assertThat(policy.awaitState("PAUSED", WAIT).get("reason").toString())
                .contains(LoopProbe.SENDER)
                .contains("until resumed");

        // A resume while the operator still streams is refused, naming why.
        policy.request("resume");
        stream(epoch, hold, Duration.ofMillis(200));
        Map<String, Object> refused = policy.awaitEvent(mark, "RESUME_REFUSED", WAIT);
        assertThat(refused.get("message").toString()).contains(LoopProbe.SENDER).contains("ago");

        // The stream has ended: still nothing from the policy until it is told.
        long frozen = policy.commands();
        for (int i = 0; i < 4; i++) {
            loop.awaitStatistics(s -> true, WAIT); // 200 ms apiece: time passes on messages
        }
        assertThat(policy.commands()).as("policy commands while paused").isEqualTo(frozen);
        assertThat(policy.status().get("state")).isEqualTo("PAUSED");

        int resume = policy.mark();
        policy.request("resume");
        policy.awaitEvent(resume, "RESUMED", WAIT);
        policy.awaitEvent(resume, "STATE_RESET", WAIT);
        policy.awaitState("RUNNING", WAIT);
        Scr.await(() -> policy.commands() > frozen + 10, WAIT, "policy commands again");
    }

    @Test
    @Order(3)
    void anEStopPausesThePolicyAndAResumeIsRefusedUntilTheLatchIsReset() {
        int mark = policy.mark();
        loop.eStopRequest("trip");
        policy.awaitEvent(mark, "PAUSED_ESTOP", WAIT);
        policy.awaitState("PAUSED", WAIT);
        loop.awaitEStopState("LATCHED", WAIT);

        policy.request("resume");
        Map<String, Object> refused = policy.awaitEvent(mark, "RESUME_REFUSED", WAIT);
        assertThat(refused.get("message").toString()).contains("LATCHED").contains("CLEAR");

        loop.eStopRequest("acknowledge");
        loop.awaitEStopState("ACKNOWLEDGED", WAIT);
        loop.eStopRequest("reset");
        loop.awaitEStopState("CLEAR", WAIT);
        assertThat(policy.status().get("state"))
                .as("a reset e-stop alone does not restart the policy")
                .isEqualTo("PAUSED");

        int events = loop.mark();
        long before = policy.commands();
        int resume = policy.mark();
        policy.request("resume");
        policy.awaitEvent(resume, "RESUMED", WAIT);
        policy.awaitState("RUNNING", WAIT);
        Scr.await(() -> policy.commands() > before + 10, WAIT, "policy commands again");
        loop.awaitEvent(events, "ENTERED_ACTIVE", WAIT);
    }

    @Test
    @Order(4)
    void staleObservationsStopActionsWithAReasonUntilTheyAreFreshAgain() throws Exception {
        Configuration sim = configAdmin.getFactoryConfiguration("armature.sim", "hand", "?");
        int mark = policy.mark();
        sim.delete(); // no driver: the loop publishes no more state frames
        Map<String, Object> stale = policy.awaitEvent(mark, "OBSERVATION_STALE", WAIT);
        assertThat(stale.get("message").toString()).contains("ms old").contains("no action");
        Map<String, Object> waiting = policy.awaitState("WAITING_FOR_OBSERVATIONS", WAIT);
        assertThat(waiting.get("reason").toString()).contains("control/hand/state");
        long frozen = policy.commands();
        for (int i = 0; i < 3; i++) {
            loop.awaitStatistics(s -> true, WAIT);
        }
        assertThat(policy.commands()).as("policy commands without observations").isEqualTo(frozen);

        int back = policy.mark();
        configAdmin.getFactoryConfiguration("armature.sim", "hand", "?").update(simConfig());
        policy.awaitEvent(back, "OBSERVATIONS_FRESH", WAIT);
        policy.awaitState("RUNNING", WAIT);
        Scr.await(() -> policy.commands() > frozen + 10, WAIT, "policy commands in the new epoch");
    }

    @Test
    @Order(5)
    void resetRequestsAndASimulatorResetClearRecurrentState() throws Exception {
        configAdmin.getFactoryConfiguration("armature.policy", "baseline", "?").delete();
        policy.close();
        CounterPolicy.Provider provider = new CounterPolicy.Provider();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PolicyProvider.KIND_PROPERTY, CounterPolicy.KIND);
        // Registered through the injected context: osgi-test unregisters it after this method.
        context.registerService(PolicyProvider.class, provider, props);
        policy = new PolicyProbe(messageBus, "counter", "hand", "policy-counter");
        configAdmin
                .getFactoryConfiguration("armature.policy", "counter", "?")
                .update(
                        Services.props(
                                "loopName", "hand",
                                "simulation", "hand",
                                "provider.target",
                                        "(armature.policy.kind=" + CounterPolicy.KIND + ")"));
        policy.awaitState("RUNNING", WAIT);
        Scr.await(
                () -> provider.latest.get() != null && provider.latest.get().steps.get() > 50,
                WAIT,
                "50 steps of the counter policy");
        CounterPolicy counter = provider.latest.get();

        long before = counter.steps.get();
        int mark = policy.mark();
        policy.request("reset");
        Map<String, Object> reset = policy.awaitEvent(mark, "STATE_RESET", WAIT);
        assertThat(reset.get("message").toString()).contains(LoopProbe.SENDER);
        assertThat(counter.resets.get()).isEqualTo(1);
        assertThat(counter.steps.get()).as("steps since the reset").isLessThan(before);
        assertThat(policy.status().get("state")).isEqualTo("RUNNING");

        Scr.await(() -> counter.steps.get() > 25, WAIT, "25 steps after the reset");
        long beforeSim = counter.steps.get();
        int simMark = policy.mark();
        Message reply =
                messageBus
                        .request(
                                Message.builder(
                                                ContainerTopics.of(messageBus.containerId())
                                                        .sim("hand")
                                                        .control(SimTopics.Operation.RESET))
                                        .payload("{}")
                                        .build(),
                                WAIT)
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
        assertThat(reply.payloadAsString()).contains("\"name\"");
        Map<String, Object> simReset = policy.awaitEvent(simMark, "STATE_RESET", WAIT);
        assertThat(simReset.get("message").toString()).contains("simulation 'hand'");
        assertThat(counter.resets.get()).isEqualTo(2);
        assertThat(counter.steps.get()).isLessThan(beforeSim);
    }

    /**
     * Live swap under a 100 Hz stream: a new source is loaded while the running policy keeps acting
     * (the provider holds the load open until the test has seen 20 more commands), then takes over
     * between two ticks: every tick of the window acted, the command sequence has no gap and no
     * repeat, and every frame is wholly the old policy's or wholly the new one's, old ones first.
     */
    @Test
    @Order(6)
    void aNewSourceReplacesThePolicyBetweenTwoTicksUnderA100HzStream() throws Exception {
        configAdmin.getFactoryConfiguration("armature.policy", "counter", "?").delete();
        Scr.await(
                () -> Scr.configurations(scr, "armature.policy").isEmpty(),
                WAIT,
                "the counter policy gone");
        policy.close();
        SwapPolicy.Provider provider = new SwapPolicy.Provider();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PolicyProvider.KIND_PROPERTY, SwapPolicy.KIND);
        context.registerService(PolicyProvider.class, provider, props);
        policy = new PolicyProbe(messageBus, "swap", "hand", "policy-swap");
        Configuration config = configAdmin.getFactoryConfiguration("armature.policy", "swap", "?");
        // Observations never count as stale here: on a loaded machine a state frame can be late,
        // and a tick without action for that reason would hide what this test looks for.
        Dictionary<String, Object> settings =
                Services.props(
                        "loopName",
                        "hand",
                        "source",
                        "0.3",
                        "maxObservationAgeMillis",
                        10_000L,
                        "provider.target",
                        "(armature.policy.kind=" + SwapPolicy.KIND + ")");
        config.update(settings);
        policy.awaitState("RUNNING", WAIT);
        Scr.await(() -> policy.commands() > 50, WAIT, "50 commands of the first policy");
        Map<?, ?> before = counters(policy.awaitStatus(s -> counters(s) != null, WAIT));
        int mark = policy.mark();

        settings.put("source", "slow:0.6");
        config.update(settings);
        assertThat(provider.loading.await(30, TimeUnit.SECONDS)).as("the new one loads").isTrue();
        long loading = policy.commands();
        Scr.await(
                () -> policy.commands() > loading + 20,
                WAIT,
                "20 commands of the running policy while the new one loads");
        provider.release();
        Map<String, Object> swapped = policy.awaitEvent(mark, "POLICY_SWAPPED", WAIT);
        assertThat(swapped.get("message").toString()).contains("'slow:0.6' replaced '0.3'");
        long after = policy.commands();
        Scr.await(() -> policy.commands() > after + 50, WAIT, "50 commands of the new policy");
        Map<String, Object> status =
                policy.awaitStatus(
                        s ->
                                "slow:0.6".equals(s.get("source"))
                                        && num(counters(s), "actions")
                                                > num(before, "actions") + 100,
                        WAIT);
        Map<?, ?> now = counters(status);
        assertThat(num(now, "swaps") - num(before, "swaps")).isEqualTo(1);
        assertThat(num(now, "ticks") - num(before, "ticks"))
                .as("ticks that did not act across the swap")
                .isEqualTo(num(now, "actions") - num(before, "actions"));
        assertThat(policy.count(mark, "POLICY_STARTED")).as("a restart").isZero();

        // Each policy commands one constant frame: the first frame is the old one's, the last
        // the new one's; every frame is exactly one of the two, old ones first.
        List<PolicyProbe.Command> frames = policy.frames();
        double[] old = frames.get(0).targets();
        double[] fresh = frames.get(frames.size() - 1).targets();
        assertThat(fresh).as("the new policy's targets").isNotEqualTo(old);
        int firstNew = -1;
        for (int i = 0; i < frames.size(); i++) {
            PolicyProbe.Command c = frames.get(i);
            if (i > 0) {
                assertThat(c.sequence())
                        .as("sequence after " + frames.get(i - 1).sequence())
                        .isEqualTo(frames.get(i - 1).sequence() + 1);
            }
            boolean isNew = java.util.Arrays.equals(c.targets(), fresh);
            assertThat(isNew || java.util.Arrays.equals(c.targets(), old))
                    .as("frame " + c.sequence() + " is wholly one policy's")
                    .isTrue();
            if (isNew && firstNew < 0) {
                firstNew = i;
            }
            assertThat(firstNew < 0 || isNew).as("an old frame after the first new one").isTrue();
        }
        assertThat(firstNew).as("frames of the old policy before the new").isPositive();
        config.delete();
        Scr.await(
                () -> Scr.configurations(scr, "armature.policy").isEmpty(),
                WAIT,
                "the swap policy gone");
    }

    /**
     * Shadow mode: a candidate set as the shadow source acts on the same observations after every
     * command; its actions and their distance from the active policy's go to the policy's shadow
     * topic and the status, never to the loop: every command frame stays the active policy's.
     */
    @Test
    @Order(7)
    void aShadowPolicyIsComparedWithTheActiveOneAndNeverReachesTheMotors() throws Exception {
        deleteAndAwait(configAdmin, scr, "armature.policy"); // whatever an earlier test left
        policy.close();
        SwapPolicy.Provider provider = new SwapPolicy.Provider();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PolicyProvider.KIND_PROPERTY, SwapPolicy.KIND);
        context.registerService(PolicyProvider.class, provider, props);
        policy = new PolicyProbe(messageBus, "shadowed", "hand", "policy-shadowed");
        java.util.concurrent.BlockingQueue<Map<String, Object>> shadow =
                new java.util.concurrent.LinkedBlockingQueue<>();
        armature.bus.api.Subscription sub =
                messageBus
                        .subscribe(
                                ContainerTopics.of(messageBus.containerId())
                                        .policy("shadowed")
                                        .shadow(),
                                armature.bus.api.Qos.AT_MOST_ONCE,
                                m -> shadow.add(json(m)))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        try {
            Configuration config =
                    configAdmin.getFactoryConfiguration("armature.policy", "shadowed", "?");
            Dictionary<String, Object> settings =
                    Services.props(
                            "loopName", "hand",
                            "source", "0.3",
                            "provider.target", "(armature.policy.kind=" + SwapPolicy.KIND + ")");
            config.update(settings);
            policy.awaitState("RUNNING", WAIT);
            Scr.await(() -> policy.commands() > 20, WAIT, "20 commands of the active policy");
            int mark = policy.mark();
            settings.put("shadowSource", "0.6");
            config.update(settings);
            Map<String, Object> started = policy.awaitEvent(mark, "SHADOW_STARTED", WAIT);
            assertThat(started.get("message").toString()).contains("never to the motors");

            double[] active = policy.frames().get(0).targets();
            Map<String, Object> last = null;
            for (int i = 0; i < 30; i++) {
                last = shadow.poll(30, TimeUnit.SECONDS);
                assertThat(last).as("shadow message " + i).isNotNull();
                List<?> actions = (List<?>) last.get("actions");
                double max = 0;
                double sum = 0;
                for (int j = 0; j < actions.size(); j++) {
                    double d = Math.abs(((Number) actions.get(j)).doubleValue() - active[j]);
                    max = Math.max(max, d);
                    sum += d;
                }
                assertThat(((Number) last.get("maxAbsDiff")).doubleValue())
                        .isCloseTo(max, org.assertj.core.data.Offset.offset(1e-6));
                assertThat(((Number) last.get("meanAbsDiff")).doubleValue())
                        .isCloseTo(sum / actions.size(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(max).as("the candidate differs").isGreaterThan(0.01);
            }
            for (PolicyProbe.Command c : policy.frames()) {
                assertThat(c.targets()).as("command " + c.sequence()).isEqualTo(active);
            }
            Map<String, Object> status =
                    policy.awaitStatus(s -> s.get("shadow") instanceof Map<?, ?>, WAIT);
            assertThat(((Map<?, ?>) status.get("shadow")).get("source")).isEqualTo("0.6");

            int stop = policy.mark();
            settings.put("shadowSource", "");
            config.update(settings);
            policy.awaitEvent(stop, "SHADOW_STOPPED", WAIT);
            policy.awaitStatus(s -> !s.containsKey("shadow"), WAIT);
            config.delete();
        } finally {
            sub.cancel();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Message m) {
        return (Map<String, Object>)
                new armature.bus.codec.JsonCodec().decodeTree(m.topic(), m.payload());
    }

    private static Map<?, ?> counters(Map<String, Object> status) {
        return (Map<?, ?>) status.get("counters");
    }

    private static long num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    /** Streams {@code targets} from the operator probe at 50 Hz for {@code duration}. */
    private static void stream(long epoch, double[] targets, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            loop.command(epoch, ++operatorSequence, targets);
            LockSupport.parkNanos(20_000_000L); // the command rate, not a wait for anything
        }
    }

    private static double largestChange(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static long number(Map<String, Object> doc, String object, String field) {
        return ((Number) ((Map<?, ?>) doc.get(object)).get(field)).longValue();
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

    /**
     * The loop's configuration as feature sim-hand has it: the driver's joints, limits from the
     * hand's MJCF, 3 rad/s; statistics every 200 ms.
     */
    private Dictionary<String, Object> loopConfig(List<JointDescription> joints) {
        int n = joints.size();
        String[] names = new String[n];
        double[] vel = new double[n];
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) {
            names[i] = joints.get(i).name();
            vel[i] = 3.0;
            acc[i] = 50.0;
        }
        return Services.props(
                "loopName",
                "hand",
                "rateHz",
                500.0,
                "jointNames",
                names,
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
