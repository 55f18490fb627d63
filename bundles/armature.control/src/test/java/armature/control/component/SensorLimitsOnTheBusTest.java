package armature.control.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.SensorTopics;
import armature.control.loop.FakeDriver;
import armature.driver.api.JointDriver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensor limits through the loop component (real loop thread at 200 Hz, in-memory bus): the loop
 * reads a sensor's retained descriptor and samples, holds on a broken force limit with the refusal
 * named on the events topic, counts invalid samples without using them, resumes after the value is
 * back and a fresh command arrives, and holds again when the sensor goes offline.
 */
class SensorLimitsOnTheBusTest {
    private static final LoopTopics LOOP = ContainerTopics.of("c1").loop("hand");
    private static final SensorTopics FT1 = ContainerTopics.of("c1").sensor("ft1");
    private static final String DESCRIPTOR =
            "{\"schemaVersion\":1,\"id\":\"ft1\",\"type\":\"force-torque\",\"frameId\":\"wrist\","
                    + "\"nominalRateHz\":100,\"fields\":[{\"name\":\"forceN\",\"unit\":\"N\","
                    + "\"type\":\"array\",\"size\":3,\"min\":-200,\"max\":200}]}";

    @TempDir Path runtime;

    private final JsonCodec json = new JsonCodec();

    private ControlConfig config(Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>();
        m.put("loopName", "hand");
        m.put("rateHz", 200.0);
        m.put("jointNames", new String[] {"j0", "j1"});
        m.put("minPositionRad", new double[] {-1, -1});
        m.put("maxPositionRad", new double[] {1, 1});
        m.put("maxVelocityRadPerSec", new double[] {2, 2});
        m.put("maxAccelerationRadPerSec2", new double[] {20, 20});
        m.put("maxEffort", new double[] {1, 1});
        m.put("statisticsIntervalMillis", 100L);
        m.putAll(extra);
        return Configs.of(ControlConfig.class, m);
    }

    @Test
    void aBrokenForceLimitHoldsAndMotionResumesOnlyAfterTheValueIsBackAndAFreshCommand()
            throws Exception {
        FakeBus bus = new FakeBus();
        // maxAge long enough for a loaded build machine: staleness by age has its unit test.
        ControlLoopComponent c =
                new ControlLoopComponent(
                        bus,
                        config(
                                Map.of(
                                        "sensorLimits",
                                        "ft1.forceN[2] <= 40 hysteresis=5 maxAge=5s")),
                        null,
                        runtime);
        FakeDriver d = FakeDriver.position(System::nanoTime, 0.0, 0.0);
        try {
            c.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "fake"));
            await("a state frame", () -> bus.last(LOOP.state()) != null);
            long epoch = new FrameReader().wrap(bus.last(LOOP.state()).payload()).epoch();
            long[] seq = {0};

            await(
                    "the hold before any sample, with its reason",
                    () ->
                            String.valueOf(supervisorDoc(bus).get("sensorHold"))
                                    .contains("no valid sample yet"));
            bus.publish(json(FT1.descriptor(), DESCRIPTOR));
            bus.publish(sample(0, 0, 10));
            await(
                    "ACTIVE once the sensor reads inside",
                    () -> {
                        bus.publish(command(epoch, ++seq[0], 0.5, 0.0));
                        return "ACTIVE".equals(supervisorDoc(bus).get("watchdog"));
                    });

            bus.publish(sample(0, 0, 45));
            await(
                    "commands refused with the new reason while the limit is broken",
                    () -> {
                        bus.publish(command(epoch, ++seq[0], 0.5, 0.0));
                        return events(bus).contains("\"type\":\"COMMAND_REFUSED_SENSOR_HOLD\"");
                    });
            assertThat(events(bus))
                    .contains("\"type\":\"SENSOR_LIMIT_EXCEEDED\",")
                    .contains("\"field\":\"ft1.forceN[2]\"")
                    .contains("\"value\":45.0");
            await(
                    "HOLDING in the retained document, with why",
                    () -> {
                        Map<?, ?> doc = supervisorDoc(bus);
                        return "HOLDING".equals(doc.get("watchdog"))
                                && String.valueOf(doc.get("sensorHold"))
                                        .contains("ft1.forceN[2] = 45.0 breaks");
                    });

            // Out of the descriptor's range: invalid, but its guarded value still breaks the bound.
            bus.publish(sample(0, 0, 500));
            // Inside, but not by the hysteresis: still held.
            bus.publish(sample(0, 0, 38));
            long refused = refusedSensorHold(bus);
            await(
                    "still refused after 38 N",
                    () -> {
                        bus.publish(command(epoch, ++seq[0], 0.5, 0.0));
                        return refusedSensorHold(bus) > refused + 2;
                    });
            Map<?, ?> limit = firstLimitStatistics(bus);
            assertThat(((Number) limit.get("invalidSamples")).longValue()).isEqualTo(1);
            assertThat(limit.get("condition")).isEqualTo("EXCEEDED");

            bus.publish(sample(0, 0, 30));
            await(
                    "the limit cleared",
                    () -> events(bus).contains("\"type\":\"SENSOR_LIMIT_CLEARED\""));
            await(
                    "ACTIVE again with a fresh command",
                    () -> {
                        bus.publish(command(epoch, ++seq[0], 0.5, 0.0));
                        return "ACTIVE".equals(supervisorDoc(bus).get("watchdog"))
                                && supervisorDoc(bus).get("sensorHold") == null;
                    });

            bus.publish(json(FT1.state(), "{\"state\":\"offline\"}"));
            // a sample sent before the offline and delivered after it must not revive the guard
            bus.publish(sample(0, 0, 30));
            await(
                    "SENSOR_STALE naming the offline sensor, and a hold",
                    () -> {
                        bus.publish(command(epoch, ++seq[0], 0.5, 0.0));
                        return events(bus).contains("sensor ft1 is offline")
                                && "HOLDING".equals(supervisorDoc(bus).get("watchdog"));
                    });
            await(
                    "the limit stale, not revived by the late sample",
                    () -> "STALE".equals(firstLimitStatistics(bus).get("condition")));
        } finally {
            c.deactivate();
        }
    }

    @Test
    void aBadClauseIsRefusedNamingTheKeyTheClauseAndWhatIsAllowed() {
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        new FakeBus(),
                                        config(Map.of("sensorLimits", "ft1.forceN <= 40 stop")),
                                        null,
                                        runtime))
                .hasMessageContaining("sensorLimits clause 'ft1.forceN <= 40 stop'")
                .hasMessageContaining("action 'stop' is unknown; allowed: hold or trip");
    }

    @Test
    void aLimitOnAFieldTheDescriptorLacksStaysStaleAndSaysWhy() {
        SensorSampleCheck d =
                SensorSampleCheck.descriptor("ft1", json.decodeTree("t", DESCRIPTOR.getBytes()));
        assertThat(
                        SensorFeed.shapeProblem(
                                armature.safety.SensorLimits.parse("k", "ft1.forceN[3] <= 1")
                                        .get(0),
                                d))
                .contains("element [3] of field 'forceN' (array of 3)");
        assertThat(
                        SensorFeed.shapeProblem(
                                armature.safety.SensorLimits.parse("k", "ft1.torqueNm <= 1").get(0),
                                d))
                .contains("sensor ft1 has no field 'torqueNm'");
        assertThatThrownBy(
                        () ->
                                d.sample(
                                        json.decodeTree(
                                                "t", "{\"values\":{\"forceN\":[1,2]}}".getBytes())))
                .hasMessageContaining("field 'forceN'")
                .hasMessageContaining("allowed: an array of 3 numbers");
    }

    /** A feed on an in-memory bus with a fake clock, the descriptor already published. */
    private static final class Fed {
        final FakeBus bus = new FakeBus();
        final long[] now = {0};
        final List<armature.safety.SensorGuard> guards;
        final SensorFeed feed;

        Fed(String limits, String descriptor) {
            guards =
                    armature.safety.SensorLimits.parse("sensorLimits", limits).stream()
                            .map(l -> new armature.safety.SensorGuard(l, () -> now[0]))
                            .toList();
            feed = new SensorFeed(bus, guards);
            feed.subscribe();
            bus.publish(json(FT1.descriptor(), descriptor));
        }

        armature.safety.SensorGuard.Condition condition(int i) {
            return guards.get(i).condition(now[0]);
        }
    }

    @Test
    void aRetainedSampleIsCountedInvalidAndNeverRevivesAGuard() {
        Fed f = new Fed("ft1.forceN[2] <= 40 maxAge=100ms", DESCRIPTOR);
        armature.safety.SensorGuard g = f.guards.get(0);
        f.bus.publish(sample(0, 0, 10));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.OK);
        f.now[0] = 200_000_000L;
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.STALE);

        // After a reconnect the broker replays the dead sensor's last sample as retained.
        Message retained =
                Message.builder(FT1.samples())
                        .payload(sample(0, 0, 10).payload())
                        .contentType(ContentTypes.JSON)
                        .retained(true)
                        .build();
        f.bus.publish(retained);
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.STALE);
        assertThat(g.samples()).isEqualTo(1);
        assertThat(g.invalidSamples()).isEqualTo(1);
        assertThat(g.lastInvalid()).isEqualTo("retained sample; allowed: not retained");
        f.feed.close();
    }

    @Test
    void anInvalidSampleStillFeedsAReadableGuardedValueAndAnUnreadableOneIsStaleAtOnce() {
        Fed f = new Fed("ft1.forceN[2] <= 40 hysteresis=5 maxAge=1s", DESCRIPTOR);
        armature.safety.SensorGuard g = f.guards.get(0);
        f.bus.publish(sample(0, 0, 10));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.OK);

        // Saturated: above the descriptor's max of 200, invalid, but it breaks the bound now.
        f.bus.publish(sample(0, 0, 500));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.EXCEEDED);
        assertThat(g.invalidSamples()).isEqualTo(1);
        assertThat(g.lastInvalid()).contains("field 'forceN'[2] = 500.0");

        // Back inside, with a bad unrelated element: the guarded one is read.
        f.bus.publish(json(FT1.samples(), "{\"values\":{\"forceN\":[\"x\",0,20]}}"));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.OK);
        assertThat(g.invalidSamples()).isEqualTo(2);
        assertThat(g.lastValue()).isEqualTo(20.0);

        // The guarded element is not a number: stale at once, not after a second.
        f.bus.publish(json(FT1.samples(), "{\"values\":{\"forceN\":[0,0,\"x\"]}}"));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.STALE);
        assertThat(g.staleReason(0)).contains("ft1.forceN[2]").contains("element [2] = x");
        f.bus.publish(sample(0, 0, 10));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.OK);

        // The guarded field missing: stale at once.
        f.bus.publish(json(FT1.samples(), "{\"values\":{}}"));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.STALE);
        assertThat(g.staleReason(0)).contains("field 'forceN' is missing");
        assertThat(g.invalidSamples()).isEqualTo(4);
        f.feed.close();
    }

    @Test
    void aDescriptorThatChangesTheGuardedFieldsUnitMakesTheGuardStale() {
        Fed f = new Fed("ft1.forceN[2] <= 40 maxAge=1s", DESCRIPTOR);
        f.bus.publish(sample(0, 0, 10));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.OK);

        f.bus.publish(
                json(FT1.descriptor(), DESCRIPTOR.replace("\"unit\":\"N\"", "\"unit\":\"kN\"")));
        f.bus.publish(sample(0, 0, 0.01));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.STALE);
        assertThat(f.guards.get(0).staleReason(0))
                .contains("field 'forceN' unit changed from 'N' to 'kN'")
                .contains("allowed: 'N'");

        f.bus.publish(json(FT1.descriptor(), DESCRIPTOR));
        f.bus.publish(sample(0, 0, 10));
        assertThat(f.condition(0)).isEqualTo(armature.safety.SensorGuard.Condition.OK);
        f.feed.close();
    }

    private long refusedSensorHold(FakeBus bus) {
        Map<?, ?> stats = doc(bus.last(LOOP.statistics()));
        if (stats == null) {
            return 0;
        }
        return ((Number) ((Map<?, ?>) stats.get("supervisor")).get("refusedSensorHold"))
                .longValue();
    }

    private Map<?, ?> firstLimitStatistics(FakeBus bus) {
        Map<?, ?> s = (Map<?, ?>) doc(bus.last(LOOP.statistics())).get("supervisor");
        return (Map<?, ?>) ((List<?>) s.get("sensorLimits")).get(0);
    }

    private Map<?, ?> supervisorDoc(FakeBus bus) {
        Map<?, ?> d = doc(bus.last(LOOP.supervisor()));
        return d == null ? Map.of() : d;
    }

    private Map<?, ?> doc(Message m) {
        return m == null || m.payload().length == 0 ? null : json.decode(m.payload(), Map.class);
    }

    private static String events(FakeBus bus) {
        StringBuilder sb = new StringBuilder();
        for (Message m : bus.on(LOOP.events())) {
            sb.append(m.payloadAsString()).append('\n');
        }
        return sb.toString();
    }

    private static Message json(String topic, String text) {
        return Message.builder(topic)
                .payload(text.getBytes(StandardCharsets.UTF_8))
                .contentType(ContentTypes.JSON)
                .build();
    }

    private static Message sample(double x, double y, double z) {
        return json(FT1.samples(), "{\"values\":{\"forceN\":[" + x + "," + y + "," + z + "]}}");
    }

    private static Message command(long epoch, long seq, double... values) {
        byte[] buf = new byte[256];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, values.length)
                        .epoch(epoch)
                        .sequence(seq)
                        .putChannel(values)
                        .finish();
        return Message.builder(LOOP.command("policy"))
                .payload(Arrays.copyOf(buf, len))
                .contentType(ContentTypes.FRAME)
                .expiry(Duration.ofSeconds(1))
                .build();
    }

    /** Polls (2 ms apart) until the condition holds; fails after 10 s. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after 10 s waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
