package armature.safety;

import static armature.safety.Rig.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WatchdogTest {

    @Test
    void activeHoldingSafeStateAtExactClockTimes() {
        Rig rig = new Rig();
        Output out = rig.activate(0);
        assertThat(Rig.types(out))
                .containsExactly(SafetyEvent.Type.RESYNCED, SafetyEvent.Type.ENTERED_ACTIVE);

        out = rig.tickAtNanos(100 * MS - 1, null);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        assertThat(out.events()).isEmpty();

        out = rig.tickAtNanos(100 * MS, null);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.ENTERED_HOLDING);
        assertThat(out.events().get(0).message()).startsWith("ACTIVE -> HOLDING: no fresh command");
        assertThat(out.kind()).isEqualTo(OutputKind.POSITION);

        out = rig.tickAtNanos(2100 * MS - 1, null);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);

        out = rig.tickAtNanos(2100 * MS, null);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.SAFE_STATE);
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.ENTERED_SAFE_STATE);
        assertThat(out.kind()).isEqualTo(OutputKind.TORQUE_OFF);
        assertThat(out.torqueOn()).isFalse();
    }

    @Test
    void freshCommandReturnsFromHoldingToActive() {
        Rig rig = new Rig();
        rig.activate(0);
        rig.tickAtMs(100, null);
        Output out = rig.tickAtMs(150, rig.position(0.1, 0.5, 0.2));
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.ENTERED_ACTIVE);
        // The hold timer restarts from the fresh command.
        assertThat(rig.tickAtNanos(250 * MS - 1, null).watchdogState())
                .isEqualTo(WatchdogState.ACTIVE);
        assertThat(rig.tickAtNanos(250 * MS, null).watchdogState())
                .isEqualTo(WatchdogState.HOLDING);
    }

    @Test
    void leavingSafeStateNeedsMeasuredStateAndRestartsFromIt() {
        Rig rig = new Rig();
        rig.activate(0);
        rig.tickAtMs(100, null);
        rig.tickAtMs(2100, null);
        assertThat(rig.supervisor.watchdogState()).isEqualTo(WatchdogState.SAFE_STATE);

        // Torque off: the finger sagged. The driver has no reading this tick.
        Output out = rig.supervisor.tick(2200 * MS, null, rig.position(0.0, 0.5, 0.2));
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.MEASURED_STATE_INVALID,
                        SafetyEvent.Type.COMMAND_REFUSED_AWAITING_RESYNC);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.SAFE_STATE);

        rig.measure(0.2, 1.0, 0.9);
        out = rig.tickAtMs(2201, rig.position(0.0, 0.5, 0.2));
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.MEASURED_STATE_VALID,
                        SafetyEvent.Type.RESYNCED,
                        SafetyEvent.Type.ENTERED_ACTIVE);
        // One millisecond step from the measured pose: nothing jumps back to the old target.
        double dt = 0.001;
        assertThat(out.positionRad(0))
                .isCloseTo(0.2, org.assertj.core.api.Assertions.within(20.0 * dt * dt + 1e-12));
        assertThat(out.positionRad(1))
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(30.0 * dt * dt + 1e-12));
        assertThat(out.positionRad(2))
                .isCloseTo(0.9, org.assertj.core.api.Assertions.within(30.0 * dt * dt + 1e-12));
    }

    @Test
    void measuredStateThatComesBackRestartsTheTargetFromIt() {
        Rig rig = new Rig();
        rig.activate(0);
        Output out = rig.tickAtMs(10, rig.position(0.3, 1.2, 1.0));
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        for (int ms = 12; ms < 1000; ms += 2) {
            out = rig.tickAtMs(ms, rig.position(0.3, 1.2, 1.0));
        }
        assertThat(out.positionRad(1)).isCloseTo(1.2, within(1e-9));

        // The finger stops answering (a power cycle) and comes back elsewhere, torque off.
        rig.measured.set(1, Double.NaN, 0, 0, 0, 30);
        out = rig.tickAtMs(1000, rig.position(0.3, 1.2, 1.0));
        assertThat(Rig.types(out)).contains(SafetyEvent.Type.MEASURED_STATE_INVALID);
        rig.measure(0.3, 0.1, 1.0);
        out = rig.tickAtMs(1002, null);
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.MEASURED_STATE_VALID,
                        SafetyEvent.Type.ENTERED_HOLDING,
                        SafetyEvent.Type.RESYNCED);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);
        // Held where the joint is, not driven back to 1.2 rad.
        assertThat(out.positionRad(1)).isCloseTo(0.1, within(1e-9));

        // The next command moves it from there within the velocity and acceleration limits.
        out = rig.tickAtMs(1004, rig.position(0.3, 1.2, 1.0));
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        assertThat(out.positionRad(1)).isCloseTo(0.1, within(30.0 * 0.002 * 0.002 + 1e-12));
    }

    @Test
    void brakeSafeStateHoldsTheMeasuredPoseWithReducedEffort() {
        Rig rig = new Rig(b -> b.safeStateAction(SafeStateAction.BRAKE).brakeEffortFraction(0.25));
        rig.activate(0);
        rig.tickAtMs(100, null);
        rig.measure(0.1, 0.6, 0.3);
        Output out = rig.tickAtMs(2100, null);
        assertThat(out.kind()).isEqualTo(OutputKind.BRAKE);
        assertThat(out.positionRad(0)).isEqualTo(0.1);
        assertThat(out.positionRad(1)).isEqualTo(0.6);
        assertThat(out.positionRad(2)).isEqualTo(0.3);
        assertThat(out.effortLimit(0)).isEqualTo(0.125);
        assertThat(out.effortLimit(2)).isEqualTo(0.3);
        assertThat(out.torqueOn()).isTrue();
    }

    @Test
    void commandThatArrivesExpiredIsNeverApplied() {
        Rig rig = new Rig();
        rig.activate(0);
        Command late =
                new Command(
                        Command.IN_PROCESS,
                        1,
                        ++rig.sequence,
                        CommandMode.POSITION,
                        new double[] {0.3, 1.5, 1.5},
                        5 * MS);
        Output out = rig.tickAtMs(5, late);
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.COMMAND_EXPIRED);
        assertThat(out.events().get(0).field()).isEqualTo("expiryNanos");
        for (int k = 6; k < 100; k++) {
            out = rig.tickAtMs(k, null);
            assertThat(out.positionRad(0)).isEqualTo(0.0);
        }
        assertThat(rig.supervisor.statistics().rejectedExpired()).isEqualTo(1);
    }

    @Test
    void appliedCommandStopsBeingFollowedAtItsExpiry() {
        Rig rig = new Rig();
        rig.activate(0);
        Command c =
                new Command(
                        Command.IN_PROCESS,
                        1,
                        ++rig.sequence,
                        CommandMode.VELOCITY,
                        new double[] {1.0, 0, 0},
                        30 * MS);
        rig.tickAtMs(1, c);
        assertThat(rig.tickAtNanos(30 * MS - 1, null).watchdogState())
                .isEqualTo(WatchdogState.ACTIVE);
        Output out = rig.tickAtNanos(30 * MS, null);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.COMMAND_EXPIRED, SafetyEvent.Type.ENTERED_HOLDING);
    }

    @Test
    void holdingBrakesWithinTheAccelerationBound() {
        Rig rig = new Rig();
        rig.activate(0);
        double previous = 0;
        Output out = null;
        for (int k = 1; k <= 99; k++) {
            out = rig.tickAtMs(k, k % 20 == 1 ? rig.velocity(0, 1.5, 0) : null);
            previous = out.velocityRadPerSec(1);
        }
        assertThat(previous).isEqualTo(1.5);
        for (int k = 100; k < 400; k++) {
            out = rig.tickAtMs(k, null);
            double v = out.velocityRadPerSec(1);
            // ffj1: A = 30 rad/s^2, 1 ms ticks.
            assertThat(Math.abs(v - previous) / 0.001).isLessThanOrEqualTo(30.0 * (1 + 1e-9));
            previous = v;
        }
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);
        assertThat(previous).isEqualTo(0.0);
        double held = out.positionRad(1);
        assertThat(rig.tickAtMs(500, null).positionRad(1)).isEqualTo(held);
    }

    @Test
    void transitionTableAllowsOnlyTheDocumentedEdges() {
        assertThat(WatchdogState.ACTIVE.canGoTo(WatchdogState.HOLDING)).isTrue();
        assertThat(WatchdogState.ACTIVE.canGoTo(WatchdogState.SAFE_STATE)).isTrue();
        assertThat(WatchdogState.HOLDING.canGoTo(WatchdogState.ACTIVE)).isTrue();
        assertThat(WatchdogState.HOLDING.canGoTo(WatchdogState.SAFE_STATE)).isTrue();
        assertThat(WatchdogState.SAFE_STATE.canGoTo(WatchdogState.ACTIVE)).isTrue();
        assertThat(WatchdogState.SAFE_STATE.canGoTo(WatchdogState.HOLDING)).isFalse();
        assertThat(WatchdogState.ACTIVE.canGoTo(WatchdogState.ACTIVE)).isFalse();
    }

    @Test
    void staleMeasuredStateCountsAsUnusable() {
        Rig rig = new Rig(b -> b.maxMeasuredAge(java.time.Duration.ofMillis(20)));
        rig.measured.timestampNanos(0);
        Output out = rig.supervisor.tick(21 * MS, rig.measured, rig.position(0, 0.5, 0.2));
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.MEASURED_STATE_INVALID,
                        SafetyEvent.Type.COMMAND_REFUSED_AWAITING_RESYNC);
        assertThat(out.events().get(0).message()).contains("21.0 ms old; allowed: at most 20.0 ms");
    }
}
