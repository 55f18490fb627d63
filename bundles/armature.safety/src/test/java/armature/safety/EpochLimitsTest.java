package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** New limits per epoch (a driver swap), jerk-limited output, and per-epoch command counters. */
class EpochLimitsTest {

    private static List<JointLimits> tightened(double maxFfj0Rad, double jerk) {
        List<JointLimits> l = new ArrayList<>(Rig.JOINTS);
        JointLimits j = l.get(0);
        l.set(
                0,
                new JointLimits(
                        j.name(),
                        j.minPositionRad(),
                        maxFfj0Rad,
                        j.maxVelocityRadPerSec(),
                        j.maxAccelerationRadPerSec2(),
                        jerk,
                        j.maxEffort(),
                        j.effortUnit()));
        return l;
    }

    @Test
    void anEpochWithTighterLimitsValidatesAndClampsAgainstThem() {
        Rig rig = new Rig();
        rig.activate(0);
        rig.supervisor.beginEpoch(tightened(0.1, Double.POSITIVE_INFINITY));
        assertThat(rig.supervisor.limits().get(0).maxPositionRad()).isEqualTo(0.1);
        rig.tickAtMs(1, null); // re-sync to measured state in the new epoch

        // 0.3 was inside the old range (0.35) but is beyond the new one by more than 0.02 rad.
        Output out = rig.tickAtMs(2, rig.position(0.3, 0.5, 0.2));
        assertThat(Rig.types(out)).contains(SafetyEvent.Type.COMMAND_REJECTED);
        assertThat(out.events().get(0).allowedRange()).startsWith("[-0.37, 0.12");

        // 0.11 is within tolerance: clamped to the new limit and reached exactly.
        rig.tickAtMs(3, rig.position(0.11, 0.5, 0.2));
        for (int ms = 4; ms < 400; ms++) {
            out = rig.tickAtMs(ms, ms % 20 == 0 ? rig.position(0.11, 0.5, 0.2) : null);
            assertThat(out.positionRad(0)).isLessThanOrEqualTo(0.1);
        }
        assertThat(out.positionRad(0)).isEqualTo(0.1);
    }

    @Test
    void limitsForOtherJointsAreRefusedAndChangeNothing() {
        Rig rig = new Rig();
        List<JointLimits> wrong = new ArrayList<>(Rig.JOINTS);
        wrong.set(1, JointLimits.of("other", 0, 1, 1, 1, 1, EffortUnit.NEWTON_METRE));
        assertThatThrownBy(() -> rig.supervisor.beginEpoch(wrong))
                .hasMessage("limits[1].name = 'other'; allowed: 'ffj1'");
        assertThatThrownBy(() -> rig.supervisor.beginEpoch(Rig.JOINTS.subList(0, 2)))
                .hasMessage("limits has 2 joints; allowed: exactly 3");
        assertThat(rig.supervisor.currentEpoch()).isEqualTo(1);
        assertThat(rig.supervisor.limits()).isEqualTo(Rig.JOINTS);
    }

    @Test
    void jerkBoundedOutputReSyncsToTheNewDevicesMeasuredPosition() {
        Rig rig = new Rig();
        rig.activate(0);
        // New device: ffj0 gets a jerk bound (window 2 A / J = 0.1 s) and reads -0.2 rad.
        rig.supervisor.beginEpoch(tightened(0.35, 400));
        rig.measure(-0.2, 0.5, 0.2);
        Output out = rig.tickAtMs(1, null);
        assertThat(Rig.types(out)).contains(SafetyEvent.Type.RESYNCED);
        assertThat(out.positionRad(0)).isEqualTo(-0.2);

        rig.tickAtMs(2, rig.position(0.3, 0.5, 0.2));
        double p = out.positionRad(0);
        double v = 0;
        double a = 0;
        for (int ms = 3; ms < 600; ms++) {
            out = rig.tickAtMs(ms, ms % 20 == 0 ? rig.position(0.3, 0.5, 0.2) : null);
            double newV = (out.positionRad(0) - p) / 1e-3;
            double newA = (newV - v) / 1e-3;
            assertThat(Math.abs(newA - a)).as("ms " + ms).isLessThanOrEqualTo(400 * 1e-3 + 1e-6);
            assertThat(Math.abs(newA)).isLessThanOrEqualTo(20 + 1e-6);
            assertThat(Math.abs(newV)).isLessThanOrEqualTo(2 + 1e-9);
            assertThat(out.positionRad(0)).isLessThanOrEqualTo(0.3);
            p = out.positionRad(0);
            v = newV;
            a = newA;
        }
        assertThat(out.positionRad(0)).isCloseTo(0.3, within(0.0));
    }

    @Test
    void commandsAreCountedPerStampedEpoch() {
        Rig rig = new Rig();
        rig.activate(0); // epoch 1: one applied
        Command stale = rig.position(0.1, 0.5, 0.2);
        rig.tickAtMs(1, rig.position(Double.NaN, 0.5, 0.2)); // epoch 1: invalid
        rig.supervisor.beginEpoch(); // epoch 2
        rig.tickAtMs(2, stale); // epoch 1: stale
        rig.tickAtMs(3, rig.position(0.0, 0.5, 0.2)); // epoch 2: applied
        rig.tickAtMs(4, Command.of(99, 1, CommandMode.POSITION, 0.0, 0.5, 0.2)); // never begun

        List<EpochStatistics> e = rig.supervisor.epochStatistics();
        assertThat(e).extracting(EpochStatistics::epoch).containsExactly(1L, 2L, 0L);
        assertThat(e.get(0)).isEqualTo(new EpochStatistics(1, 3, 1, 1, 1, 0, 0, 0, 0, 0, 0));
        assertThat(e.get(1)).isEqualTo(new EpochStatistics(2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(e.get(2)).isEqualTo(new EpochStatistics(0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0));
        for (EpochStatistics s : e) {
            assertThat(s.applied() + s.rejected()).isEqualTo(s.received());
        }
        // Only the newest epochs are kept; older ones join epoch 0.
        for (int k = 0; k < EpochStatistics.KEPT; k++) {
            rig.supervisor.beginEpoch();
        }
        e = rig.supervisor.epochStatistics();
        assertThat(e).hasSize(EpochStatistics.KEPT + 1);
        assertThat(e.get(e.size() - 1).received()).isEqualTo(5);
    }
}
