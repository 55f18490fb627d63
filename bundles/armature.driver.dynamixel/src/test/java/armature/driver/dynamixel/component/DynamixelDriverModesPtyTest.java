package armature.driver.dynamixel.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.HealthState;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.driver.dynamixel.emulator.PtyEmulatorServer;
import armature.driver.dynamixel.emulator.PtyPair;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import armature.driver.dynamixel.emulator.WriteFailure;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command modes, effort units and temperature through the JointDriver SPI: the DS component as SCR
 * builds it, against the emulator over a real socat pty pair (3 servos, 1 Mbps, 500 ms host
 * allowance). Tolerances: velocity 0.03 rad/s (quantum 0.024), current 2 quanta of 2.69 mA.
 */
class DynamixelDriverModesPtyTest {
    private static final int BAUD = 1_000_000;
    private static final double KT_NM_PER_AMP = 1.5;

    @TempDir Path dir;
    private PtyPair pty;
    private ServoChainEmulator emulator;
    private PtyEmulatorServer server;
    private DynamixelDriverComponent driver;
    private final double[] p = new double[3];
    private final double[] v = new double[3];
    private final double[] e = new double[3];
    private final double[] t = new double[3];
    private final int[] f = new int[3];

    @BeforeEach
    void start() throws Exception {
        if (PtyPair.findSocat() == null) {
            String msg = "socat is not installed; pty tests need it (apt-get install -y socat)";
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
        if (driver != null) {
            driver.deactivate();
        }
        if (server != null) {
            server.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private DynamixelDriverComponent activate(Map<String, Object> extra) throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("port", pty.hostPath());
        m.put("baudRate", BAUD);
        m.put("ids", new int[] {1, 2, 3});
        m.put("jointNames", new String[] {"finger1", "finger2", "finger3"});
        m.put("hostLatencyMicros", 500_000);
        m.put("watchdogMillis", 0);
        m.putAll(extra);
        driver = new DynamixelDriverComponent(Configs.of(DynamixelDriverConfig.class, m));
        return driver;
    }

    private static Map<String, Object> allModesInNm() {
        return Map.of(
                "commandModes",
                new String[] {"POSITION", "VELOCITY", "EFFORT"},
                "torqueConstantsNmPerAmp",
                new double[] {KT_NM_PER_AMP, KT_NM_PER_AMP, KT_NM_PER_AMP});
    }

    private void read() {
        driver.readState(p, v, e, t, f);
    }

    /** Reads cycles (writing {@code keepWriting} first when given) until the condition holds. */
    private void cycleUntil(String what, BooleanSupplier done, Runnable keepWriting) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            if (keepWriting != null) {
                keepWriting.run();
            }
            read();
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what + "; flags " + java.util.Arrays.toString(f));
            }
        }
    }

    @Test
    void jointsDescribeConfiguredModesServoLimitsAndEffortUnit() throws Exception {
        JointDescription d = activate(allModesInNm()).joints().get(1);
        assertThat(d.supportedModes()).isEqualTo(EnumSet.allOf(DriverCommandMode.class));
        assertThat(d.effortUnit()).isEqualTo("Nm");
        // Current Limit 1193 x 2.69 mA x 1.5 Nm/A; Velocity Limit 200 x 0.229 rpm
        assertThat(d.maxEffort()).isCloseTo(1193 * 2.69e-3 * KT_NM_PER_AMP, within(1e-9));
        assertThat(d.maxVelocityRadPerSec())
                .isCloseTo(200 * 0.229 * 2 * Math.PI / 60, within(1e-9));
    }

    @Test
    void velocityCommandsSwitchModeAndMoveTheJointsThenPositionSwitchesBack() throws Exception {
        activate(allModesInNm());
        read();
        double[] goal = {0.5, -0.5, 0.0};
        driver.write(DriverCommandMode.VELOCITY, goal, null);
        for (int id = 1; id <= 3; id++) {
            assertThat(emulator.operatingMode(id)).isEqualTo(1);
        }
        cycleUntil(
                "velocities",
                () ->
                        Math.abs(v[0] - 0.5) < 0.03
                                && Math.abs(v[1] + 0.5) < 0.03
                                && Math.abs(v[2]) < 0.03,
                () -> driver.write(DriverCommandMode.VELOCITY, goal, null));
        assertThat(f).containsOnly(0);
        driver.write(DriverCommandMode.POSITION, new double[] {0.1, 0.1, 0.1}, null);
        for (int id = 1; id <= 3; id++) {
            assertThat(emulator.operatingMode(id)).isEqualTo(3);
            assertThat(emulator.torqueEnabled(id)).isTrue();
        }
    }

    @Test
    void effortIsInNewtonMetresAndClampedByTheEffortLimit() throws Exception {
        activate(allModesInNm());
        double[] goal = {0.3, 0.3, -0.3};
        double[] limit = {Double.NaN, 0.15, Double.POSITIVE_INFINITY};
        driver.write(DriverCommandMode.EFFORT, goal, limit);
        assertThat(emulator.operatingMode(2)).isZero();
        double tol = 2 * 2.69e-3 * KT_NM_PER_AMP;
        cycleUntil(
                "efforts",
                () ->
                        Math.abs(e[0] - 0.3) < tol
                                && Math.abs(e[1] - 0.15) < tol
                                && Math.abs(e[2] + 0.3) < tol,
                null);
        assertThat(emulator.goalCurrentRaw(2)).isEqualTo(Math.round(0.1 / 2.69e-3));
        assertThatThrownBy(
                        () -> driver.write(DriverCommandMode.EFFORT, goal, new double[] {0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("effortLimit[0] (joint 'finger1') = 0.0");
        assertThatThrownBy(
                        () -> driver.write(DriverCommandMode.EFFORT, new double[] {9, 0, 0}, null))
                .hasMessageContaining("values[0] (joint 'finger1', EFFORT) = 9.0");
    }

    @Test
    void currentBasedPositionPassesTheEffortLimitAsGoalCurrent() throws Exception {
        activate(Map.of("currentBasedPosition", true));
        read();
        driver.write(
                DriverCommandMode.POSITION,
                new double[] {0.2, 0.2, 0.2},
                new double[] {0.1, 0.1, Double.NaN});
        assertThat(emulator.operatingMode(1)).isEqualTo(5);
        assertThat(emulator.goalCurrentRaw(1)).isEqualTo(Math.round(0.1 / 2.69e-3));
        assertThat(emulator.goalCurrentRaw(3)).isEqualTo(1193);
        cycleUntil(
                "positions",
                () -> Math.abs(p[0] - 0.2) < 0.002 && Math.abs(p[2] - 0.2) < 0.002,
                null);
    }

    @Test
    void failedModeSwitchThrowsNamingTheJointAndSendsNoCommand() throws Exception {
        activate(allModesInNm());
        read();
        driver.write(DriverCommandMode.POSITION, p.clone(), null);
        emulator.failWrites(2, 11, WriteFailure.REFUSE);
        assertThatThrownBy(
                        () ->
                                driver.write(
                                        DriverCommandMode.VELOCITY,
                                        new double[] {0.5, 0.5, 0.5},
                                        null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("switch to VELOCITY mode failed")
                .hasMessageContaining("joint 'finger2' (id 2)")
                .hasMessageContaining("write Operating Mode = 1 failed")
                .hasMessageContaining("no command was sent");
        assertThat(emulator.goalVelocityRaw(1)).isZero();
        assertThat(emulator.goalVelocityRaw(3)).isZero();
        assertThat(emulator.torqueEnabled(2)).isFalse();
        read();
        assertThat(f[1]).isEqualTo(JointDriver.ERROR_TORQUE_LOST);
        assertThat(driver.health().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(driver.health().message()).contains("finger2");
        // The loop's answer to the exception is hold(): every joint back in position mode,
        // torque on, holding where it is.
        emulator.failWrites(2, 11, null);
        driver.hold();
        for (int id = 1; id <= 3; id++) {
            assertThat(emulator.operatingMode(id)).isEqualTo(3);
            assertThat(emulator.torqueEnabled(id)).isTrue();
        }
        read();
        assertThat(f).containsOnly(0);
        assertThat(driver.health().state()).isEqualTo(HealthState.OK);
    }

    @Test
    void unsupportedModeIsRejectedBeforeTouchingTheBus() throws Exception {
        activate(Map.of("commandModes", new String[] {"position", "effort"}));
        long before = emulator.instructionCount();
        assertThatThrownBy(() -> driver.write(DriverCommandMode.VELOCITY, new double[3], null))
                .hasMessage("mode = VELOCITY; allowed: POSITION, EFFORT");
        assertThat(emulator.instructionCount()).isEqualTo(before);
    }

    @Test
    void temperatureNearTheLimitRaisesOverheatingBeforeTheServoShutsDown() throws Exception {
        activate(Map.of());
        // the defaults: position only, effort in A
        assertThat(driver.joints().get(0).effortUnit()).isEqualTo("A");
        assertThat(driver.joints().get(0).supportedModes())
                .containsExactly(DriverCommandMode.POSITION);
        emulator.setTemperatureDegC(3, 77); // limit 80, default margin 5
        read();
        assertThat(t[2]).isEqualTo(77.0);
        assertThat(t[0]).isEqualTo(36.0);
        assertThat(f).containsExactly(0, 0, JointDriver.ERROR_OVERHEATING);
        assertThat(driver.health().message())
                .contains("joint 'finger3' (servo 3) at 77 degC (limit 80 degC)");
    }

    @Test
    void currentHeatsTheServoUntilItsOverheatingAlarmTurnsTorqueOff() throws Exception {
        emulator.setThermalModel(36, 30, 1000);
        activate(Map.of("commandModes", new String[] {"EFFORT"}, "overheatMarginDegC", 15));
        double[] amps = {1.3, 0, 0};
        boolean[] warnedFirst = new boolean[1];
        cycleUntil(
                "the overheating shutdown",
                () -> {
                    if (f[0] == JointDriver.ERROR_OVERHEATING) {
                        warnedFirst[0] = true;
                    }
                    return (f[0] & JointDriver.ERROR_HARDWARE) != 0;
                },
                () -> driver.write(DriverCommandMode.EFFORT, amps, null));
        assertThat(warnedFirst[0]).as("warning before the alarm").isTrue();
        assertThat(f[0])
                .isEqualTo(
                        JointDriver.ERROR_HARDWARE
                                | JointDriver.ERROR_OVERHEATING
                                | JointDriver.ERROR_TORQUE_LOST);
        assertThat(t[0]).isGreaterThanOrEqualTo(80.0);
        assertThat(e[0]).isZero();
        assertThat(f[1]).isZero();
        assertThat(driver.health().message()).contains("finger1").contains("OVERHEATING");
    }

    @Test
    void holdFromCurrentModeGoesBackToPositionModeWhereTheJointIs() throws Exception {
        activate(allModesInNm());
        driver.write(DriverCommandMode.EFFORT, new double[] {0.1, 0, 0}, null);
        read();
        double heldRad = p[0];
        driver.hold();
        read(); // the hold's sync write is handled before this read's reply
        for (int id = 1; id <= 3; id++) {
            assertThat(emulator.operatingMode(id)).isEqualTo(3);
            assertThat(emulator.torqueEnabled(id)).isTrue();
        }
        // The hold goal is the last reading (servo 1 was spinning under 0.1 Nm of current).
        assertThat(emulator.goalPositionRaw(1))
                .isEqualTo(2048 + Math.round(heldRad / (2 * Math.PI / 4096)));
    }

    @Test
    void velocityThatWouldLeaveTheWindowIsZeroed() throws Exception {
        activate(
                Map.of(
                        "commandModes", new String[] {"VELOCITY"},
                        "minPositionRad", new double[] {-0.5, -0.5, -0.5},
                        "maxPositionRad", new double[] {0.5, 0.5, 0.5}));
        emulator.placeAt(1, 2048 + 400); // 0.61 rad, beyond the 0.5 rad window
        read();
        driver.write(DriverCommandMode.VELOCITY, new double[] {0.3, 0.3, -0.3}, null);
        read(); // the sync write is handled before this read's reply
        assertThat(emulator.goalVelocityRaw(1)).isZero(); // outward: refused
        assertThat(emulator.goalVelocityRaw(2)).isEqualTo(13); // inside: passed on
        driver.write(DriverCommandMode.VELOCITY, new double[] {-0.3, 0.3, -0.3}, null);
        read();
        assertThat(emulator.goalVelocityRaw(1)).isEqualTo(-13); // back inward: allowed
    }
}
