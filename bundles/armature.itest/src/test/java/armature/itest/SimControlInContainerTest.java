package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.MessageBus;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
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
 * The simulated Shadow hand (armature.sim, real MJCF, reference physics) and the control loop
 * (armature.control) as DS components in a real Felix framework, configured only through
 * ConfigAdmin and driven only through the bus (Mosquitto): state frames, position commands, e-stop
 * requests, malformed commands, and the driver vanishing and coming back. The methods run in order
 * and share the running robot.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimControlInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MODEL =
            "examples/models/gymnasium-robotics/hand/manipulate_block.xml";
    private static final String DRIVER_FILTER = "(armature.driver.name=hand)";

    /** A finger joint (index finger, proximal flexion) with a 1.57 rad window. */
    private static final String JOINT = "robot0:A_FFJ2";

    /**
     * Distance at which a position servo of the hand counts as arrived (as in SimulatedRobotTest).
     */
    private static final double ARRIVED_RAD = 0.05;

    /** How far a holding joint may move while observed for 0.5 s. */
    private static final double HOLD_DRIFT_RAD = 0.02;

    private static Mosquitto broker;
    private static LoopProbe probe;
    private static List<JointDescription> joints;
    private static double[] target;
    private static long sequence;

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (probe != null) {
            probe.close();
        }
        BundleContext ctx =
                FrameworkUtil.getBundle(SimControlInContainerTest.class).getBundleContext();
        ServiceReference<ConfigurationAdmin> ref =
                ctx.getServiceReference(ConfigurationAdmin.class);
        if (ref != null) {
            ConfigurationAdmin cm = ctx.getService(ref);
            Configuration[] all = cm.listConfigurations(null);
            for (Configuration c : all == null ? new Configuration[0] : all) {
                String pid = c.getPid();
                // Leave the container as found: no bus, no robot (other classes assume that).
                if (pid.equals("armature.bus.paho")
                        || pid.startsWith("armature.sim~")
                        || pid.startsWith("armature.control~")) {
                    c.delete();
                }
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void simulatedHandAndLoopBecomeActiveAndStreamJointState() throws Exception {
        Configuration bus = configAdmin.getConfiguration("armature.bus.paho", "?");
        bus.update(Services.props("brokerUrl", broker.url()));
        MessageBus messageBus = Services.awaitBus(context, broker.url(), WAIT);
        probe = new LoopProbe(messageBus, "hand");

        configAdmin
                .getFactoryConfiguration("armature.sim", "hand", "?")
                .update(
                        Services.props(
                                "modelPath",
                                // armature.home is the tests' own folder; the models are in the
                                // repository.
                                java.nio.file.Path.of(context.getProperty("armature.repo"), MODEL)
                                        .toString(),
                                "realTimeFactor",
                                1.0,
                                "lockStep",
                                false));
        JointDriver driver = awaitDriver();
        joints = driver.joints();
        assertThat(joints).hasSize(20).extracting(JointDescription::name).contains(JOINT);

        configAdmin.getFactoryConfiguration("armature.control", "hand", "?").update(loopConfig());

        Scr.await(
                scr,
                "armature.sim",
                c -> c.state == ComponentConfigurationDTO.ACTIVE,
                WAIT,
                "sim active");
        Scr.await(
                scr,
                "armature.control",
                c -> c.state == ComponentConfigurationDTO.ACTIVE,
                WAIT,
                "control loop active");
        LoopProbe.Frame f =
                probe.awaitFrame(p -> p.positionRad().length == 20, WAIT, "20 joint positions");
        assertThat(f.epoch()).isPositive();
        assertThat(java.util.Arrays.stream(f.positionRad()).allMatch(Double::isFinite))
                .as("all positions finite")
                .isTrue();
        long before = probe.frameCount();
        probe.awaitFrame(p -> probe.frameCount() >= before + 100, WAIT, "100 more frames");
    }

    @Test
    @Order(2)
    void aPositionCommandMovesTheSimulatedJointTowardIt() {
        int j = index(JOINT);
        LoopProbe.Frame start = probe.latest();
        target = clampedToWindows(start.positionRad());
        JointDescription d = joints.get(j);
        double mid = 0.5 * (d.minPositionRad() + d.maxPositionRad());
        target[j] =
                start.positionRad()[j] > mid ? d.minPositionRad() + 0.1 : d.maxPositionRad() - 0.1;
        double distanceBefore = Math.abs(target[j] - start.positionRad()[j]);
        assertThat(distanceBefore).as("distance to the target").isGreaterThan(0.5);

        int mark = probe.mark();
        LoopProbe.Frame arrived =
                stream(
                        start.epoch(),
                        Duration.ofSeconds(10),
                        f -> Math.abs(f.positionRad()[j] - target[j]) < ARRIVED_RAD);
        assertThat(arrived)
                .as("measured %s within %s rad of %s", JOINT, ARRIVED_RAD, target[j])
                .isNotNull();
        probe.awaitEvent(mark, "ENTERED_ACTIVE", WAIT);
        assertThat(probe.count(mark, "COMMAND_REJECTED")).isZero();
    }

    @Test
    @Order(3)
    void garbageIsReportedNamingTheFieldAndAnInvalidCommandMakesTheRobotHold() {
        int j = index(JOINT);
        long epoch = probe.latest().epoch();
        // Streaming keeps (or makes) the supervisor ACTIVE.
        stream(epoch, Duration.ofMillis(300), f -> false);

        // Bytes that are not a command frame: reported, nothing else changes.
        int garbage = probe.mark();
        probe.publishCommandBytes(
                "{\"not\":\"a frame\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> malformed = probe.awaitEvent(garbage, "COMMAND_FRAME_MALFORMED", WAIT);
        assertThat(String.valueOf(malformed.get("message"))).contains("command frame");

        // A well-formed frame asking one joint for 1 rad past its window, while ACTIVE: rejected
        // naming that joint (the frame codec itself refuses NaN, so a policy cannot send one).
        int invalid = probe.mark();
        stream(epoch, Duration.ofMillis(100), f -> false);
        double[] bad = target.clone();
        bad[j] = joints.get(j).maxPositionRad() + 1.0;
        probe.command(epoch, ++sequence, bad);
        Map<String, Object> rejected = probe.awaitEvent(invalid, "COMMAND_REJECTED", WAIT);
        assertThat(String.valueOf(rejected.get("field")))
                .contains("values[" + j + "]")
                .contains(JOINT);
        assertThat(((Number) rejected.get("value")).doubleValue()).isEqualTo(bad[j]);
        assertThat(String.valueOf(rejected.get("message"))).contains("allowed");
        probe.awaitEvent(
                invalid,
                "ENTERED_HOLDING",
                e -> String.valueOf(e.get("message")).contains("invalid command"),
                WAIT);

        double drift = maxDriftOver(Duration.ofMillis(500));
        assertThat(drift).as("largest joint motion while holding [rad]").isLessThan(HOLD_DRIFT_RAD);
        assertThat(probe.latest().positionRad()[j])
                .isCloseTo(target[j], org.assertj.core.data.Offset.offset(ARRIVED_RAD));
    }

    @Test
    @Order(4)
    void anEStopLatchesAndOnlyAcknowledgeThenResetClearsIt() {
        long epoch = probe.latest().epoch();
        int mark = probe.mark();
        probe.eStopRequest("trip");
        Map<String, Object> latched = probe.awaitEvent(mark, "ESTOP_LATCHED", WAIT);
        assertThat(latched.get("field"))
                .as("the source is the sender level")
                .isEqualTo(LoopProbe.SENDER);
        probe.awaitEStopState("LATCHED", WAIT);
        // The retained document follows the file: the latch is on disk already.
        assertThat(eStopFile()).contains("\"LATCHED\"");

        int refused = probe.mark();
        probe.command(epoch, ++sequence, target);
        probe.awaitEvent(refused, "COMMAND_REFUSED_ESTOP", WAIT);

        int early = probe.mark();
        probe.eStopRequest("reset");
        probe.awaitEvent(early, "ESTOP_RESET_REFUSED", WAIT);
        probe.awaitEStopState("LATCHED", WAIT);

        int clear = probe.mark();
        probe.eStopRequest("acknowledge");
        probe.awaitEvent(clear, "ESTOP_ACKNOWLEDGED", WAIT);
        probe.eStopRequest("reset");
        probe.awaitEvent(clear, "ESTOP_RESET", WAIT);
        probe.awaitEStopState("CLEAR", WAIT);
        assertThat(eStopFile()).contains("\"CLEAR\"");

        int resume = probe.mark();
        stream(epoch, Duration.ofMillis(300), f -> false);
        probe.awaitEvent(resume, "ENTERED_ACTIVE", WAIT);
    }

    @Test
    @Order(5)
    void withoutTheSimulatorTheLoopHoldsAndARecreatedOneResumesInANewEpoch() throws Exception {
        long oldEpoch = probe.latest().epoch();
        int mark = probe.mark();
        Configuration sim = configAdmin.getFactoryConfiguration("armature.sim", "hand", "?");
        Dictionary<String, Object> simProps = new Hashtable<>();
        for (String key : java.util.Collections.list(sim.getProperties().keys())) {
            if (!key.startsWith("service.")) {
                simProps.put(key, sim.getProperties().get(key));
            }
        }
        sim.delete();

        probe.awaitEvent(mark, "DRIVER_DETACHED", WAIT);
        Scr.await(() -> driverReferences() == 0, WAIT, "JointDriver 'hand' unregistered");
        assertThat(Scr.configurations(scr, "armature.control"))
                .extracting(c -> c.state)
                .containsExactly(ComponentConfigurationDTO.ACTIVE);
        Map<String, Object> noDriver =
                probe.awaitStatistics(s -> s.get("driverHealth") == null, WAIT);
        assertThat(String.valueOf(((Map<?, ?>) noDriver.get("supervisor")).get("watchdogState")))
                .isNotEqualTo("ACTIVE");
        long frames = probe.frameCount();
        probe.awaitStatistics(s -> s.get("driverHealth") == null, WAIT);
        assertThat(probe.frameCount())
                .as("state frames published without a driver")
                .isEqualTo(frames);

        int back = probe.mark();
        configAdmin.getFactoryConfiguration("armature.sim", "hand", "?").update(simProps);
        probe.awaitEvent(back, "DRIVER_ATTACHED", WAIT);
        LoopProbe.Frame f =
                probe.awaitFrame(p -> p.epoch() > oldEpoch, WAIT, "a frame of a new epoch");
        probe.command(oldEpoch, ++sequence, target);
        probe.awaitEvent(back, "COMMAND_WRONG_EPOCH", WAIT);
        stream(f.epoch(), Duration.ofMillis(300), x -> false);
        probe.awaitEvent(back, "ENTERED_ACTIVE", WAIT);
    }

    /** The loop's persisted e-stop latch, under the framework's armature.runtime folder. */
    private String eStopFile() {
        try {
            return java.nio.file.Files.readString(
                    java.nio.file.Path.of(context.getProperty("armature.runtime"))
                            .resolve("control/hand/estop.json"));
        } catch (java.io.IOException e) {
            throw new AssertionError("e-stop file not readable", e);
        }
    }

    /**
     * Publishes the current target at 50 Hz, as a slow policy would, until {@code done} holds for
     * the newest state frame or {@code duration} has passed; returns that frame or null. The park
     * paces the stream (it is the command rate), it does not wait for anything.
     */
    private static LoopProbe.Frame stream(
            long epoch, Duration duration, java.util.function.Predicate<LoopProbe.Frame> done) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            probe.command(epoch, ++sequence, target);
            LoopProbe.Frame f = probe.latest();
            if (f != null && done.test(f)) {
                return f;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        return null;
    }

    /** Largest change of any joint over {@code window}, sampling the newest frame every 5 ms. */
    private static double maxDriftOver(Duration window) {
        double[] first = probe.latest().positionRad();
        double drift = 0;
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            double[] p = probe.latest().positionRad();
            for (int i = 0; i < p.length; i++) {
                drift = Math.max(drift, Math.abs(p[i] - first[i]));
            }
            LockSupport.parkNanos(5_000_000L);
        }
        return drift;
    }

    private static double[] clampedToWindows(double[] positionRad) {
        double[] c = positionRad.clone();
        for (int i = 0; i < c.length; i++) {
            JointDescription d = joints.get(i);
            c[i] = Math.max(d.minPositionRad(), Math.min(d.maxPositionRad(), c[i]));
        }
        return c;
    }

    private static int index(String name) {
        for (int i = 0; i < joints.size(); i++) {
            if (joints.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no joint " + name);
    }

    private JointDriver awaitDriver() throws Exception {
        Scr.await(() -> driverReferences() == 1, WAIT, "JointDriver 'hand' registered");
        return context.getService(
                context.getServiceReferences(JointDriver.class, DRIVER_FILTER).iterator().next());
    }

    private int driverReferences() {
        try {
            return context.getServiceReferences(JointDriver.class, DRIVER_FILTER).size();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The loop's configuration, limits taken from the driver's joint descriptions. */
    private static Dictionary<String, Object> loopConfig() {
        int n = joints.size();
        String[] names = new String[n];
        double[] min = new double[n];
        double[] max = new double[n];
        double[] vel = new double[n];
        double[] acc = new double[n];
        double[] effort = new double[n];
        for (int i = 0; i < n; i++) {
            JointDescription d = joints.get(i);
            names[i] = d.name();
            min[i] = d.minPositionRad();
            max[i] = d.maxPositionRad();
            vel[i] = 3.0;
            acc[i] = 50.0;
            effort[i] = Double.isFinite(d.maxEffort()) ? d.maxEffort() : 1.0;
        }
        return Services.props(
                "loopName", "hand",
                "rateHz", 500.0,
                "jointNames", names,
                "minPositionRad", min,
                "maxPositionRad", max,
                "maxVelocityRadPerSec", vel,
                "maxAccelerationRadPerSec2", acc,
                "maxEffort", effort,
                "statisticsIntervalMillis", 200L,
                "driver.target", DRIVER_FILTER);
    }
}
