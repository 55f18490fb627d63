package armature.control.loop;

import static org.assertj.core.api.Assertions.assertThat;

import armature.safety.Command;
import armature.safety.CommandMode;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever arrives on the command side (garbage values, NaN, infinities, wrong lengths, random
 * epochs, sequences, modes and expiries), every goal the driver receives is inside the position
 * limits and no step exceeds vmax * dt (+1e-9 rad rounding). Also checks the command accounting.
 */
class NoPathAroundTheSupervisorTest {
    private static final double DT = LoopRig.PERIOD_NANOS / 1e9;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomCommandStreamNeverDrivesPastTheLimits(long seed) {
        Random rnd = new Random(seed);
        LoopRig rig = new LoopRig(3);
        FakeDriver d = FakeDriver.position(rig, 0.0, 0.5, -0.5);
        rig.core.attachDriver(d);
        rig.tick();
        long offered = 0;
        double[] previous = d.positionRad.clone();
        for (int k = 0; k < 3000; k++) {
            if (rnd.nextInt(3) > 0) {
                rig.inbox.offer(randomCommand(rnd, rig));
                offered++;
            }
            if (rnd.nextInt(500) == 0) {
                // A driver swap in the middle of it, to a device somewhere else.
                FakeDriver next =
                        FakeDriver.position(
                                rig, rnd.nextDouble() - 0.5, rnd.nextDouble(), -rnd.nextDouble());
                rig.core.attachDriver(next);
                rig.core.detachDriver(d);
                d = next;
                previous = d.positionRad.clone();
            }
            rig.tick();
            for (int j = 0; j < 3; j++) {
                double p = d.positionRad[j];
                assertThat(p).as("seed %d tick %d joint %d", seed, k, j).isBetween(-2.0, 2.0);
                assertThat(Math.abs(p - previous[j]))
                        .as("seed %d tick %d joint %d step", seed, k, j)
                        .isLessThanOrEqualTo(LoopRig.MAX_VELOCITY_RAD_PER_SEC * DT + 1e-9);
                previous[j] = p;
            }
        }
        var s = rig.supervisor.statistics();
        var in = rig.inbox.counts();
        assertThat(in.offered()).isEqualTo(offered);
        assertThat(in.taken() + in.superseded() + (in.pending() ? 1 : 0)).isEqualTo(offered);
        assertThat(s.commandsReceived()).isEqualTo(in.taken());
        assertThat(s.commandsReceived()).isEqualTo(s.commandsApplied() + s.commandsRejected());
        assertThat(s.commandsApplied()).isPositive();
    }

    private static Command randomCommand(Random rnd, LoopRig rig) {
        long epoch = rnd.nextInt(10) == 0 ? rnd.nextInt(5) : rig.supervisor.currentEpoch();
        long seq = rnd.nextInt(20) == 0 ? rnd.nextInt(3) : rig.nowNanos; // mostly increasing
        CommandMode mode =
                switch (rnd.nextInt(12)) {
                    case 0 -> null;
                    case 1 -> CommandMode.VELOCITY;
                    case 2 -> CommandMode.EFFORT;
                    default -> CommandMode.POSITION;
                };
        int n = rnd.nextInt(15) == 0 ? rnd.nextInt(5) : 3;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] =
                    switch (rnd.nextInt(40)) {
                        case 0 -> Double.NaN;
                        case 1 -> Double.POSITIVE_INFINITY;
                        case 2 -> 10 * (rnd.nextDouble() - 0.5);
                        default -> 3.8 * (rnd.nextDouble() - 0.5);
                    };
        }
        long expiry =
                rnd.nextInt(10) == 0
                        ? rig.nowNanos + rnd.nextInt(6_000_000) - 2_000_000
                        : Command.NO_EXPIRY;
        String sender =
                switch (rnd.nextInt(25)) {
                    case 0 -> null;
                    case 1, 2, 3 -> "b";
                    default -> "a";
                };
        return new Command(sender, epoch, seq, mode, v, expiry);
    }
}
