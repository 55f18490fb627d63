package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.safety.persist.WearStore;
import armature.safety.wear.JointWear;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetySupervisorTest {

    @Test
    void randomPositionCommandsAreShapedWithinEveryBoundAndConverge() {
        SplittableRandom r = new SplittableRandom(3);
        Rig rig = new Rig();
        rig.activate(0);
        double[] previousVelocity = new double[3];
        double[] target = {0, 0.5, 0.2};
        Output out = null;
        for (int k = 1; k <= 20_000; k++) {
            Command c = null;
            if (k % 10 == 0) {
                if (k < 15_000) {
                    for (int i = 0; i < 3; i++) {
                        JointLimits j = Rig.JOINTS.get(i);
                        // Up to 0.015 rad beyond each limit: accepted and clamped.
                        target[i] =
                                r.nextDouble(
                                        j.minPositionRad() - 0.015, j.maxPositionRad() + 0.015);
                    }
                }
                c = rig.position(target.clone());
            }
            out = rig.tickAtMs(k, c);
            assertThat(out.kind()).isEqualTo(OutputKind.POSITION);
            for (int i = 0; i < 3; i++) {
                JointLimits j = Rig.JOINTS.get(i);
                String where = "tick " + k + " joint " + j.name();
                assertThat(out.positionRad(i))
                        .as(where)
                        .isBetween(j.minPositionRad(), j.maxPositionRad());
                assertThat(Math.abs(out.velocityRadPerSec(i)))
                        .as(where)
                        .isLessThanOrEqualTo(j.maxVelocityRadPerSec() * (1 + 1e-9));
                double accel = (out.velocityRadPerSec(i) - previousVelocity[i]) / 0.001;
                assertThat(Math.abs(accel))
                        .as(where)
                        .isLessThanOrEqualTo(j.maxAccelerationRadPerSec2() * (1 + 1e-9));
                previousVelocity[i] = out.velocityRadPerSec(i);
            }
        }
        for (int i = 0; i < 3; i++) {
            JointLimits j = Rig.JOINTS.get(i);
            double clamped = Math.max(j.minPositionRad(), Math.min(j.maxPositionRad(), target[i]));
            assertThat(out.positionRad(i)).isEqualTo(clamped);
            assertThat(out.velocityRadPerSec(i)).isEqualTo(0.0);
        }
        assertThat(rig.supervisor.statistics().commandsRejected()).isZero();
    }

    @Test
    void smoothingIsOffByDefaultAndSlowsTheResponseWhenConfigured() {
        Rig sharp = new Rig();
        Rig smooth = new Rig(b -> b.smoothingTimeConstantSeconds(0.05));
        sharp.activate(0);
        smooth.activate(0);
        double sharpAt40 = 0;
        double smoothAt40 = 0;
        for (int k = 1; k <= 2000; k++) {
            // A 10 mrad step: small enough that the rate limiter alone would not slow it much.
            Command a = k % 50 == 1 ? sharp.position(0, 0.51, 0.2) : null;
            Command b = k % 50 == 1 ? smooth.position(0, 0.51, 0.2) : null;
            double ps = sharp.tickAtMs(k, a).positionRad(1);
            double pm = smooth.tickAtMs(k, b).positionRad(1);
            if (k == 40) {
                sharpAt40 = ps;
                smoothAt40 = pm;
            }
        }
        assertThat(sharpAt40).isEqualTo(0.51);
        // First-order lag after 40 ms with tau = 50 ms reaches at most 1 - exp(-0.8) = 55 %.
        assertThat(smoothAt40).isLessThan(0.5 + 0.01 * 0.56);
        assertThat(sharp.supervisor.tick(2001 * Rig.MS, sharp.measured, null).positionRad(1))
                .isEqualTo(0.51);
        assertThat(smooth.supervisor.tick(2001 * Rig.MS, smooth.measured, null).positionRad(1))
                .isCloseTo(0.51, within(1e-9));
    }

    @Test
    void effortIsClampedToTheDeratedLimitAndNeverPushesPastAPositionLimit() {
        Rig rig = new Rig();
        rig.measure(0.35, 0.5, 0.2);
        Output out = rig.tickAtMs(0, rig.effort(0.5, 0.4, -1.2));
        assertThat(out.kind()).isEqualTo(OutputKind.EFFORT);
        assertThat(out.effort(0)).as("pushes past ffj0's max").isEqualTo(0.0);
        assertThat(out.effort(1)).isEqualTo(0.4);
        assertThat(out.effort(2)).isEqualTo(-1.2);

        out = rig.tickAtMs(1, rig.effort(-0.5, 0.52, 0));
        assertThat(out.effort(0)).as("pulling back from the limit is allowed").isEqualTo(-0.5);
        assertThat(out.effort(1)).as("within tolerance, clamped to max").isEqualTo(0.5);

        // ffj1 overspeeding in the direction of its effort: no more push.
        rig.measured.set(1, 0.7, 3.5, 0, 0, 30);
        out = rig.tickAtMs(2, rig.effort(0, 0.3, 0));
        assertThat(out.effort(1)).isEqualTo(0.0);

        // ffj2 is hot: 61.5 degC is half-way through the 55..68 derating band.
        rig.measure(0.0, 0.5, 0.2);
        rig.measured.set(2, 0.2, 0, 0, 0, 61.5);
        out = rig.tickAtMs(3, rig.effort(0, 0, 1.2));
        assertThat(out.effortLimit(2)).isCloseTo(0.6, within(1e-12));
        assertThat(out.effort(2)).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void effortModeFallsBackToHoldingWithoutMeasuredState() {
        Rig rig = new Rig();
        rig.tickAtMs(0, rig.effort(0, 0.1, 0));
        Output out = rig.supervisor.tick(1 * Rig.MS, null, null);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);
        assertThat(out.kind()).isEqualTo(OutputKind.POSITION);
        assertThat(out.positionRad(1)).isEqualTo(0.5);
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.MEASURED_STATE_INVALID, SafetyEvent.Type.ENTERED_HOLDING);
    }

    @Test
    void heatingJointIsDeratedSmoothlyWithEventsAndCounted() {
        Rig rig = new Rig();
        rig.activate(0);
        double previousLimit = Double.MAX_VALUE;
        boolean sawWarning = false;
        boolean sawLimit = false;
        // Sensor climbs 50 -> 70 degC over 20 s, no current; then cools to 50.
        for (int k = 1; k <= 40_000; k++) {
            double t = k <= 20_000 ? 50 + k * 0.001 : 70 - (k - 20_000) * 0.001;
            rig.measured.set(2, 0.2, 0, 0, 0, t);
            Output out = rig.tickAtMs(k, k % 50 == 0 ? rig.position(0, 0.5, 0.2) : null);
            double limit = out.effortLimit(2);
            if (k <= 20_000) {
                assertThat(limit).isLessThanOrEqualTo(previousLimit);
            }
            previousLimit = limit;
            for (SafetyEvent e : out.events()) {
                if (e.type() == SafetyEvent.Type.THERMAL_WARNING) {
                    sawWarning = true;
                    assertThat(e.field()).isEqualTo("ffj2");
                    assertThat(t).isCloseTo(55.0, within(0.002));
                }
                if (e.type() == SafetyEvent.Type.THERMAL_LIMIT) {
                    sawLimit = true;
                    assertThat(t).isCloseTo(68.0, within(0.002));
                    assertThat(limit).isZero();
                }
            }
            if (k == 20_000) {
                assertThat(limit).isZero();
            }
        }
        assertThat(sawWarning).isTrue();
        assertThat(sawLimit).isTrue();
        assertThat(
                        rig.supervisor
                                .wearSnapshot()
                                .joint("ffj2")
                                .orElseThrow()
                                .overTemperatureEvents())
                .isEqualTo(1);
        assertThat(rig.tickAtMs(40_001, null).effortLimit(2)).isEqualTo(1.2);
    }

    @Test
    void wearCountsSurviveARestartThroughTheStore(@TempDir Path dir) throws IOException {
        WearStore store = new WearStore(dir.resolve("hand-wear.json"), Clock.systemUTC());
        SafetyConfig config = SafetyConfig.builder(Rig.JOINTS).build();

        for (int run = 1; run <= 2; run++) {
            WearStore.Loaded loaded = store.load();
            assertThat(loaded.problem()).isEmpty();
            Rig rig = new Rig(config, loaded.snapshot());
            // ffj1 follows a 2 Hz sine of 0.3 rad around 0.7 rad for 5 s: 20 reversals, 12 rad.
            for (int k = 0; k <= 5000; k++) {
                double w = 2 * Math.PI * 2;
                double t = k * 0.001;
                rig.measured.set(
                        1, 0.7 + 0.3 * Math.sin(w * t), 0.3 * w * Math.cos(w * t), 0.3, 0, 30);
                rig.tickAtMs(k, k % 50 == 0 ? rig.position(0, 0.7, 0.2) : null);
            }
            store.save(rig.supervisor.wearSnapshot());
        }
        JointWear ffj1 = store.load().snapshot().joint("ffj1").orElseThrow();
        assertThat(ffj1.directionReversals()).isEqualTo(2 * 20);
        // Each run ends mid-stroke at the start point, so each adds 4 a n exactly.
        assertThat(ffj1.totalTravelRad()).isCloseTo(2 * 12.0, within(1e-3));
        assertThat(ffj1.secondsAbove(0.5)).isCloseTo(2 * 5.0, within(1e-9));
        assertThat(ffj1.poweredSeconds()).isCloseTo(2 * 5.0, within(0.01));
    }

    @Test
    void poweredTimeCountsOnlyTicksWithTorqueOn() {
        Rig rig = new Rig();
        // 1 s in the initial SAFE_STATE (torque off), then 1 s ACTIVE.
        for (int k = 0; k <= 1000; k++) {
            rig.tickAtMs(k, null);
        }
        for (int k = 1001; k <= 2000; k++) {
            rig.tickAtMs(k, k % 50 == 1 ? rig.position(0, 0.5, 0.2) : null);
        }
        JointWear ffj0 = rig.supervisor.wearSnapshot().joint("ffj0").orElseThrow();
        // The tick that applies the first command still covers a torque-off millisecond.
        assertThat(ffj0.poweredSeconds()).isCloseTo(0.999, within(1e-9));
    }

    @Test
    void aClockThatGoesBackOrStallsCannotMakeTheTargetJump() {
        Rig rig = new Rig();
        rig.activate(0);
        rig.tickAtMs(10, rig.velocity(0, 3.0, 0));
        double before = rig.tickAtMs(11, null).positionRad(1);
        Output out = rig.tickAtMs(5, null);
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.CLOCK_NOT_MONOTONIC);
        assertThat(out.positionRad(1)).isEqualTo(before);
        // A 90 ms stall integrates at most maxStepSeconds (50 ms) at up to 3 rad/s.
        out = rig.tickAtMs(101, rig.velocity(0, 3.0, 0));
        assertThat(out.positionRad(1) - before).isLessThanOrEqualTo(3.0 * 0.05);
    }

    @Test
    void steadyStateTicksAllocateNothing() {
        assertThat(allocatedInSteadyState(new Rig())).isLessThan(64 * 1024);
    }

    @Test
    void steadyStateTicksWithTheJerkStageAllocateNothing() {
        List<JointLimits> withJerk =
                Rig.JOINTS.stream()
                        .map(
                                j ->
                                        new JointLimits(
                                                j.name(),
                                                j.minPositionRad(),
                                                j.maxPositionRad(),
                                                j.maxVelocityRadPerSec(),
                                                j.maxAccelerationRadPerSec2(),
                                                20 * j.maxAccelerationRadPerSec2(),
                                                j.maxEffort(),
                                                j.effortUnit()))
                        .toList();
        assertThat(allocatedInSteadyState(new Rig(SafetyConfig.builder(withJerk).build())))
                .isLessThan(64 * 1024);
    }

    /** Bytes allocated by 100 000 ticks after 100 000 warm-up ticks. */
    private static long allocatedInSteadyState(Rig rig) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        assertThat(threads.isThreadAllocatedMemoryEnabled()).isTrue();
        rig.activate(0);
        Command[] commands = new Command[200_000];
        // Three senders take turns; each frame's sender is a new String, as one decoded from a
        // topic is, so the per-sender lookup must compare by value without allocating.
        String[] senders = {"policy", "teleop", "cli"};
        long[] sequences = new long[senders.length];
        for (int k = 0; k < commands.length; k++) {
            if (k % 10 == 0) {
                int s = (k / 10) % senders.length;
                commands[k] =
                        Command.of(
                                new String(senders[s]),
                                rig.supervisor.currentEpoch(),
                                ++sequences[s],
                                CommandMode.POSITION,
                                0.1 * Math.sin(k * 1e-3),
                                0.6,
                                0.3);
            }
        }
        // Warm up so the JIT has compiled the tick path.
        for (int k = 1; k < 100_000; k++) {
            rig.tickAtMs(k, commands[k]);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int k = 100_000; k < 200_000; k++) {
            rig.nowNanos = k * Rig.MS;
            rig.measured.timestampNanos(rig.nowNanos);
            rig.supervisor.tick(rig.nowNanos, rig.measured, commands[k]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(rig.supervisor.statistics().commandsRejected()).isZero();
        // 100 000 ticks; a single boxed value per tick would be >= 1.6 MB.
        return allocated;
    }
}
