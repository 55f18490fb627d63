package armature.policy.onnx.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ConnectionState;
import armature.bus.api.MessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.PolicyTopics;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.policy.onnx.pkg.PolicyPackage;
import armature.policy.onnx.testing.OnnxGraphBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A policy package built here (an ensemble of three MLPs reading the hand's joint positions and
 * velocities, range-scaled position targets), loaded by the {@code onnx} provider through a factory
 * configuration {@code armature.policy~onnxhand}, moves the simulated hand through the 500 Hz loop
 * and its supervisor: the loop's statistics count its commands as applied. A package that does not
 * fit the loop leaves its component saying why, and the running policy unharmed.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnnxPolicyInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String MODEL =
            "examples/models/gymnasium-robotics/hand/manipulate_block.xml";
    private static final String DRIVER_FILTER = "(armature.driver.name=hand)";

    private static Mosquitto broker;
    private static BusProbe probe;
    private static AtomicReference<double[]> positions;
    private static List<Map<String, Object>> statistics;
    private static AtomicLong commands;
    private static List<String> joints;

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
    }

    @Test
    @Order(1)
    void aPackagedEnsembleMovesTheSimulatedHandThroughTheLoop() throws Exception {
        configAdmin
                .getConfiguration("armature.bus.paho", "?")
                .update(props("brokerUrl", broker.url()));
        MessageBus bus = awaitBus();
        ContainerTopics topics = ContainerTopics.of(bus.containerId());
        LoopTopics loop = topics.loop("hand");
        PolicyTopics policy = topics.policy("onnxhand");
        probe = new BusProbe(bus);
        positions = probe.positions(loop.state());
        statistics = probe.documents(loop.statistics());
        commands = probe.count(loop.command("policy-onnxhand"));
        List<Map<String, Object>> status = probe.documents(policy.status());
        List<Map<String, Object>> events = probe.documents(policy.events());

        configAdmin.getFactoryConfiguration("armature.sim", "hand", "?").update(simConfig());
        joints = awaitDriverJoints().stream().map(JointDescription::name).toList();
        configAdmin.getFactoryConfiguration("armature.control", "hand", "?").update(loopConfig());
        BusProbe.await(() -> positions.get() != null, WAIT, () -> "a state frame of loop hand");
        double[] start = positions.get().clone();

        Path home = Path.of(context.getProperty("armature.home"));
        Files.createDirectories(home.resolve("policies"));
        writePackage(home.resolve("policies/hand.armpolicy"), joints);
        configAdmin
                .getFactoryConfiguration("armature.policy", "onnxhand", "?")
                .update(
                        props(
                                "loopName", "hand",
                                "provider.target", "(armature.policy.kind=onnx)",
                                "source", "policies/hand.armpolicy",
                                "simulation", "hand"));

        Map<String, Object> running =
                BusProbe.await(status, 0, s -> "RUNNING".equals(s.get("state")), WAIT, "RUNNING");
        assertThat(running.get("observationSize")).isEqualTo(40);
        assertThat(running.get("actionSize")).isEqualTo(20);
        assertThat(running.get("actionMode")).isEqualTo("POSITION");
        assertThat(running.get("recurrent")).isEqualTo(false);
        assertThat(running.get("rateHz")).isEqualTo(50.0);
        Map<String, Object> started =
                BusProbe.await(
                        events, 0, e -> "POLICY_STARTED".equals(e.get("type")), WAIT, "started");
        assertThat(started.get("message").toString()).contains("40 observations in 2 slots");

        BusProbe.await(
                () -> largestChange(start, positions.get()) > 0.3,
                WAIT,
                () -> "some joint 0.3 rad away from " + Arrays.toString(start));
        int mark = statistics.size();
        Map<String, Object> stats =
                BusProbe.await(
                        statistics,
                        mark,
                        s -> number(s, "commandsApplied") > 100,
                        WAIT,
                        "more than 100 commands applied");
        assertThat(number(stats, "rejectedInvalid")).as("rejected as invalid").isZero();
        assertThat(commands.get()).isGreaterThan(100);
        assertThat(events).noneMatch(e -> "POLICY_FAILED".equals(e.get("type")));
    }

    @Test
    @Order(2)
    void aPackageThatDoesNotFitTheLoopIsRefusedWithTheFieldAndTheContainerKeepsRunning()
            throws Exception {
        MessageBus bus = awaitBus();
        PolicyTopics policy = ContainerTopics.of(bus.containerId()).policy("misfit");
        List<Map<String, Object>> status = probe.documents(policy.status());
        List<Map<String, Object>> events = probe.documents(policy.events());
        List<String> wrong = new ArrayList<>(joints);
        wrong.set(3, "robot0:A_XXJ9");
        // an absolute source this time, outside the policies folder
        Path file = Path.of(context.getProperty("armature.home"), "misfit.armpolicy");
        writePackage(file, wrong);
        configAdmin
                .getFactoryConfiguration("armature.policy", "misfit", "?")
                .update(
                        props(
                                "loopName", "hand",
                                "provider.target", "(armature.policy.kind=onnx)",
                                "source", file.toString()));
        String expected = "actions.joints[3] = \"robot0:A_XXJ9\"; allowed: a joint of loop 'hand'";
        Map<String, Object> failed =
                BusProbe.await(
                        events, 0, e -> "POLICY_FAILED".equals(e.get("type")), WAIT, "refusal");
        assertThat(failed.get("message").toString()).contains(file.toString()).contains(expected);
        Map<String, Object> s =
                BusProbe.await(
                        status,
                        0,
                        d ->
                                "STARTING".equals(d.get("state"))
                                        && String.valueOf(d.get("reason")).contains(expected),
                        WAIT,
                        "status with the reason");
        assertThat(s.get("reason").toString()).startsWith("no policy: ");

        long before = commands.get();
        BusProbe.await(
                () -> commands.get() > before + 50,
                WAIT,
                () -> "the running policy still commanding");
    }

    /**
     * A packaged ensemble whose members agree on the hand's positions but read a probe value
     * through a different random weight each: with the probe in its training range (0) they agree
     * exactly; far outside it (20) they disagree, the disagreement travels with every command and
     * the loop's supervisor scales the velocity limits to its curve's floor; back in range, full
     * speed returns.
     */
    @Test
    @Order(3)
    void anOutOfDistributionObservationRaisesTheEnsemblesDisagreementAndTheLoopSlowsDown()
            throws Exception {
        for (String name : List.of("onnxhand", "misfit")) {
            configAdmin.getFactoryConfiguration("armature.policy", name, "?").delete();
        }
        MessageBus bus = awaitBus();
        ContainerTopics topics = ContainerTopics.of(bus.containerId());
        PolicyTopics policy = topics.policy("unsure");
        List<Map<String, Object>> status = probe.documents(policy.status());
        String probeTopic = topics.extension("itest", "probe");
        java.util.concurrent.atomic.AtomicReference<Double> probeValue =
                new java.util.concurrent.atomic.AtomicReference<>(0.0);
        java.util.concurrent.ScheduledExecutorService publisher =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        publisher.scheduleAtFixedRate(
                () ->
                        bus.publish(
                                armature.bus.api.Message.builder(probeTopic)
                                        .payload("{\"value\": " + probeValue.get() + "}")
                                        .contentType(armature.bus.api.ContentTypes.JSON)
                                        .build()),
                0,
                20,
                java.util.concurrent.TimeUnit.MILLISECONDS); // the sensor's rate, 50 Hz
        try {
            Path file = Path.of(context.getProperty("armature.home"), "unsure.armpolicy");
            writeProbeEnsemble(file, probeTopic.substring(topics.root().length() + 1));
            configAdmin
                    .getFactoryConfiguration("armature.policy", "unsure", "?")
                    .update(
                            props(
                                    "loopName", "hand",
                                    "provider.target", "(armature.policy.kind=onnx)",
                                    "source", file.toString()));
            Map<String, Object> agreeing =
                    BusProbe.await(
                            status,
                            0,
                            s ->
                                    "RUNNING".equals(s.get("state"))
                                            && s.get("uncertainty") instanceof Map<?, ?> u
                                            && ((Number) u.get("recentActions")).longValue() > 20,
                            WAIT,
                            "RUNNING with 20 actions measured");
            assertThat(
                            ((Number) ((Map<?, ?>) agreeing.get("uncertainty")).get("recentMax"))
                                    .doubleValue())
                    .as("disagreement in the training range")
                    .isLessThan(1e-6);
            int mark = statistics.size();
            BusProbe.await(
                    statistics,
                    mark,
                    s -> Double.valueOf(1.0).equals(supervisor(s).get("velocityScale")),
                    WAIT,
                    "full speed in range");

            probeValue.set(20.0);
            Map<String, Object> unsure =
                    BusProbe.await(
                            status,
                            0,
                            s ->
                                    s.get("uncertainty") instanceof Map<?, ?> u
                                            && ((Number) u.get("last")).doubleValue() > 0.4,
                            WAIT,
                            "disagreement above 0.4");
            assertThat(unsure.get("state")).isEqualTo("RUNNING");
            int slow = statistics.size();
            Map<String, Object> scaled =
                    BusProbe.await(
                            statistics,
                            slow,
                            s -> Double.valueOf(0.1).equals(supervisor(s).get("velocityScale")),
                            WAIT,
                            "the velocity limits at the curve's floor");
            assertThat(supervisor(scaled).get("velocityScaleBand"))
                    .isEqualTo("uncertainty above 0.4");

            probeValue.set(0.0);
            int back = statistics.size();
            BusProbe.await(
                    statistics,
                    back,
                    s -> Double.valueOf(1.0).equals(supervisor(s).get("velocityScale")),
                    WAIT,
                    "full speed again in range");
        } finally {
            publisher.shutdownNow();
        }
    }

    private static Map<?, ?> supervisor(Map<String, Object> statistics) {
        return (Map<?, ?>) statistics.get("supervisor");
    }

    /**
     * Three members: one shared trunk (same weights) from the 20 positions and the probe to targets
     * at about 80 % of each range, plus a path from the probe alone with a different random weight
     * per member, so they agree exactly while the probe is 0.
     */
    private static void writeProbeEnsemble(Path file, String probeTopic) throws Exception {
        Map<String, byte[]> nets = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Random trunk = new Random(7);
            OnnxGraphBuilder g =
                    new OnnxGraphBuilder().input("obs", -1, 21).output("action", -1, 20);
            g.linear("fc1", "obs", "h", 21, 32, trunk);
            g.node("Tanh", "tanh1", List.of("h"), List.of("a"));
            String w = g.random("head.weight", trunk, 0.05f, 20, 32);
            float[] bias = new float[20];
            Arrays.fill(bias, 0.6f);
            g.floats("head.bias", new long[] {20}, bias);
            g.node(
                    "Gemm",
                    "head",
                    List.of("a", w, "head.bias"),
                    List.of("trunk"),
                    OnnxGraphBuilder.Attr.i("transB", 1));
            float[] skip = new float[20 * 21];
            Random member = new Random(200 + k);
            for (int j = 0; j < 20; j++) {
                skip[j * 21 + 20] = (float) member.nextGaussian() * 0.5f; // the probe's column
            }
            g.floats("skip.weight", new long[] {20, 21}, skip);
            g.node(
                    "Gemm",
                    "skip",
                    List.of("obs", "skip.weight"),
                    List.of("s"),
                    OnnxGraphBuilder.Attr.i("transB", 1));
            g.node("Add", "sum", List.of("trunk", "s"), List.of("action"));
            names.add("members/" + k + ".onnx");
            nets.put("members/" + k + ".onnx", g.build());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("formatVersion", 1);
        d.put("name", "unsure-out-of-range");
        d.put("networks", names);
        d.put("controlRateHz", 50);
        d.put(
                "observations",
                List.of(
                        Map.of(
                                "name", "jointPositionRad",
                                "size", 20,
                                "topic", "control/{loop}/state",
                                "field", "positionRad",
                                "elements", joints),
                        Map.of(
                                "name",
                                "probe",
                                "size",
                                1,
                                "topic",
                                probeTopic,
                                "field",
                                "/value")));
        d.put(
                "actions",
                Map.of("joints", joints, "mode", "POSITION", "scaling", Map.of("type", "range")));
        d.put(
                "provenance",
                Map.of(
                        "trainedBy", "OnnxPolicyInContainerTest",
                        "trainedAt", "2026-12-05",
                        "notes", "untrained; members differ only on the probe"));
        PolicyPackage.write(file, new ObjectMapper().writeValueAsBytes(d), nets);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (probe != null) {
            probe.close();
        }
        BundleContext ctx =
                FrameworkUtil.getBundle(OnnxPolicyInContainerTest.class).getBundleContext();
        ServiceReference<ConfigurationAdmin> ref =
                ctx.getServiceReference(ConfigurationAdmin.class);
        try {
            if (ref != null) {
                ConfigurationAdmin cm = ctx.getService(ref);
                for (String pid : List.of("armature.policy", "armature.control", "armature.sim")) {
                    Configuration[] all = cm.listConfigurations("(service.factoryPid=" + pid + ")");
                    for (Configuration c : all == null ? new Configuration[0] : all) {
                        c.delete();
                    }
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /**
     * Three members sharing nothing but their shapes: positions and velocities (40) -> 32 tanh ->
     * 20 outputs whose bias of 0.6 puts every target at 80 % of its joint's range.
     */
    private static void writePackage(Path file, List<String> actionJoints) throws Exception {
        Map<String, byte[]> nets = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Random rnd = new Random(100 + k);
            OnnxGraphBuilder g =
                    new OnnxGraphBuilder().input("obs", -1, 40).output("action", -1, 20);
            g.linear("fc1", "obs", "h", 40, 32, rnd);
            g.node("Tanh", "tanh1", List.of("h"), List.of("a"));
            String w = g.random("head.weight", rnd, 0.05f, 20, 32);
            float[] bias = new float[20];
            Arrays.fill(bias, 0.6f);
            g.floats("head.bias", new long[] {20}, bias);
            g.node(
                    "Gemm",
                    "head",
                    List.of("a", w, "head.bias"),
                    List.of("action"),
                    OnnxGraphBuilder.Attr.i("transB", 1));
            names.add("members/" + k + ".onnx");
            nets.put("members/" + k + ".onnx", g.build());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("formatVersion", 1);
        d.put("name", "hand-to-80-percent");
        d.put("networks", names);
        d.put("controlRateHz", 50);
        d.put(
                "observations",
                List.of(
                        Map.of(
                                "name", "jointPositionRad",
                                "size", 20,
                                "topic", "control/{loop}/state",
                                "field", "positionRad",
                                "elements", joints),
                        Map.of(
                                "name", "jointVelocityRadPerSec",
                                "size", 20,
                                "topic", "control/{loop}/state",
                                "field", "velocityRadPerSec")));
        float[] zeros = new float[40];
        float[] std = new float[40];
        Arrays.fill(std, 1f);
        d.put("normalization", Map.of("mean", zeros, "std", std, "clip", 5.0));
        d.put(
                "actions",
                Map.of(
                        "joints",
                        actionJoints,
                        "mode",
                        "POSITION",
                        "scaling",
                        Map.of("type", "range")));
        d.put(
                "provenance",
                Map.of(
                        "trainedBy", "OnnxPolicyInContainerTest",
                        "trainedAt", "2026-12-05",
                        "notes", "untrained; constant-ish targets"));
        PolicyPackage.write(file, new ObjectMapper().writeValueAsBytes(d), nets);
    }

    private MessageBus awaitBus() {
        MessageBus[] bus = new MessageBus[1];
        BusProbe.await(
                () -> {
                    ServiceReference<MessageBus> r = context.getServiceReference(MessageBus.class);
                    MessageBus b = r == null ? null : context.getService(r);
                    bus[0] = b;
                    return b != null
                            && b.brokerUrl().equals(broker.url())
                            && b.state() == ConnectionState.CONNECTED;
                },
                WAIT,
                () -> "bus connected to " + broker.url());
        return bus[0];
    }

    private List<JointDescription> awaitDriverJoints() throws Exception {
        BusProbe.await(
                () -> {
                    try {
                        return !context.getServiceReferences(JointDriver.class, DRIVER_FILTER)
                                .isEmpty();
                    } catch (org.osgi.framework.InvalidSyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                },
                WAIT,
                () -> "JointDriver 'hand' registered");
        return context.getService(
                        context.getServiceReferences(JointDriver.class, DRIVER_FILTER)
                                .iterator()
                                .next())
                .joints();
    }

    private Dictionary<String, Object> simConfig() {
        return props(
                "modelPath",
                Path.of(context.getProperty("armature.repo"), MODEL).toString(),
                "realTimeFactor",
                1.0,
                "lockStep",
                false);
    }

    /** As feature sim-hand configures the loop; statistics every 200 ms. */
    private Dictionary<String, Object> loopConfig() {
        double[] vel = new double[joints.size()];
        double[] acc = new double[joints.size()];
        Arrays.fill(vel, 3.0);
        Arrays.fill(acc, 50.0);
        return props(
                "loopName",
                "hand",
                "rateHz",
                500.0,
                "jointNames",
                joints.toArray(String[]::new),
                "descriptionPath",
                Path.of(context.getProperty("armature.repo"), MODEL).toString(),
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

    private static Dictionary<String, Object> props(Object... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put((String) keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    private static double largestChange(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static long number(Map<String, Object> stats, String field) {
        return ((Number) ((Map<?, ?>) stats.get("supervisor")).get(field)).longValue();
    }
}
