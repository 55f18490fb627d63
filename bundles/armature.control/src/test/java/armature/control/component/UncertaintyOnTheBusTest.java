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
import armature.control.api.UserProperties;
import armature.control.loop.FakeDriver;
import armature.driver.api.JointDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uncertainty property on command frames through the loop component (real loop thread, 200 Hz,
 * in-memory bus): the scale and its band show in the statistics, the retained supervisor document
 * and an event; a malformed value refuses the frame with an event naming it; a bad curve refuses
 * the configuration naming the key.
 */
class UncertaintyOnTheBusTest {
    private static final LoopTopics LOOP = ContainerTopics.of("c1").loop("hand");

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
    void theScaleInForceIsVisibleAndAMalformedValueRefusesTheFrame() throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent c = new ControlLoopComponent(bus, config(Map.of()), null, runtime);
        FakeDriver d = FakeDriver.position(System::nanoTime, 0.0, 0.0);
        try {
            c.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "fake"));
            await("a state frame", () -> bus.last(LOOP.state()) != null);
            long epoch = new FrameReader().wrap(bus.last(LOOP.state()).payload()).epoch();

            long[] seq = {0};
            await(
                    "statistics with the floor scale",
                    () -> {
                        bus.publish(command(epoch, ++seq[0], "0.6", 0.9, 0.0));
                        Map<?, ?> s = supervisorStatistics(bus);
                        return s != null && Double.valueOf(0.1).equals(s.get("velocityScale"));
                    });
            Map<?, ?> s = supervisorStatistics(bus);
            assertThat(s.get("uncertainty")).isEqualTo(0.6);
            assertThat(s.get("velocityScaleBand")).isEqualTo("uncertainty above 0.4");
            assertThat(((Number) s.get("commandsScaled")).longValue()).isPositive();
            await(
                    "a band event naming the sender",
                    () ->
                            events(bus).contains("\"type\":\"VELOCITY_SCALE_BAND\",")
                                    && events(bus).contains("\"field\":\"policy\""));
            assertThat(events(bus)).contains("velocity limits at 10 % of the configured ones");
            await(
                    "the retained supervisor document names the band",
                    () -> {
                        Map<?, ?> doc = doc(bus.last(LOOP.supervisor()));
                        return doc != null
                                && "uncertainty above 0.4".equals(doc.get("velocityScaleBand"))
                                && "policy".equals(doc.get("velocityScaleSender"));
                    });

            long malformed = ++seq[0];
            bus.publish(command(epoch, malformed, "very", 0.9, 0.0));
            await(
                    "COMMAND_FRAME_MALFORMED naming the property",
                    () -> events(bus).contains("armature-uncertainty = 'very'"));
            await(
                    "the refused frame counted",
                    () -> {
                        Map<?, ?> stats = doc(bus.last(LOOP.statistics()));
                        return stats != null
                                && ((Number) stats.get("malformedCommandFrames")).longValue() == 1;
                    });
            int published = bus.on(LOOP.statistics()).size();
            await("two more statistics", () -> bus.on(LOOP.statistics()).size() >= published + 2);
            assertThat(((Map<?, ?>) doc(bus.last(LOOP.supervisor())).get("senders")).get("policy"))
                    .as("the sender's floor: the malformed frame was never applied")
                    .isEqualTo(Long.toString(malformed - 1));
        } finally {
            c.deactivate();
        }
    }

    @Test
    void aCurveThatRisesIsRefusedNamingTheKey() {
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        new FakeBus(),
                                        config(Map.of("uncertaintyVelocityScale", "0.1:0.5 0.2:1")),
                                        null,
                                        runtime))
                .hasMessageContaining("uncertaintyVelocityScale point 2 (0.2:1.0)")
                .hasMessageContaining("more uncertainty must never allow more speed");
    }

    private Map<?, ?> supervisorStatistics(FakeBus bus) {
        Map<?, ?> stats = doc(bus.last(LOOP.statistics()));
        return stats == null ? null : (Map<?, ?>) stats.get("supervisor");
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

    private static Message command(long epoch, long seq, String uncertainty, double... values) {
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
                .userProperty(UserProperties.UNCERTAINTY, uncertainty)
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
