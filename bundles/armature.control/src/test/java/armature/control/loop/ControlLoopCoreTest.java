package armature.control.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.driver.api.DriverCommandMode;
import armature.safety.Command;
import armature.safety.CommandMode;
import armature.safety.SafetyEvent;
import armature.safety.WatchdogState;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The loop core stepped by hand on a fake clock (500 Hz, 2 joints); no threads, no sleeps. */
class ControlLoopCoreTest {
    private static final double DT = LoopRig.PERIOD_NANOS / 1e9;

    /** The shaper bounds each step by vmax * dt; allow rounding. */
    private static final double STEP_TOLERANCE_RAD = 1e-9;

    @Test
    void publishesMeasuredStateEveryTickWithTheCurrentEpoch() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.1, -0.2);
        rig.core.attachDriver(d);
        rig.ticks(3);
        assertThat(rig.frames).isEqualTo(3);
        FrameReader r = new FrameReader().wrap(rig.lastFrame);
        assertThat(r.kind()).isEqualTo(FrameKind.JOINT_STATE);
        assertThat(r.channels()).isEqualTo(3);
        assertThat(r.get(0, 0)).isEqualTo(0.1);
        assertThat(r.get(0, 1)).isEqualTo(-0.2);
        assertThat(r.timestampNs()).isEqualTo(rig.nowNanos);
        assertThat(r.epoch()).isEqualTo(rig.supervisor.currentEpoch());
    }

    @Test
    void commandMovesJointsWithinTheVelocityBoundAndConverges() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        rig.tick();
        long epoch = rig.frameEpoch();
        double[] previous = {0.0, 0.0};
        for (int k = 1; k <= 600; k++) {
            // A fresh command every tick keeps the watchdog fed.
            rig.inbox.offer(Command.of(epoch, k, CommandMode.POSITION, 0.5, -0.3));
            rig.tick();
            for (int j = 0; j < 2; j++) {
                assertThat(Math.abs(d.positionRad[j] - previous[j]))
                        .as("tick %d joint %d", k, j)
                        .isLessThanOrEqualTo(
                                LoopRig.MAX_VELOCITY_RAD_PER_SEC * DT + STEP_TOLERANCE_RAD);
                previous[j] = d.positionRad[j];
            }
        }
        assertThat(d.positionRad[0]).isCloseTo(0.5, within(1e-9));
        assertThat(d.positionRad[1]).isCloseTo(-0.3, within(1e-9));
        assertThat(rig.supervisor.statistics().commandsApplied()).isEqualTo(600);
        assertThat(rig.supervisor.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
    }

    @Test
    void invalidCommandNeverReachesTheDriverAndTheLoopHolds() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        rig.tick();
        long epoch = rig.frameEpoch();
        rig.inbox.offer(Command.of(epoch, 1, CommandMode.POSITION, 0.2, 0.2));
        rig.ticks(5);
        double[] before = d.positionRad.clone();
        rig.inbox.offer(Command.of(epoch, 2, CommandMode.POSITION, Double.NaN, 9.0));
        rig.ticks(200);
        assertThat(rig.count(SafetyEvent.Type.COMMAND_REJECTED)).isEqualTo(1);
        for (double[] w : d.writes) {
            for (double v : w) {
                assertThat(v).isFinite().isBetween(-2.0, 2.0);
            }
        }
        // Holding brakes from the speed reached after 5 ticks: at most v^2/(2a) further.
        double maxBrakeRad =
                Math.pow(LoopRig.MAX_VELOCITY_RAD_PER_SEC, 2)
                        / (2 * LoopRig.MAX_ACCELERATION_RAD_PER_SEC2);
        assertThat(Math.abs(d.positionRad[0] - before[0])).isLessThanOrEqualTo(maxBrakeRad);
        assertThat(rig.supervisor.watchdogState()).isNotEqualTo(WatchdogState.ACTIVE);
    }

    @Test
    void expiredCommandFrameIsRejectedByTheSupervisor() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        rig.tick();
        byte[] frame = commandFrame(rig.frameEpoch(), 1, 0.4, 0.4);
        CommandFrames frames = new CommandFrames();
        // Received now with 1 ms left of its MQTT expiry; the loop only sees it 2 ms later.
        rig.inbox.offer(frames.decode("op", frame, null, Duration.ofMillis(1), rig.nowNanos));
        rig.tick();
        assertThat(rig.count(SafetyEvent.Type.COMMAND_EXPIRED)).isEqualTo(1);
        assertThat(rig.supervisor.statistics().commandsApplied()).isZero();
        assertThat(d.positionRad).containsExactly(0.0, 0.0);
    }

    @Test
    void safeStateTurnsTorqueOffOnceNotEveryTick() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        rig.ticks(50);
        assertThat(rig.supervisor.watchdogState()).isEqualTo(WatchdogState.SAFE_STATE);
        assertThat(d.torqueOffCalls).isEqualTo(1);
        assertThat(d.writes).isEmpty();
    }

    @Test
    void eStopLatchesUntilAcknowledgedAndReset() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        rig.tick();
        long epoch = rig.frameEpoch();
        rig.inbox.offer(Command.of(epoch, 1, CommandMode.POSITION, 0.1, 0.1));
        rig.tick();
        assertThat(d.torqueOn).isTrue();
        rig.supervisor.triggerEStop("test");
        rig.inbox.offer(Command.of(epoch, 2, CommandMode.POSITION, 0.3, 0.3));
        rig.tick();
        assertThat(d.torqueOn).isFalse();
        assertThat(rig.count(SafetyEvent.Type.ESTOP_LATCHED)).isEqualTo(1);
        assertThat(rig.count(SafetyEvent.Type.COMMAND_REFUSED_ESTOP)).isEqualTo(1);
        rig.supervisor.acknowledgeEStop("operator");
        rig.supervisor.resetEStop("operator");
        rig.inbox.offer(Command.of(epoch, 3, CommandMode.POSITION, 0.3, 0.3));
        rig.tick();
        assertThat(d.torqueOn).isTrue();
        assertThat(rig.count(SafetyEvent.Type.ESTOP_RESET)).isEqualTo(1);
    }

    @Test
    void driverExceptionIsReportedAndTheLoopKeepsTicking() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        d.failReads = new IllegalStateException("port gone");
        rig.ticks(3);
        assertThat(rig.problems).hasSize(3).allMatch(p -> p.contains("port gone"));
        assertThat(rig.core.counters().driverFaults()).isEqualTo(3);
        assertThat(rig.count(SafetyEvent.Type.MEASURED_STATE_INVALID)).isEqualTo(1);
    }

    @Test
    void infiniteReadingBecomesNoReadingAndTheLoopHolds() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, Double.POSITIVE_INFINITY);
        rig.core.attachDriver(d);
        rig.ticks(2);
        assertThat(rig.framePosition(1)).isNaN();
        assertThat(rig.problems).anyMatch(p -> p.contains("infinite"));
        assertThat(rig.count(SafetyEvent.Type.MEASURED_STATE_INVALID)).isEqualTo(1);
        assertThat(new FrameReader().wrap(rig.lastFrame).sequence()).isEqualTo(2);
    }

    @Test
    void effortOutputOnAPositionOnlyDriverHoldsInstead() {
        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        rig.tick();
        rig.inbox.offer(Command.of(rig.frameEpoch(), 1, CommandMode.EFFORT, 0.1, 0.1));
        rig.ticks(2);
        assertThat(d.holdCalls).isEqualTo(1);
        assertThat(rig.core.counters().unsupportedOutputTicks()).isEqualTo(2);
        assertThat(rig.problems).anyMatch(p -> p.contains("EFFORT"));
    }

    @Test
    void driverWithOtherJointsIsRefusedWithBothLists() {
        LoopRig rig = new LoopRig(2);
        FakeDriver three =
                new FakeDriver(rig, EnumSet.of(DriverCommandMode.POSITION), 0.0, 0.0, 0.0);
        assertThatThrownBy(() -> rig.core.attachDriver(three))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[j0, j1, j2]")
                .hasMessageContaining("[j0, j1]");
        assertThat(rig.core.hasDriver()).isFalse();
    }

    @Test
    void commandFrameDecodingNamesTheProblem() {
        CommandFrames frames = new CommandFrames();
        Command c = frames.decode("op", commandFrame(3, 7, 0.1, 0.2), "velocity", null, 100);
        assertThat(c.sender()).isEqualTo("op");
        assertThat(c.epoch()).isEqualTo(3);
        assertThat(c.sequence()).isEqualTo(7);
        assertThat(c.mode()).isEqualTo(CommandMode.VELOCITY);
        assertThat(c.values()).containsExactly(0.1, 0.2);
        assertThat(c.hasExpiry()).isFalse();
        assertThatThrownBy(() -> frames.decode("op", commandFrame(3, 8, 0.1), "torque", null, 0))
                .hasMessageContaining("armature-command-mode = 'torque'");
        assertThatThrownBy(() -> frames.decode("op", new byte[] {1, 2, 3}, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("command frame:");
    }

    @Test
    void theUncertaintyPropertyIsReadAndAMalformedOneRefusesTheFrame() {
        CommandFrames frames = new CommandFrames();
        byte[] f = commandFrame(3, 7, 0.1, 0.2);
        assertThat(frames.decode("op", f, null, "0.125", null, 0).uncertainty()).isEqualTo(0.125);
        assertThat(frames.decode("op", f, null, "1.5e-3", null, 0).uncertainty()).isEqualTo(0.0015);
        assertThat(frames.decode("op", f, null, "0", null, 0).uncertainty()).isZero();
        assertThat(frames.decode("op", f, null, null, null, 0).hasUncertainty()).isFalse();
        for (String bad :
                new String[] {"", "-0.1", "NaN", "Infinity", "1e999", "0x1p3", " 0.1", "high"}) {
            assertThatThrownBy(() -> frames.decode("op", f, null, bad, null, 0))
                    .as("'" + bad + "'")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("armature-uncertainty = '" + bad + "'")
                    .hasMessageContaining("allowed: a finite decimal number >= 0");
        }
    }

    @Test
    void float32CommandFramesAreDecodedAndApplied() {
        CommandFrames frames = new CommandFrames();
        byte[] f32 = commandFrame(ElementType.FLOAT32, 5, 9, 0.25, -0.5);
        Command c = frames.decode("op", f32, "position", null, 0);
        assertThat(c.values()).containsExactly(0.25, -0.5);
        assertThat(c.epoch()).isEqualTo(5);

        LoopRig rig = new LoopRig(2);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(d);
        rig.tick();
        long epoch = rig.frameEpoch();
        for (int k = 1; k <= 400; k++) {
            rig.inbox.offer(
                    frames.decode(
                            "op",
                            commandFrame(ElementType.FLOAT32, epoch, k, 0.25, -0.5),
                            null,
                            null,
                            rig.nowNanos));
            rig.tick();
        }
        assertThat(rig.supervisor.statistics().commandsApplied()).isEqualTo(400);
        assertThat(d.positionRad[0]).isCloseTo(0.25, within(1e-6));
        assertThat(d.positionRad[1]).isCloseTo(-0.5, within(1e-6));
    }

    static byte[] commandFrame(long epoch, long sequence, double... values) {
        return commandFrame(ElementType.FLOAT64, epoch, sequence, values);
    }

    static byte[] commandFrame(ElementType type, long epoch, long sequence, double... values) {
        byte[] buf = new byte[1024];
        int len =
                new FrameWriter()
                        .wrap(buf, 0)
                        .begin(FrameKind.JOINT_COMMAND, type, 1, values.length)
                        .epoch(epoch)
                        .sequence(sequence)
                        .putChannel(values)
                        .finish();
        return java.util.Arrays.copyOf(buf, len);
    }
}
