package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.CommandContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequence numbers are unsigned 64-bit, per sender within an epoch, with a bounded step: one
 * sender's numbers (2^63-1 included) never refuse another's, and no sender is evicted.
 */
class SenderSequenceTest {
    private static final long TWO_63_MINUS_1 = Long.MAX_VALUE;
    private static final long TWO_64_MINUS_1 = -1L;

    private static Command from(Rig rig, String sender, long sequence) {
        return Command.of(
                sender, rig.supervisor.currentEpoch(), sequence, CommandMode.POSITION, 0, 0.5, 0.2);
    }

    @Test
    void aFrameNumbered2To63Minus1FromOneSenderDoesNotLockOutAnother() {
        Rig rig = new Rig();
        Output out = rig.tickAtMs(0, from(rig, "a", TWO_63_MINUS_1));
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.COMMAND_SEQUENCE_JUMP);
        SafetyEvent jump = out.events().get(0);
        assertThat(jump.field()).isEqualTo("sequence");
        assertThat(jump.message())
                .contains("sequence = 9223372036854775807 from sender 'a'")
                .contains("greater than its last applied 0 in epoch 1, by at most 4294967296");
        assertThat(jump.allowedRange()).isEqualTo("(0, 4294967296] (unsigned)");

        out = rig.tickAtMs(1, from(rig, "b", 1));
        assertThat(Rig.types(out))
                .containsExactly(SafetyEvent.Type.RESYNCED, SafetyEvent.Type.ENTERED_ACTIVE);
        out = rig.tickAtMs(2, from(rig, "b", 2));
        assertThat(out.events()).isEmpty();
        // 'a' itself continues from its own floor, untouched by the refused frame.
        out = rig.tickAtMs(3, from(rig, "a", 1));
        assertThat(out.events()).isEmpty();

        SupervisorStatistics s = rig.supervisor.statistics();
        assertThat(s.commandsApplied()).isEqualTo(3);
        assertThat(s.rejectedSequenceJump()).isEqualTo(1);
        assertThat(s.senders()).isEqualTo(2);
        assertThat(rig.supervisor.snapshot().senders())
                .containsExactly(java.util.Map.entry("a", 1L), java.util.Map.entry("b", 2L));
    }

    @Test
    void eachSendersSequenceIsComparedUnsignedUpTo2To64Minus1() {
        CommandGate gate = new CommandGate(SafetyConfig.builder(Rig.JOINTS).build(), 7);
        // Bring 'a' near the top the only way a sender can: applied frames (each step bounded).
        gate.applied(command("a", TWO_63_MINUS_1 - 1));
        assertThat(admit(gate, "a", TWO_63_MINUS_1)).isNull();
        gate.applied(command("a", TWO_63_MINUS_1));
        assertThat(admit(gate, "a", Long.MIN_VALUE)).as("2^63 follows 2^63-1 unsigned").isNull();
        assertThat(admit(gate, "a", 5).type())
                .as("5 is below 2^63-1 unsigned: a replay")
                .isEqualTo(SafetyEvent.Type.COMMAND_DUPLICATE);
        assertThat(admit(gate, "b", 1)).as("'b' starts from 0 whatever 'a' did").isNull();

        gate.applied(command("a", TWO_64_MINUS_1 - 1));
        assertThat(admit(gate, "a", TWO_64_MINUS_1)).isNull();
        gate.applied(command("a", TWO_64_MINUS_1));
        SafetyEvent wrapped = admit(gate, "a", 0);
        assertThat(wrapped.type()).isEqualTo(SafetyEvent.Type.COMMAND_DUPLICATE);
        assertThat(wrapped.message())
                .contains("last applied 18446744073709551615")
                .as("2^64-1 shown unsigned");
        assertThat(wrapped.value()).isEqualTo(0.0);
        assertThat(admit(gate, "a", 1).type()).isEqualTo(SafetyEvent.Type.COMMAND_DUPLICATE);
        assertThat(admit(gate, "b", 1)).as("'a' at 2^64-1 does not refuse 'b'").isNull();
        assertThat(gate.lastAppliedSequence("a")).isEqualTo(TWO_64_MINUS_1);

        // A new epoch: every sender starts from 0 again.
        gate.beginEpoch(8);
        assertThat(gate.senderFloors()).isEmpty();
        assertThat(admit(gate, "a", 1, 8)).isNull();
    }

    @Test
    void theStepIsBounded() {
        Rig rig = new Rig();
        long step = CommandContract.MAX_SEQUENCE_STEP;
        assertThat(Rig.types(rig.tickAtMs(0, from(rig, "a", step))))
                .containsExactly(SafetyEvent.Type.RESYNCED, SafetyEvent.Type.ENTERED_ACTIVE);
        assertThat(Rig.types(rig.tickAtMs(1, from(rig, "a", 2 * step + 1))))
                .containsExactly(SafetyEvent.Type.COMMAND_SEQUENCE_JUMP);
        assertThat(rig.tickAtMs(2, from(rig, "a", 2 * step)).events()).isEmpty();
        assertThat(Rig.types(rig.tickAtMs(3, from(rig, "a", 2 * step))))
                .containsExactly(SafetyEvent.Type.COMMAND_DUPLICATE);
        SupervisorStatistics s = rig.supervisor.statistics();
        assertThat(s.rejectedSequenceJump()).isEqualTo(1);
        assertThat(s.rejectedDuplicate()).isEqualTo(1);
        assertThat(s.commandsReceived()).isEqualTo(s.commandsApplied() + s.commandsRejected());
    }

    @Test
    void aSenderBeyondTheLimitIsRefusedByNameAndNoneIsEvicted() {
        Rig rig = new Rig();
        int max = CommandContract.MAX_SENDERS_PER_EPOCH;
        for (int i = 0; i < max; i++) {
            rig.tickAtMs(i, from(rig, "s" + i, 1));
        }
        Output out = rig.tickAtMs(max, from(rig, "late", 1));
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.COMMAND_REFUSED_SENDER_LIMIT);
        assertThat(out.events().get(0).message())
                .contains("sender 'late' would be sender 65 of epoch 1")
                .contains("at most 64 senders per epoch");
        // The first sender was not evicted: its replay is still a replay, its next frame applies.
        assertThat(Rig.types(rig.tickAtMs(max + 1, from(rig, "s0", 1))))
                .containsExactly(SafetyEvent.Type.COMMAND_DUPLICATE);
        assertThat(rig.tickAtMs(max + 2, from(rig, "s0", 2)).events()).isEmpty();

        List<EpochStatistics> epochs = rig.supervisor.epochStatistics();
        assertThat(epochs.get(epochs.size() - 1).refusedSenderLimit()).isEqualTo(1);
        assertThat(rig.supervisor.statistics().senders()).isEqualTo(max);

        rig.supervisor.beginEpoch();
        rig.tickAtMs(max + 3, null); // re-sync to measured state in the new epoch
        Output next = rig.tickAtMs(max + 4, from(rig, "late", 1));
        assertThat(Rig.types(next)).doesNotContain(SafetyEvent.Type.COMMAND_REFUSED_SENDER_LIMIT);
        assertThat(rig.supervisor.lastAppliedSequence("late")).isEqualTo(1);
    }

    @Test
    void aCommandWithoutASenderIsRejectedNamingTheField() {
        Rig rig = new Rig();
        Output out = rig.tickAtMs(0, from(rig, null, 1));
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.COMMAND_REJECTED);
        assertThat(out.events().get(0).field()).isEqualTo("sender");
    }

    private static Command command(String sender, long sequence) {
        return Command.of(sender, 7, sequence, CommandMode.POSITION, 0, 0.5, 0.2);
    }

    private static SafetyEvent admit(CommandGate gate, String sender, long sequence) {
        return admit(gate, sender, sequence, 7);
    }

    private static SafetyEvent admit(CommandGate gate, String sender, long sequence, long epoch) {
        return gate.admit(
                0,
                Command.of(sender, epoch, sequence, CommandMode.POSITION, 0, 0.5, 0.2),
                EStopState.CLEAR,
                false,
                true,
                null);
    }
}
