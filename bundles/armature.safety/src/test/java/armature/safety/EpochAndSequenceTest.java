package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpochAndSequenceTest {

    @Test
    void replayedAndOlderSequenceNumbersAreRejectedAndNothingIsAppliedTwice() {
        Rig rig = new Rig();
        Command first = rig.position(0.1, 0.5, 0.2);
        rig.tickAtMs(0, first);
        Output out = rig.tickAtMs(1, first);
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.COMMAND_DUPLICATE);
        SafetyEvent e = out.events().get(0);
        assertThat(e.field()).isEqualTo("sequence");
        assertThat(e.value()).isEqualTo(1.0);
        assertThat(e.message()).contains("greater than its last applied 1 in epoch 1");

        out = rig.tickAtMs(2, Command.of(1, 0, CommandMode.POSITION, 0, 0.5, 0.2));
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.COMMAND_DUPLICATE);

        SupervisorStatistics s = rig.supervisor.statistics();
        assertThat(s.commandsApplied()).isEqualTo(1);
        assertThat(s.rejectedDuplicate()).isEqualTo(2);
        assertThat(rig.supervisor.lastAppliedSequence(Command.IN_PROCESS)).isEqualTo(1);
    }

    @Test
    void beginEpochMakesOldCommandsStaleForcesHoldAndNeedsResync() {
        Rig rig = new Rig();
        rig.activate(0);
        Command oldEpoch = rig.position(0.1, 0.5, 0.2);

        rig.nowNanos = 5 * Rig.MS;
        long newEpoch = rig.supervisor.beginEpoch();
        assertThat(newEpoch).isEqualTo(2);
        assertThat(rig.supervisor.watchdogState()).isEqualTo(WatchdogState.HOLDING);

        // Driver swap in progress: no measured state. Events raised by beginEpoch arrive now.
        Output out = rig.supervisor.tick(6 * Rig.MS, null, oldEpoch);
        assertThat(Rig.types(out))
                .containsExactly(
                        SafetyEvent.Type.EPOCH_BEGUN,
                        SafetyEvent.Type.ENTERED_HOLDING,
                        SafetyEvent.Type.MEASURED_STATE_INVALID,
                        SafetyEvent.Type.COMMAND_WRONG_EPOCH);
        SafetyEvent stale = out.events().get(3);
        assertThat(stale.field()).isEqualTo("epoch");
        assertThat(stale.message()).contains("epoch = 1 is stale; allowed: current epoch 2");
        assertThat(out.kind()).isEqualTo(OutputKind.POSITION);

        // A new-epoch command still waits for the new driver's first reading.
        out = rig.supervisor.tick(7 * Rig.MS, null, rig.position(0.1, 0.5, 0.2));
        assertThat(Rig.types(out))
                .containsExactly(SafetyEvent.Type.COMMAND_REFUSED_AWAITING_RESYNC);

        // The new driver reports a slightly different pose; the hold re-syncs to it.
        rig.measure(0.01, 0.52, 0.21);
        out = rig.tickAtMs(8, null);
        assertThat(Rig.types(out))
                .containsExactly(SafetyEvent.Type.MEASURED_STATE_VALID, SafetyEvent.Type.RESYNCED);
        assertThat(out.positionRad(0)).isEqualTo(0.01);
        assertThat(out.positionRad(1)).isEqualTo(0.52);

        // Sequence numbers start over in the new epoch.
        out = rig.tickAtMs(9, Command.of(2, 1, CommandMode.POSITION, 0.1, 0.5, 0.2));
        assertThat(Rig.types(out)).containsExactly(SafetyEvent.Type.ENTERED_ACTIVE);
        out = rig.tickAtMs(10, Command.of(3, 2, CommandMode.POSITION, 0.1, 0.5, 0.2));
        assertThat(out.events().get(0).message()).contains("epoch = 3 is unknown");
    }

    @Test
    void everyCommandIsCountedOnceAndAppliedSequencesStrictlyIncrease() {
        SplittableRandom r = new SplittableRandom(42);
        Rig rig = new Rig();
        List<Command> sent = new ArrayList<>();
        Set<Long> appliedSequences = new HashSet<>();
        long lastApplied = Long.MIN_VALUE;
        long epochChanges = 0;
        for (int k = 0; k < 20_000; k++) {
            Command c = null;
            int roll = r.nextInt(100);
            if (roll < 55) {
                c =
                        rig.position(
                                r.nextDouble(-0.3, 0.3),
                                r.nextDouble(0, 1.5),
                                r.nextDouble(0, 1.5));
            } else if (roll < 65 && !sent.isEmpty()) {
                c = sent.get(r.nextInt(sent.size())); // replay of something old
            } else if (roll < 70) {
                c = rig.position(Double.NaN, 0.5, 0.2);
            } else if (roll < 71) {
                rig.nowNanos = k * Rig.MS;
                rig.supervisor.beginEpoch();
                epochChanges++;
            }
            if (c != null) {
                sent.add(c);
            }
            long before = rig.supervisor.statistics().commandsApplied();
            rig.tickAtMs(k, c);
            SupervisorStatistics s = rig.supervisor.statistics();
            if (s.commandsApplied() > before) {
                assertThat(s.commandsApplied()).isEqualTo(before + 1);
                long key =
                        s.epoch() * 1_000_000_000L
                                + rig.supervisor.lastAppliedSequence(Command.IN_PROCESS);
                assertThat(appliedSequences.add(key)).as("applied twice: " + key).isTrue();
                // Epochs only grow, so (epoch, sequence) of applied commands strictly increases.
                assertThat(key).isGreaterThan(lastApplied);
                lastApplied = key;
            }
        }
        SupervisorStatistics s = rig.supervisor.statistics();
        assertThat(s.commandsReceived()).isEqualTo(sent.size());
        assertThat(s.commandsReceived()).isEqualTo(s.commandsApplied() + s.commandsRejected());
        assertThat(s.commandsApplied()).isEqualTo(appliedSequences.size());
        assertThat(s.rejectedDuplicate()).isPositive();
        assertThat(s.rejectedWrongEpoch()).isPositive();
        assertThat(s.rejectedInvalid()).isPositive();
        assertThat(s.epoch()).isEqualTo(1 + epochChanges);
    }
}
