package armature.driver.dynamixel.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.HealthState;
import armature.driver.api.JointDriver;
import armature.driver.dynamixel.emulator.PtyEmulatorServer;
import armature.driver.dynamixel.emulator.PtyPair;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DS component, built as SCR would (configuration annotation, public constructor), against the
 * independent emulator over a real socat pty pair. 500 ms host allowance, as in the chain's pty
 * tests, so a loaded 2-core machine does not cause false failures. Position tolerance: 2 mrad (the
 * position quantum is 1.5 mrad).
 */
class DynamixelDriverComponentPtyTest {
    private static final int BAUD = 1_000_000;
    private static final double POSITION_TOLERANCE_RAD = 0.002;

    @TempDir Path dir;
    private PtyPair pty;
    private ServoChainEmulator emulator;
    private PtyEmulatorServer server;

    @BeforeEach
    void start() throws Exception {
        if (PtyPair.findSocat() == null) {
            String msg =
                    "socat is not installed; pty tests need it (Debian: apt-get install -y socat)";
            if (System.getenv("CI") != null) {
                fail(msg + " [CI is set, so this is an error]");
            }
            assumeTrue(false, msg);
        }
        pty = PtyPair.start(dir, 5, TimeUnit.SECONDS);
        emulator = new ServoChainEmulator(new int[] {1, 2, 3}, BAUD, 0, 0.010, System::nanoTime);
        server = new PtyEmulatorServer(pty.devicePath(), BAUD, emulator).start();
        assertThat(server.awaitOpen(5, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private DynamixelDriverConfig config(int... ids) {
        Map<String, Object> m = new HashMap<>();
        m.put("port", pty.hostPath());
        m.put("baudRate", BAUD);
        m.put("ids", ids);
        String[] names = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            names[i] = "finger" + ids[i];
        }
        m.put("jointNames", names);
        m.put("hostLatencyMicros", 500_000);
        m.put("watchdogMillis", 100);
        return Configs.of(DynamixelDriverConfig.class, m);
    }

    @Test
    void activationArmsTheWatchdogAndTheDriverFollowsPositionGoals() throws Exception {
        DynamixelDriverComponent c = new DynamixelDriverComponent(config(1, 2, 3));
        try {
            for (int id = 1; id <= 3; id++) {
                assertThat(emulator.busWatchdogRaw(id)).as("servo %d", id).isEqualTo(5);
            }
            assertThat(c.joints())
                    .extracting(j -> j.name())
                    .containsExactly("finger1", "finger2", "finger3");
            double[] p = new double[3];
            double[] v = new double[3];
            double[] e = new double[3];
            double[] t = new double[3];
            int[] f = new int[3];
            c.readState(p, v, e, t, f);
            assertThat(f).containsOnly(0);
            assertThat(c.health().state()).isEqualTo(HealthState.OK);

            double[] goal = {0.3, -0.2, 0.1};
            c.write(DriverCommandMode.POSITION, goal, null);
            for (int id = 1; id <= 3; id++) {
                assertThat(emulator.torqueEnabled(id)).isTrue();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!near(p, goal)) {
                if (System.nanoTime() - deadline > 0) {
                    fail("joints did not reach " + java.util.Arrays.toString(goal));
                }
                // Writing keeps the bus watchdog fed, as the control loop does every tick.
                c.write(DriverCommandMode.POSITION, goal, null);
                c.readState(p, v, e, t, f);
            }
            c.torqueOff();
            for (int id = 1; id <= 3; id++) {
                assertThat(emulator.torqueEnabled(id)).isFalse();
            }
            assertThatThrownBy(() -> c.write(DriverCommandMode.EFFORT, goal, null))
                    .hasMessage("mode = EFFORT; allowed: POSITION");
        } finally {
            c.deactivate();
        }
    }

    @Test
    void missingServoFailsActivationNamingItsId() {
        assertThatThrownBy(() -> new DynamixelDriverComponent(config(1, 2, 9)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("servo ids [9]");
    }

    @Test
    void silentServoShowsAsNoReplyAndDegradedHealth() throws Exception {
        DynamixelDriverComponent c = new DynamixelDriverComponent(config(1, 2, 3));
        try {
            emulator.setResponding(2, false);
            double[] p = new double[3];
            int[] f = new int[3];
            c.readState(p, new double[3], new double[3], new double[3], f);
            assertThat(f[1] & JointDriver.ERROR_NO_REPLY).isNotZero();
            assertThat(p[1]).isNaN();
            assertThat(f[0]).isZero();
            assertThat(c.health().state()).isEqualTo(HealthState.DEGRADED);
            assertThat(c.health().message()).contains("[2]");
        } finally {
            c.deactivate();
        }
    }

    /** A servo that keeps dropping off and coming back warns once a minute, not every time. */
    @Test
    void aFlappingServoWarnsOnceAMinuteNotAtEveryReturn() throws Exception {
        Logger jul = Logger.getLogger(DynamixelJointDriver.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler =
                new Handler() {
                    @Override
                    public void publish(LogRecord r) {
                        if (r.getLevel() == Level.WARNING) {
                            warnings.add(r.getMessage());
                        }
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        jul.addHandler(handler);
        DynamixelDriverComponent c = new DynamixelDriverComponent(config(1, 2, 3));
        try {
            int[] f = new int[3];
            for (int flap = 0; flap < 4; flap++) {
                emulator.setResponding(2, false);
                read(c, f);
                assertThat(f[1] & JointDriver.ERROR_NO_REPLY).isNotZero();
                emulator.setResponding(2, true);
                read(c, f); // set up again; this reading is not used yet
                read(c, f);
                assertThat(f[1]).as("flags of servo 2 after return %d", flap).isZero();
            }
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("servo id 2").contains("answers again");
        } finally {
            jul.removeHandler(handler);
            c.deactivate();
        }
    }

    private static void read(DynamixelDriverComponent c, int[] flags) {
        c.readState(new double[3], new double[3], new double[3], new double[3], flags);
    }

    private static boolean near(double[] p, double[] goal) {
        for (int i = 0; i < p.length; i++) {
            if (!(Math.abs(p[i] - goal[i]) <= POSITION_TOLERANCE_RAD)) {
                return false;
            }
        }
        return true;
    }
}
