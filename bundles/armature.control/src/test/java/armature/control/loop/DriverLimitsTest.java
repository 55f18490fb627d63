package armature.control.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.control.limits.DriverRefusedException;
import armature.control.limits.LimitBounds;
import armature.control.limits.LimitResolver;
import armature.driver.api.DriverCommandMode;
import armature.driver.api.JointDescription;
import armature.safety.Command;
import armature.safety.CommandMode;
import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.LimitLoosenedException;
import armature.safety.LimitOverride;
import armature.safety.WatchdogState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Effective limits recomputed on every driver attach (ADR 0041). The rig's loop limits are [-2, 2]
 * rad, 2 rad/s, 50 rad/s^2, effort 1 Nm; step bounds are checked to 1e-9 rad.
 */
class DriverLimitsTest {
    private static final double DT = LoopRig.PERIOD_NANOS / 1e9;

    private static JointDescription joint(String name, double lo, double hi, double v) {
        return new JointDescription(
                name,
                lo,
                hi,
                v,
                Double.POSITIVE_INFINITY,
                "Nm",
                EnumSet.of(DriverCommandMode.POSITION));
    }

    /** Velocity and acceleration configured; range and effort as if from a description. */
    private static LimitResolver velocityConfigured(List<JointLimits> limits) {
        List<LimitOverride> configured = new ArrayList<>();
        List<LimitBounds> described = new ArrayList<>();
        for (JointLimits j : limits) {
            configured.add(
                    LimitOverride.forJoint(j.name())
                            .withMaxVelocityRadPerSec(j.maxVelocityRadPerSec())
                            .withMaxAccelerationRadPerSec2(j.maxAccelerationRadPerSec2()));
            described.add(
                    new LimitBounds(
                            "description",
                            j.minPositionRad(),
                            j.maxPositionRad(),
                            Double.NaN,
                            j.maxEffort()));
        }
        return new LimitResolver(
                limits.stream().map(JointLimits::name).toList(),
                EffortUnit.NEWTON_METRE,
                configured,
                described);
    }

    private static void driveTo(LoopRig rig, double target, int ticks) {
        long epoch = rig.frameEpoch();
        for (int k = 0; k < ticks; k++) {
            rig.inbox.offer(Command.of(epoch, 1000L * epoch + k + 1, CommandMode.POSITION, target));
            rig.tick();
        }
    }

    @Test
    void eachAttachRecomputesTheLimitsFromTheNewDriver() {
        LoopRig rig = new LoopRig(1);
        FakeDriver slow = FakeDriver.describing(rig, List.of(joint("j0", -1.5, 1.5, 0.5)), 0.0);
        rig.core.attachDriver(slow, "slow");
        rig.tick();
        JointLimits effective = rig.supervisor.limits().get(0);
        assertThat(effective.maxVelocityRadPerSec()).isEqualTo(0.5);
        assertThat(effective.minPositionRad()).isEqualTo(-1.5);
        assertThat(effective.maxPositionRad()).isEqualTo(1.5);

        // Commands beyond the driver's range are rejected, within it followed at 0.5 rad/s.
        driveTo(rig, 0.3, 1);
        double previous = slow.positionRad[0];
        driveTo(rig, 0.3, 400);
        assertThat(slow.positionRad[0]).isEqualTo(0.3);
        for (int i = 1; i < slow.writes.size(); i++) {
            assertThat(Math.abs(slow.writes.get(i)[0] - slow.writes.get(i - 1)[0]))
                    .isLessThanOrEqualTo(0.5 * DT + 1e-9);
        }
        assertThat(previous).isLessThan(0.3);

        // A driver that states nothing tighter: back to the loop's own limits.
        FakeDriver fast =
                FakeDriver.describing(
                        rig, List.of(joint("j0", -3, 3, Double.POSITIVE_INFINITY)), 1.0);
        rig.core.attachDriver(fast, "fast");
        rig.core.detachDriver(slow);
        rig.tick();
        assertThat(rig.supervisor.limits().get(0))
                .isEqualTo(rig.supervisor.config().joints().get(0));
        assertThat(rig.core.epochDrivers().values()).containsSubsequence("slow", "fast");
    }

    @Test
    void aDriverThatMakesAConfiguredLimitLooseIsNotDriven() {
        LoopRig rig = new LoopRig(1, DriverLimitsTest::velocityConfigured);
        FakeDriver a = FakeDriver.describing(rig, List.of(joint("j0", -3, 3, 5)), 0.0);
        rig.core.attachDriver(a, "a");
        rig.tick();
        FakeDriver b = FakeDriver.describing(rig, List.of(joint("j0", -3, 3, 1.0)), 0.0);
        assertThatThrownBy(() -> rig.core.attachDriver(b, "b"))
                .isInstanceOfSatisfying(
                        LimitLoosenedException.class,
                        e -> {
                            assertThat(e.jointName()).isEqualTo("j0");
                            assertThat(e.field()).isEqualTo("maxVelocityRadPerSec");
                            assertThat(e.source()).isEqualTo("driver 'b'");
                        })
                .hasMessageContaining("configured 2.0 loosens 1.0 stated by driver 'b'");
        driveTo(rig, 0.2, 200);
        assertThat(b.writes).isEmpty();
        assertThat(a.positionRad[0]).isEqualTo(0.2);
        assertThat(rig.core.counters().epochsBegun()).isEqualTo(1);
    }

    @Test
    void aDriverWhoseRangeExcludesTheCurrentCommandIsNotDriven() {
        LoopRig rig = new LoopRig(1);
        FakeDriver a = FakeDriver.position(rig, 0.0);
        rig.core.attachDriver(a, "a");
        rig.tick();
        driveTo(rig, 1.2, 600);
        assertThat(a.positionRad[0]).isEqualTo(1.2);

        FakeDriver narrow = FakeDriver.describing(rig, List.of(joint("j0", -1, 1, 10)), 0.9);
        assertThatThrownBy(() -> rig.core.attachDriver(narrow, "narrow"))
                .isInstanceOfSatisfying(
                        DriverRefusedException.class,
                        e -> {
                            assertThat(e.driver()).isEqualTo("narrow");
                            assertThat(e.jointName()).isEqualTo("j0");
                            assertThat(e.field()).isEqualTo("maxPositionRad");
                            assertThat(e.value()).isEqualTo(1.2);
                        })
                .hasMessage(
                        "driver 'narrow' joint 'j0' maxPositionRad: current command 1.2 rad is"
                                + " outside the effective range [-1.0, 1.0] rad; the driver is not"
                                + " driven");
        // DS then unbinds the old driver: the loop holds without one and never writes to narrow.
        rig.core.detachDriver(a);
        rig.ticks(50);
        assertThat(narrow.writes).isEmpty();
        assertThat(rig.core.hasDriver()).isFalse();

        // Once the loop is in its safe state nothing is commanded: the driver may attach.
        rig.ticks(300);
        assertThat(rig.supervisor.watchdogState()).isEqualTo(WatchdogState.SAFE_STATE);
        rig.core.attachDriver(narrow, "narrow");
        rig.tick();
        assertThat(rig.supervisor.limits().get(0).maxPositionRad()).isEqualTo(1.0);
    }
}
