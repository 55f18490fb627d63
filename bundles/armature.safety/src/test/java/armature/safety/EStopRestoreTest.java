package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;

import armature.safety.wear.WearSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The supervisor is constructed with the persisted latch (restored before the first tick) and tells
 * a listener about every change, so the loop can persist it.
 */
class EStopRestoreTest {
    private long nowNanos;
    private final List<EStopSnapshot> changes = new ArrayList<>();

    private SafetySupervisor restored(EStopSnapshot eStop, long firstEpoch) {
        return new SafetySupervisor(
                SafetyConfig.builder(Rig.JOINTS).build(),
                () -> nowNanos,
                new SafetySupervisor.Restored(WearSnapshot.empty(), eStop, "file x/estop.json"),
                firstEpoch,
                changes::add);
    }

    private static JointState measured(long t) {
        return new JointState(3)
                .set(0, 0, 0, 0, 0, 30)
                .set(1, 0.5, 0, 0, 0, 30)
                .set(2, 0.2, 0, 0, 0, 30)
                .timestampNanos(t);
    }

    @Test
    void aLoopThatDiedLatchedComesBackLatchedAndOnlyAcknowledgeAndResetClearIt() {
        SafetySupervisor s = restored(new EStopSnapshot(EStopState.LATCHED, List.of("button")), 77);
        assertThat(s.eStopState()).isEqualTo(EStopState.LATCHED);
        Output out =
                s.tick(0, measured(0), Command.of("op", 77, 1, CommandMode.POSITION, 0, 0.5, 0.2));
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.ESTOP_RESTORED, SafetyEvent.Type.COMMAND_REFUSED_ESTOP);
        assertThat(out.events().get(0).message())
                .isEqualTo(
                        "e-stop restored LATCHED, asserted by [button] from file x/estop.json;"
                                + " only acknowledge and reset clear it");
        assertThat(out.kind()).isEqualTo(OutputKind.TORQUE_OFF);
        assertThat(changes).as("restoring is no change").isEmpty();

        assertThat(s.acknowledgeEStop("op").type()).isEqualTo(SafetyEvent.Type.ESTOP_ACKNOWLEDGED);
        assertThat(s.resetEStop("op").type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET_REFUSED);
        s.releaseEStop("button");
        assertThat(s.resetEStop("op").type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET);
        assertThat(changes)
                .containsExactly(
                        new EStopSnapshot(EStopState.ACKNOWLEDGED, List.of("button")),
                        new EStopSnapshot(EStopState.ACKNOWLEDGED, List.of()),
                        EStopSnapshot.CLEAR);
    }

    @Test
    void theListenerHearsEveryChangeAndNothingElse() {
        SafetySupervisor s = restored(EStopSnapshot.CLEAR, 0);
        s.acknowledgeEStop("op"); // refused: no change
        s.triggerEStop("observer-1", "smoke near the hand");
        s.triggerEStop("observer-2"); // already latched, nothing asserted: no change
        s.assertEStop("button");
        s.assertEStop("button"); // already asserted: no change
        assertThat(changes)
                .containsExactly(
                        EStopSnapshot.LATCHED,
                        new EStopSnapshot(EStopState.LATCHED, List.of("button")));
        assertThat(s.eStopSnapshot()).isEqualTo(changes.get(1));
    }

    @Test
    void aTripReasonIsNamedInTheEventCutToOneLine() {
        SafetySupervisor s = restored(EStopSnapshot.CLEAR, 0);
        SafetyEvent e = s.triggerEStop("eve", "line one\nline two" + "x".repeat(500));
        assertThat(e.field()).isEqualTo("eve");
        assertThat(e.message())
                .startsWith("e-stop latched by 'eve' (reason: line one line two")
                .endsWith("...)")
                .doesNotContain("\n");
    }

    @Test
    void withoutAFirstEpochEveryCommandIsOfAWrongEpochUntilOneBegins() {
        SafetySupervisor s = restored(EStopSnapshot.CLEAR, 0);
        assertThat(s.currentEpoch()).isZero();
        Output out =
                s.tick(0, measured(0), Command.of("op", 0, 1, CommandMode.POSITION, 0, 0.5, 0.2));
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.COMMAND_WRONG_EPOCH);
        assertThat(out.events().get(0).message()).contains("allowed: current epoch none begun yet");

        long epoch = 3_000_000_000L;
        s.beginEpoch(epoch, Rig.JOINTS);
        nowNanos = 1;
        s.tick(1, measured(1), null);
        out = s.tick(2, measured(2), Command.of("op", epoch, 1, CommandMode.POSITION, 0, 0.5, 0.2));
        assertThat(Rig.types(out))
                .containsExactly(SafetyEvent.Type.RESYNCED, SafetyEvent.Type.ENTERED_ACTIVE);
        assertThat(s.snapshot())
                .isEqualTo(
                        new SupervisorSnapshot(
                                epoch,
                                WatchdogState.ACTIVE,
                                EStopState.CLEAR,
                                java.util.Map.of("op", 1L)));
    }

    @Test
    void epochsOutsideTheFrameHeadersRangeOrTheCurrentOneAreRefused() {
        SafetySupervisor s = restored(EStopSnapshot.CLEAR, 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.beginEpoch(1L << 32, Rig.JOINTS))
                .hasMessageContaining("epoch = 4294967296; allowed: [1, 4294967295]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.beginEpoch(5, Rig.JOINTS))
                .hasMessageContaining("epoch = 5; allowed: any but the current one");
        assertThat(s.currentEpoch()).isEqualTo(5);
    }
}
