package armature.control.component;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.JsonCodec;
import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DriverPresenceComponentTest {
    private static final String TOPIC = "armature/v1/c1/drivers/hand_left/health";
    private final JsonCodec json = new JsonCodec();

    @Test
    void birthHealthChangesAndDeathOfADriver() throws Exception {
        FakeBus bus = new FakeBus();
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        bus.subscribe("armature/v1/c1/drivers/+/health", Qos.AT_LEAST_ONCE, seen::add);
        HealthyDriver driver = new HealthyDriver();
        DriverPresenceComponent presence = new DriverPresenceComponent(bus);
        try {
            // '/' in a configured name must not open new topic levels.
            presence.addDriver(
                    driver, Map.of(JointDriver.NAME_PROPERTY, "hand/left", "service.id", 7L));

            Message birth = next(seen);
            assertThat(birth.topic()).isEqualTo(TOPIC);
            assertThat(birth.retained()).isTrue();
            Map<?, ?> doc = json.decode(birth.payload(), Map.class);
            assertThat(doc.get("driver")).isEqualTo("hand_left");
            assertThat(doc.get("state")).isEqualTo("OK");
            List<?> joints = (List<?>) doc.get("joints");
            assertThat(joints).hasSize(1);
            Map<?, ?> joint = (Map<?, ?>) joints.get(0);
            assertThat(joint.get("name")).isEqualTo("j0");
            assertThat(joint.get("maxVelocityRadPerSec")).isNull(); // unbounded: null, not Infinity
            assertThat(joint.get("modes")).isEqualTo(List.of("POSITION"));

            driver.health = new DriverHealth(HealthState.DISCONNECTED, "port /dev/ttyUSB0 lost");
            Message change = next(seen);
            Map<?, ?> changed = json.decode(change.payload(), Map.class);
            assertThat(changed.get("state")).isEqualTo("DISCONNECTED");
            assertThat(changed.get("message")).isEqualTo("port /dev/ttyUSB0 lost");

            presence.removeDriver(driver);
            Message death = next(seen);
            assertThat(death.retained()).isFalse();
            assertThat(json.decode(death.payload(), Map.class).get("state")).isEqualTo("GONE");
            Message cleared = next(seen);
            assertThat(cleared.retained()).isTrue();
            assertThat(cleared.payload()).isEmpty();
        } finally {
            presence.deactivate();
        }
        // Unchanged health is not republished: exactly birth, one change, death, clear.
        assertThat(bus.published.stream().filter(m -> m.topic().equals(TOPIC))).hasSize(4);
    }

    @Test
    void aDriverWhoseHealthThrowsIsReportedAsFault() throws Exception {
        FakeBus bus = new FakeBus();
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        bus.subscribe("armature/v1/c1/drivers/+/health", Qos.AT_LEAST_ONCE, seen::add);
        HealthyDriver driver = new HealthyDriver();
        driver.fail = true;
        DriverPresenceComponent presence = new DriverPresenceComponent(bus);
        try {
            presence.addDriver(driver, Map.of("service.id", 42L));
            Message m = next(seen);
            assertThat(m.topic()).isEqualTo("armature/v1/c1/drivers/service-42/health");
            Map<?, ?> doc = json.decode(m.payload(), Map.class);
            assertThat(doc.get("state")).isEqualTo("FAULT");
            assertThat((String) doc.get("message")).contains("health() threw").contains("boom");
        } finally {
            presence.deactivate();
        }
    }

    @Test
    void aBirthTheBusCouldNotSendIsSentAgain() throws Exception {
        FakeBus bus = new FakeBus();
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        bus.subscribe("armature/v1/c1/drivers/+/health", Qos.AT_LEAST_ONCE, seen::add);
        bus.failNextPublishes.set(2);
        DriverPresenceComponent presence = new DriverPresenceComponent(bus);
        try {
            presence.addDriver(new HealthyDriver(), Map.of(JointDriver.NAME_PROPERTY, "late"));
            Message m = next(seen);
            assertThat(m.retained()).isTrue();
            assertThat(json.decode(m.payload(), Map.class).get("state")).isEqualTo("OK");
            assertThat(bus.failNextPublishes.get()).isZero();
        } finally {
            presence.deactivate();
        }
    }

    private static Message next(BlockingQueue<Message> q) throws InterruptedException {
        Message m = q.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a presence message within 10 s").isNotNull();
        return m;
    }

    private static final class HealthyDriver implements JointDriver {
        volatile DriverHealth health = DriverHealth.ok();
        volatile boolean fail;

        @Override
        public List<JointDescription> joints() {
            return List.of(
                    new JointDescription(
                            "j0",
                            -1,
                            1,
                            Double.POSITIVE_INFINITY,
                            2.0,
                            "Nm",
                            EnumSet.of(DriverCommandMode.POSITION)));
        }

        @Override
        public long readState(
                double[] positionRad,
                double[] velocityRadPerSec,
                double[] effort,
                double[] temperatureDegC,
                int[] errorFlags) {
            throw new AssertionError("presence must never read state (loop thread only)");
        }

        @Override
        public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
            throw new AssertionError("presence must never write");
        }

        @Override
        public void hold() {
            throw new AssertionError("presence must never hold");
        }

        @Override
        public void torqueOff() {
            throw new AssertionError("presence must never switch torque");
        }

        @Override
        public DriverHealth health() {
            if (fail) {
                throw new IllegalStateException("boom");
            }
            return health;
        }
    }
}
