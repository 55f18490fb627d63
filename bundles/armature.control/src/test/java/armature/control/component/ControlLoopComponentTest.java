package armature.control.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.control.loop.FakeDriver;
import armature.driver.api.DriverCommandMode;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DS component with its real loop thread (200 Hz) on an in-memory bus and a fake driver: wiring
 * of topics, command frames, e-stop requests, statistics and the wear file. Waits poll a condition
 * with a timeout; nothing is timed.
 */
class ControlLoopComponentTest {
    private static final String BASE = "armature/v1/c1/control/hand";

    @TempDir Path dir;

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
        m.put("wearFile", dir.resolve("wear.json").toString());
        m.putAll(extra);
        return Configs.of(ControlConfig.class, m);
    }

    @Test
    void commandsFromTheBusMoveTheDriverAndEStopRequestsLatch() throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent c = new ControlLoopComponent(bus, config(Map.of()), null);
        FakeDriver d = FakeDriver.position(System::nanoTime, 0.0, 0.0);
        try {
            c.bindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "fake"));
            await("a state frame", () -> bus.last(BASE + "/state") != null);
            assertThat(bus.last(BASE + "/state/schema").retained()).isTrue();
            Message state = bus.last(BASE + "/state");
            assertThat(state.contentType()).isEqualTo(ContentTypes.FRAME);
            long epoch = new FrameReader().wrap(state.payload()).epoch();

            long[] seq = {0};
            await(
                    "joints at the commanded pose",
                    () -> {
                        bus.publish(command(epoch, ++seq[0], 0.2, -0.1));
                        return Math.abs(d.positionRad[0] - 0.2) < 1e-9
                                && Math.abs(d.positionRad[1] + 0.1) < 1e-9;
                    });
            await("statistics", () -> bus.last(BASE + "/statistics") != null);
            assertThat(bus.last(BASE + "/statistics").payloadAsString())
                    .contains("\"latenessP99Nanos\"")
                    .contains("\"commandsApplied\"")
                    .contains("\"driverHealth\":{\"state\":\"OK\"")
                    .containsPattern(
                            "\"epochs\":\\[\\{\"epoch\":[0-9]+,\"driver\":\"fake\",\"offered\":[1-9]");

            bus.publish(
                    Message.builder(BASE + "/estop/request")
                            .payload("{\"action\":\"trip\",\"source\":\"test\"}")
                            .build());
            await(
                    "retained e-stop state LATCHED",
                    () -> {
                        Message m = bus.last(BASE + "/estop");
                        return m != null && m.payloadAsString().contains("LATCHED");
                    });
            await("torque off", () -> !d.torqueOn);
            await(
                    "ESTOP_LATCHED event",
                    () ->
                            bus.published.stream()
                                    .anyMatch(
                                            m ->
                                                    m.topic().equals(BASE + "/events")
                                                            && m.payloadAsString()
                                                                    .contains("ESTOP_LATCHED")));

            await("DRIVER_HEALTH event", () -> events(bus).contains("\"DRIVER_HEALTH\""));

            // Hot swap through the DS bind/unbind methods: a new epoch shows in the state frames.
            FakeDriver second = FakeDriver.position(System::nanoTime, 0.05, 0.05);
            c.bindDriver(second, Map.of(JointDriver.NAME_PROPERTY, "second"));
            c.unbindDriver(d, Map.of(JointDriver.NAME_PROPERTY, "fake"));
            await(
                    "a state frame of the new epoch",
                    () ->
                            new FrameReader().wrap(bus.last(BASE + "/state").payload()).epoch()
                                    == epoch + 1);
            await(
                    "attach and detach events",
                    () ->
                            events(bus).contains("driver 'second' attached")
                                    && events(bus).contains("driver 'fake' detached"));

            bus.publish(Message.builder(BASE + "/command").payload(new byte[] {1, 2}).build());
            await(
                    "malformed frame event",
                    () ->
                            bus.published.stream()
                                    .anyMatch(
                                            m ->
                                                    m.payloadAsString()
                                                            .contains("COMMAND_FRAME_MALFORMED")));
        } finally {
            c.deactivate();
        }
        assertThat(Files.readString(dir.resolve("wear.json"))).contains("\"j0\"");
    }

    @Test
    void aDriverThatMakesAConfiguredLimitLooseIsRefusedWithANamedEvent() throws Exception {
        FakeBus bus = new FakeBus();
        ControlLoopComponent c = new ControlLoopComponent(bus, config(Map.of()), null);
        try {
            FakeDriver slow =
                    FakeDriver.describing(
                            System::nanoTime,
                            List.of(joint("j0", 1.0), joint("j1", 5.0)),
                            0.0,
                            0.0);
            c.bindDriver(slow, Map.of(JointDriver.NAME_PROPERTY, "slow"));
            await("DRIVER_REFUSED event", () -> events(bus).contains("DRIVER_REFUSED"));
            assertThat(events(bus))
                    .contains(
                            "{\"type\":\"DRIVER_REFUSED\",\"driver\":\"slow\",\"joint\":\"j0\","
                                    + "\"field\":\"maxVelocityRadPerSec\",\"configured\":2.0,"
                                    + "\"driverValue\":1.0,\"message\":\"driver 'slow' refused: joint"
                                    + " 'j0' maxVelocityRadPerSec: configured 2.0 loosens 1.0 stated"
                                    + " by driver 'slow'");
            assertThat(slow.writes()).isEmpty();
        } finally {
            c.deactivate();
        }
    }

    private static JointDescription joint(String name, double maxVelocityRadPerSec) {
        return new JointDescription(
                name,
                -1,
                1,
                maxVelocityRadPerSec,
                Double.POSITIVE_INFINITY,
                "Nm",
                EnumSet.of(DriverCommandMode.POSITION));
    }

    @Test
    void invalidConfigurationNamesTheField() {
        FakeBus bus = new FakeBus();
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        bus,
                                        config(Map.of("maxEffort", new double[] {1, 1, 1})),
                                        null))
                .hasMessage(
                        "maxEffort has 3 values; allowed: none (from the robot description or"
                                + " driver), 1 (every joint) or 2 (one per joint name)");
        assertThatThrownBy(() -> new ControlLoopComponent(bus, config(Map.of("rateHz", 5.0)), null))
                .hasMessage("rateHz = 5.0; allowed: [50, 1000]");
        assertThatThrownBy(
                        () ->
                                new ControlLoopComponent(
                                        bus, config(Map.of("safeStateAction", "FLOP")), null))
                .hasMessageStartingWith("safeStateAction = 'FLOP'; allowed:");
    }

    private static String events(FakeBus bus) {
        StringBuilder sb = new StringBuilder();
        for (Message m : bus.published) {
            if (m.topic().equals(BASE + "/events")) {
                sb.append(m.payloadAsString()).append('\n');
            }
        }
        return sb.toString();
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
        return Message.builder(BASE + "/command")
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
