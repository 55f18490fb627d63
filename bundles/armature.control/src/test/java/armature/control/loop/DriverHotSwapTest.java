package armature.control.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.safety.Command;
import armature.safety.CommandMode;
import armature.safety.EpochStatistics;
import armature.safety.SafetyEvent;
import armature.safety.SupervisorStatistics;
import armature.safety.WatchdogState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replaces the driver while a command stream is running, as a DS dynamic reference does, and
 * accounts for every command. Tolerance for "no jump": the first goal written to the new driver is
 * its own measured position to 1e-9 rad, and no later step exceeds vmax * dt.
 */
class DriverHotSwapTest {
    private static final double DT = LoopRig.PERIOD_NANOS / 1e9;
    private static final double STEP_BOUND_RAD = LoopRig.MAX_VELOCITY_RAD_PER_SEC * DT + 1e-9;

    @Test
    void swapMidStreamLosesNoCommandAppliesNoneTwiceAndDoesNotJump() {
        LoopRig rig = new LoopRig(2);
        FakeDriver a = FakeDriver.position(rig, 0.0, 0.0);
        rig.core.attachDriver(a);
        rig.tick();
        long oldEpoch = rig.frameEpoch();

        long sent = 0;
        long seq = 0;
        // 100 commands on driver A, one per tick: a slow ramp towards 0.3 rad.
        for (int k = 0; k < 100; k++) {
            rig.inbox.offer(Command.of(oldEpoch, ++seq, CommandMode.POSITION, 0.3, 0.3));
            sent++;
            rig.tick();
        }
        long appliedBeforeSwap = rig.supervisor.statistics().commandsApplied();
        assertThat(appliedBeforeSwap).isEqualTo(100);

        // Driver B sits elsewhere (the other hand, or a simulator after a reset).
        FakeDriver b = FakeDriver.position(rig, -0.5, 0.8);
        rig.core.attachDriver(b);
        rig.core.detachDriver(a); // DS greedy replacement: bind new, then unbind old
        int writesToA = a.writes.size();

        // The source keeps sending with the old epoch for 10 ticks before it notices.
        for (int k = 0; k < 10; k++) {
            rig.inbox.offer(Command.of(oldEpoch, ++seq, CommandMode.POSITION, 0.3, 0.3));
            sent++;
            rig.tick();
        }
        assertThat(a.writes).hasSize(writesToA);
        long newEpoch = rig.frameEpoch();
        assertThat(newEpoch).isEqualTo(oldEpoch + 1);
        assertThat(rig.count(SafetyEvent.Type.COMMAND_WRONG_EPOCH)).isEqualTo(10);
        assertThat(rig.supervisor.watchdogState()).isNotEqualTo(WatchdogState.ACTIVE);
        // Re-synced to B's measured pose: the first goal B sees is where B already is.
        assertThat(b.writes.get(0)[0]).isCloseTo(-0.5, within(1e-9));
        assertThat(b.writes.get(0)[1]).isCloseTo(0.8, within(1e-9));

        // New epoch: sequences start again; one duplicate is re-sent by a flaky source.
        long newSeq = 0;
        double[] previous = b.positionRad.clone();
        for (int k = 0; k < 300; k++) {
            rig.inbox.offer(Command.of(newEpoch, ++newSeq, CommandMode.POSITION, 0.3, 0.3));
            sent++;
            rig.tick();
            if (k == 150) {
                rig.inbox.offer(Command.of(newEpoch, newSeq, CommandMode.POSITION, 0.3, 0.3));
                sent++;
                rig.tick();
            }
            for (int j = 0; j < 2; j++) {
                assertThat(Math.abs(b.positionRad[j] - previous[j]))
                        .as("step %d joint %d", k, j)
                        // Two ticks ran in the iteration that re-sent a duplicate.
                        .isLessThanOrEqualTo(k == 150 ? 2 * STEP_BOUND_RAD : STEP_BOUND_RAD);
                previous[j] = b.positionRad[j];
            }
        }

        SupervisorStatistics s = rig.supervisor.statistics();
        CommandInbox.Counts in = rig.inbox.counts();
        assertThat(in.offered()).isEqualTo(sent);
        assertThat(in.superseded()).isZero();
        assertThat(in.taken()).isEqualTo(s.commandsReceived());
        assertThat(s.commandsReceived()).isEqualTo(s.commandsApplied() + s.commandsRejected());
        assertThat(s.commandsApplied()).isEqualTo(100 + 300);
        assertThat(s.rejectedWrongEpoch()).isEqualTo(10);
        assertThat(s.rejectedDuplicate()).isEqualTo(1);
        assertThat(rig.supervisor.lastAppliedSequence(Command.IN_PROCESS)).isEqualTo(300);
        assertThat(b.positionRad[0]).isCloseTo(0.3, within(1e-9));
        assertThat(b.positionRad[1]).isCloseTo(0.3, within(1e-9));
        assertThat(rig.core.counters().epochsBegun()).isEqualTo(2);

        // The same accounting per epoch: 100 applied in the old epoch and 10 of it stale after
        // the swap; 300 applied and one replay in the new one.
        List<EpochStatistics> epochs = rig.supervisor.epochStatistics();
        EpochStatistics old = epochs.stream().filter(e -> e.epoch() == oldEpoch).findFirst().get();
        EpochStatistics now = epochs.stream().filter(e -> e.epoch() == newEpoch).findFirst().get();
        assertThat(old).isEqualTo(new EpochStatistics(oldEpoch, 110, 100, 0, 10, 0, 0, 0, 0, 0, 0));
        assertThat(now).isEqualTo(new EpochStatistics(newEpoch, 301, 300, 0, 0, 1, 0, 0, 0, 0, 0));
        Map<Long, CommandInbox.EpochCounts> offered = rig.inbox.countsByEpoch();
        assertThat(offered.get(oldEpoch)).isEqualTo(new CommandInbox.EpochCounts(110, 0, false));
        assertThat(offered.get(newEpoch)).isEqualTo(new CommandInbox.EpochCounts(301, 0, false));
        assertThat(rig.core.epochDrivers()).containsEntry(oldEpoch, "driver");
    }

    @Test
    void loopWithoutDriverWritesNothingAndBeginsAnEpochOnReattach() {
        LoopRig rig = new LoopRig(1);
        FakeDriver a = FakeDriver.position(rig, 0.2);
        rig.core.attachDriver(a);
        rig.ticks(2);
        rig.core.detachDriver(a);
        int frames = rig.frames;
        int writes = a.writes.size();
        rig.ticks(5);
        assertThat(rig.frames).isEqualTo(frames);
        assertThat(a.writes).hasSize(writes);
        assertThat(rig.core.hasDriver()).isFalse();
        FakeDriver b = FakeDriver.position(rig, -0.1);
        rig.core.attachDriver(b);
        rig.tick();
        assertThat(rig.core.counters().epochsBegun()).isEqualTo(3);
        assertThat(rig.framePosition(0)).isEqualTo(-0.1);
    }
}
