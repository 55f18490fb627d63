package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EStopTest {

    @Test
    void latchAcknowledgeResetSequenceWithResetRefusedWhileAsserted() {
        Rig rig = new Rig();
        rig.activate(0);
        rig.tickAtMs(1, rig.position(0.2, 1.0, 1.0));

        rig.nowNanos = 2 * Rig.MS;
        SafetyEvent latched = rig.supervisor.assertEStop("button");
        assertThat(latched.type()).isEqualTo(SafetyEvent.Type.ESTOP_LATCHED);
        assertThat(latched.message()).isEqualTo("e-stop latched by 'button'");
        assertThat(latched.timeNanos()).as("from the injected clock").isEqualTo(2 * Rig.MS);

        Output out = rig.tickAtMs(3, rig.position(0.2, 1.0, 1.0));
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.ESTOP_LATCHED,
                        SafetyEvent.Type.ENTERED_SAFE_STATE,
                        SafetyEvent.Type.COMMAND_REFUSED_ESTOP);
        assertThat(out.kind()).isEqualTo(OutputKind.TORQUE_OFF);
        assertThat(out.eStopState()).isEqualTo(EStopState.LATCHED);

        SafetyEvent early = rig.supervisor.resetEStop("operator");
        assertThat(early.type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET_REFUSED);
        assertThat(early.message()).contains("acknowledge first");

        assertThat(rig.supervisor.acknowledgeEStop("operator").type())
                .isEqualTo(SafetyEvent.Type.ESTOP_ACKNOWLEDGED);
        assertThat(rig.supervisor.eStopState()).isEqualTo(EStopState.ACKNOWLEDGED);

        SafetyEvent refused = rig.supervisor.resetEStop("operator");
        assertThat(refused.type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET_REFUSED);
        assertThat(refused.field()).isEqualTo("eStopSources");
        assertThat(refused.message()).contains("still asserted by [button]");
        out = rig.tickAtMs(4, null);
        assertThat(out.kind()).isEqualTo(OutputKind.TORQUE_OFF);
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.ESTOP_RESET_REFUSED,
                        SafetyEvent.Type.ESTOP_ACKNOWLEDGED,
                        SafetyEvent.Type.ESTOP_RESET_REFUSED);

        assertThat(rig.supervisor.releaseEStop("button").type())
                .isEqualTo(SafetyEvent.Type.ESTOP_SOURCE_RELEASED);
        assertThat(rig.supervisor.eStopState()).isEqualTo(EStopState.ACKNOWLEDGED);
        assertThat(rig.supervisor.resetEStop("operator").type())
                .isEqualTo(SafetyEvent.Type.ESTOP_RESET);
        assertThat(rig.supervisor.eStopState()).isEqualTo(EStopState.CLEAR);

        out = rig.tickAtMs(5, null);
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.ESTOP_SOURCE_RELEASED, SafetyEvent.Type.ESTOP_RESET);
        // Reset alone moves nothing: still the safe state until a fresh command.
        assertThat(out.kind()).isEqualTo(OutputKind.TORQUE_OFF);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.SAFE_STATE);

        rig.measure(0.05, 0.7, 0.6);
        out = rig.tickAtMs(6, rig.position(0.05, 0.7, 0.6));
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        assertThat(out.kind()).isEqualTo(OutputKind.POSITION);
        assertThat(out.positionRad(1)).isEqualTo(0.7);
    }

    @Test
    void aResetWhileClearSaysThereIsNothingToResetNotToAcknowledge() {
        Rig rig = new Rig();
        rig.activate(0);
        SafetyEvent nothing = rig.supervisor.resetEStop("operator");
        assertThat(nothing.type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET_REFUSED);
        assertThat(nothing.message())
                .endsWith("refused: state is CLEAR: there is nothing to reset")
                .doesNotContain("acknowledge");
    }

    @Test
    void acknowledgeRefusedWhenNothingIsLatchedAndNewTripAfterAckLatchesAgain() {
        Rig rig = new Rig();
        SafetyEvent ack = rig.supervisor.acknowledgeEStop("operator");
        assertThat(ack.type()).isEqualTo(SafetyEvent.Type.ESTOP_ACKNOWLEDGE_REFUSED);
        assertThat(ack.message()).contains("state is CLEAR");

        rig.supervisor.triggerEStop("policy-monitor");
        rig.supervisor.acknowledgeEStop("operator");
        SafetyEvent again = rig.supervisor.triggerEStop("policy-monitor");
        assertThat(again.type()).isEqualTo(SafetyEvent.Type.ESTOP_LATCHED);
        assertThat(rig.supervisor.eStopState()).isEqualTo(EStopState.LATCHED);
        assertThat(rig.supervisor.resetEStop("operator").type())
                .isEqualTo(SafetyEvent.Type.ESTOP_RESET_REFUSED);

        // A momentary trip holds no source, so after acknowledge the reset succeeds.
        rig.supervisor.acknowledgeEStop("operator");
        assertThat(rig.supervisor.assertedEStopSources()).isEmpty();
        assertThat(rig.supervisor.resetEStop("operator").type())
                .isEqualTo(SafetyEvent.Type.ESTOP_RESET);
    }

    @Test
    void brakeActionAppliesWhileLatched() {
        Rig rig = new Rig(b -> b.safeStateAction(SafeStateAction.BRAKE));
        rig.activate(0);
        rig.measure(0.1, 0.9, 0.4);
        rig.tickAtMs(1, null);
        rig.supervisor.assertEStop("button");
        Output out = rig.tickAtMs(2, null);
        assertThat(out.kind()).isEqualTo(OutputKind.BRAKE);
        assertThat(out.positionRad(1)).isEqualTo(0.9);
        assertThat(out.effortLimit(1)).isEqualTo(0.5 * 0.3);
    }
}
