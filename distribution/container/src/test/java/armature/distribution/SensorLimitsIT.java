package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.CommandContract;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.SensorTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, "a force limit that triggers a hold", end to end: the real distribution with the
 * simulated hand and a loop configured with {@code sensorLimits}; a simulated force/torque sensor
 * logs in with {@code device} credentials and publishes its retained descriptor and 50 samples a
 * second over the embedded broker while an operator streams commands. When the force breaks its
 * bound the loop refuses the commands with their own reason and the finger stops; it moves again
 * only after the force is back by the hysteresis and a fresh command arrives. A tripping limit on
 * the force's norm latches the e-stop, persisted, until the force is back and an operator resets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SensorLimitsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "guardit";
    private static final ContainerTopics CONTAINER = ContainerTopics.of(ID);
    private static final LoopTopics LOOP = CONTAINER.loop("hand");
    private static final SensorTopics FT1 = CONTAINER.sensor("ft1");
    private static final String HOLD_LIMIT = "ft1.forceN[2] <= 40";
    private static final String TRIP_SOURCE = "sensor norm(ft1.forceN) <= 100.0";
    private static final String FFJ2 = "robot0:A_FFJ2";
    private static final ShadowHandActuators HAND = ShadowHandActuators.load();
    private static final List<String> JOINTS = HAND.names();
    private static final int J = JOINTS.indexOf(FFJ2);
    private static final double HIGH_RAD = 1.3;
    private static final double LOW_RAD = 0.5;
    private static final double ARRIVED_RAD = 0.15;

    @TempDir static Path home;
    private static ContainerProcess container;
    private static LoopWatch watch;
    private static PahoMessageBus operator;
    private static RawMqttClient sensor;
    private static final AtomicLong sequence = new AtomicLong();
    private static final AtomicReference<double[]> forceN =
            new AtomicReference<>(new double[] {0, 0, 10});
    private static final ScheduledExecutorService sampler =
            Executors.newSingleThreadScheduledExecutor();
    private static ConformanceCheck check;

    @BeforeAll
    static void start() throws Exception {
        ContainerProcess.linkExamples(home);
        Path config = Files.createDirectories(home.resolve("config"));
        Files.writeString(config.resolve("armature.control-hand.config"), controlConfig());
        // The device's login is a file of the home: made before the start, so the sensor can
        // connect as soon as the broker is up.
        ContainerProcess.Login device =
                ContainerProcess.createCredential(
                        home, ID, "ft1", "device", home.resolve("ft1.password"));
        int port = ContainerProcess.freePort();
        container =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand");
        container.awaitReady(WAIT);
        // The documents and events with sensor limits in them, against docs/asyncapi.yaml.
        check = new ConformanceCheck(AsyncApiDocument.load());
        for (String topic :
                List.of(LOOP.supervisor(), LOOP.statistics(), LOOP.events(), LOOP.eStop())) {
            container
                    .observer()
                    // QoS 2, so every message arrives with the QoS it was published with.
                    .subscribe(topic, Qos.EXACTLY_ONCE, check::record)
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        watch = new LoopWatch(container.observer(), LOOP, WAIT);
        operator = container.client("op");
        watch.await("a state frame", () -> watch.frame.get() != null, container);

        sensor = container.raw(device, "ft1-" + ProcessHandle.current().pid());
        sensor.publish(FT1.descriptor(), DESCRIPTOR, true);
        sensor.publish(FT1.state(), "{\"state\":\"online\"}", true);
        // The device's own pace, 50 Hz: it is the sensor, not a wait for anything.
        sampler.scheduleAtFixedRate(SensorLimitsIT::publishSample, 0, 20, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        sampler.shutdownNow();
        if (sensor != null) {
            sensor.close();
        }
        if (container != null) {
            container.close();
        }
    }

    @Test
    @Order(1)
    void aBrokenForceLimitHoldsTheHandUntilTheForceIsBackAndAFreshCommandArrives()
            throws Exception {
        watch.await("both limits OK", () -> conditions().equals(List.of("OK", "OK")), container);
        long epoch = watch.epoch();
        double[] target = middle();
        target[J] = HIGH_RAD;
        stream(epoch, target, Duration.ofSeconds(30), near(HIGH_RAD), "the hand follows");

        // The force breaks its bound while the operator sends the finger back down.
        int broken = watch.events.size();
        forceN.set(new double[] {0, 0, 45});
        target[J] = LOW_RAD;
        stream(
                epoch,
                target,
                Duration.ofSeconds(30),
                () -> watch.hasEvent("COMMAND_REFUSED_SENSOR_HOLD", HOLD_LIMIT),
                "commands refused with the sensor hold's reason");
        assertThat(watch.hasEvent("SENSOR_LIMIT_EXCEEDED", "ft1.forceN[2] = 45.0 breaks")).isTrue();
        JsonNode doc =
                container.awaitMessage(
                        LOOP.supervisor(), n -> n.path("sensorHold").isTextual(), WAIT);
        assertThat(doc.path("watchdog").asText()).isEqualTo("HOLDING");
        assertThat(doc.path("sensorHold").asText()).contains("ft1.forceN[2] = 45.0 breaks");

        // Braked to a stop, then held: another second of commands towards LOW moves the finger
        // nowhere.
        stream(
                epoch,
                target,
                Duration.ofSeconds(30),
                () -> Math.abs(watch.velocity(J)) < 0.01,
                "the finger braked to a stop");
        double heldAt = watch.position(J);
        long refused = watch.supervisorStat("refusedSensorHold");
        stream(epoch, target, Duration.ofSeconds(1), () -> false, "");
        assertThat(Math.abs(watch.position(J) - heldAt)).as("finger held").isLessThan(0.05);
        assertThat(Math.abs(watch.position(J) - LOW_RAD)).isGreaterThan(0.5);

        // Back under the bound but not by the hysteresis (2 N): still held.
        forceN.set(new double[] {0, 0, 39});
        stream(epoch, target, Duration.ofSeconds(1), () -> false, "");
        watch.await(
                "more refusals counted at 39 N",
                () -> watch.supervisorStat("refusedSensorHold") > refused + 10,
                container);
        assertThat(Math.abs(watch.position(J) - heldAt)).as("still held").isLessThan(0.05);
        assertThat(indexOf("SENSOR_LIMIT_CLEARED", "ft1.forceN[2]", broken)).isEqualTo(-1);

        // Back by the hysteresis: cleared; the stream's next command moves the finger again.
        forceN.set(new double[] {0, 0, 30});
        stream(epoch, target, Duration.ofSeconds(30), near(LOW_RAD), "moves again");
        assertThat(watch.hasEvent("SENSOR_LIMIT_CLEARED", "ft1.forceN[2] <= 40.0 satisfied"))
                .isTrue();
        int cleared = indexOf("SENSOR_LIMIT_CLEARED", "ft1.forceN[2] <= 40.0", broken);
        assertThat(cleared).isPositive();
        assertThat(indexOf("ENTERED_ACTIVE", "HOLDING -> ACTIVE: fresh valid command", cleared))
                .as("ACTIVE again only after the limit cleared")
                .isGreaterThan(cleared);
    }

    @Test
    @Order(2)
    void aTrippingLimitLatchesTheEStopPersistedUntilTheForceIsBackAndAnOperatorResets()
            throws Exception {
        forceN.set(new double[] {80, 70, 10}); // norm 107 N > 100 N, z inside its hold bound
        JsonNode eStop =
                container.awaitMessage(
                        LOOP.eStop(), n -> "LATCHED".equals(n.path("state").asText()), WAIT);
        assertThat(eStop.path("assertedSources").toString()).contains(TRIP_SOURCE);
        Path file = home.resolve("runtime").resolve(ID).resolve("control/hand/estop.json");
        assertThat(Files.readString(file)).contains("\"LATCHED\"").contains(TRIP_SOURCE);
        JsonNode status = container.cliJson("estop", "status");
        assertThat(status.path("state").asText()).isEqualTo("LATCHED");

        request("acknowledge");
        request("reset");
        watch.await(
                "the reset refused while the force is still too high",
                () -> watch.hasEvent("ESTOP_RESET_REFUSED", ""),
                container);

        forceN.set(new double[] {0, 0, 10});
        watch.await(
                "the source released once the force is back",
                () -> watch.hasEvent("ESTOP_SOURCE_RELEASED", TRIP_SOURCE),
                container);
        request("reset");
        container.awaitMessage(LOOP.eStop(), n -> "CLEAR".equals(n.path("state").asText()), WAIT);
        assertThat(Files.readString(file)).contains("\"CLEAR\"");
    }

    @Test
    @Order(3)
    void everyDocumentAndEventWithSensorLimitsMatchesTheAsyncApi() {
        assertThat(check.check()).as("conformance of " + check.size() + " messages").isEmpty();
        assertThat(check.count(LOOP.events())).isPositive();
        assertThat(check.count(LOOP.supervisor())).isPositive();
    }

    private static final String DESCRIPTOR =
            "{\"schemaVersion\": 1, \"id\": \"ft1\", \"type\": \"force-torque\","
                    + " \"frameId\": \"wrist\", \"nominalRateHz\": 50, \"fields\": [{\"name\":"
                    + " \"forceN\", \"unit\": \"N\", \"type\": \"array\", \"size\": 3, \"min\":"
                    + " -500, \"max\": 500}]}";

    private static void publishSample() {
        double[] f = forceN.get();
        try {
            sensor.publish(
                    FT1.samples(),
                    "{\"sourceTimeNs\": "
                            + System.currentTimeMillis() * 1_000_000L
                            + ", \"values\": {\"forceN\": ["
                            + f[0]
                            + ", "
                            + f[1]
                            + ", "
                            + f[2]
                            + "]}}",
                    false);
        } catch (Exception e) {
            // A lost sample ages the guard; the assertions will say so.
        }
    }

    /** The index of the first event of {@code type} after {@code from} with the text, or -1. */
    private static int indexOf(String type, String text, int from) {
        List<JsonNode> events = List.copyOf(watch.events);
        for (int i = Math.max(0, from); i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (e.path("type").asText().equals(type) && e.path("message").asText().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> conditions() {
        JsonNode s = watch.statistics.get();
        if (s == null) {
            return List.of();
        }
        return java.util.stream.StreamSupport.stream(
                        s.path("supervisor").path("sensorLimits").spliterator(), false)
                .map(l -> l.path("condition").asText())
                .toList();
    }

    private static void request(String action) {
        ContainerProcess.publish(
                operator,
                Message.builder(LOOP.eStopRequest("op"))
                        .payload("{\"action\":\"" + action + "\"}")
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
    }

    /** Every joint held where it is now, inside its range: only FFJ2 moves. */
    private static double[] middle() {
        double[] lo = HAND.lowerRad();
        double[] hi = HAND.upperRad();
        double[] t = new double[JOINTS.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.max(lo[i], Math.min(hi[i], watch.position(i)));
        }
        return t;
    }

    private static BooleanSupplier near(double rad) {
        return () -> Math.abs(watch.position(J) - rad) < ARRIVED_RAD;
    }

    /**
     * Streams at the recommended rate until {@code done} or {@code max}; fails naming {@code what}
     * when it was not done ({@code what} empty: streaming for {@code max} is the point).
     */
    private static void stream(
            long epoch, double[] target, Duration max, BooleanSupplier done, String what) {
        long period = 1_000_000_000L / CommandContract.RECOMMENDED_COMMAND_RATE_HZ;
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            ContainerProcess.publish(operator, command(epoch, sequence.incrementAndGet(), target));
            if (done.getAsBoolean()) {
                return;
            }
            // The park paces the stream (it is the command rate); it waits for nothing.
            LockSupport.parkNanos(period);
        }
        if (!what.isEmpty()) {
            throw new AssertionError(
                    "not within "
                            + max
                            + ": "
                            + what
                            + "; "
                            + FFJ2
                            + " at "
                            + watch.position(J)
                            + "; statistics: "
                            + watch.statistics.get()
                            + "; events: "
                            + watch.events);
        }
    }

    private static Message command(long epoch, long seq, double[] target) {
        byte[] frame = new byte[2048];
        int n =
                new FrameWriter()
                        .wrap(frame, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, target.length)
                        .epoch(epoch)
                        .sequence(seq)
                        .timestampNs(System.nanoTime())
                        .putChannel(target)
                        .finish();
        return Message.builder(LOOP.command("op"))
                .payload(Arrays.copyOf(frame, n))
                .contentType(ContentTypes.FRAME)
                .qos(Qos.AT_MOST_ONCE)
                .expiry(Duration.ofSeconds(1))
                .userProperty(UserProperties.COMMAND_MODE, "position")
                .build();
    }

    /**
     * The feature's loop with two sensor limits: a hold on the z force and a trip on the norm (its
     * maxAge, the grace for a first sample, covers the time from the loop's start to the sensor's
     * first sample on a machine busy with parallel builds); the safe-state timeout long enough that
     * a hold stays a hold while the test looks at it.
     */
    private static String controlConfig() {
        return "loopName=\"hand\"\n"
                + "rateHz=D\"500.0\"\n"
                + "jointNames="
                + JOINTS.stream()
                        .map(j -> "\"" + j + "\"")
                        .collect(Collectors.joining(",", "[", "]"))
                + "\n"
                + "descriptionPath=\"examples/models/gymnasium-robotics/hand/manipulate_block.xml\"\n"
                + "maxVelocityRadPerSec=D[\"3.0\"]\n"
                + "maxAccelerationRadPerSec2=D[\"50.0\"]\n"
                + "effortUnit=\"NEWTON_METRE\"\n"
                + "statisticsIntervalMillis=L\"200\"\n"
                + "safeStateTimeoutMillis=L\"30000\"\n"
                + "sensorLimits=\""
                + HOLD_LIMIT
                + " hysteresis=2 maxAge=2s; norm(ft1.forceN) <= 100 trip maxAge=60s\"\n"
                + "driver.target=\"(armature.driver.name=hand)\"\n";
    }
}
