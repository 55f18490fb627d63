package armature.safety;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a command may be applied: content, epoch, sequence, expiry, e-stop and re-sync,
 * in that order. Owns the epoch, the last applied sequence number and the command counters, so
 * every command is counted exactly once as applied or as one kind of rejection.
 */
final class CommandGate {
    // Per-epoch counter slots, indexed like the global counters below.
    private static final int RECEIVED = 0;
    private static final int APPLIED = 1;
    private static final int INVALID = 2;
    private static final int WRONG_EPOCH = 3;
    private static final int DUPLICATE = 4;
    private static final int EXPIRED = 5;
    private static final int ESTOP = 6;
    private static final int RESYNC = 7;

    private final CommandValidator validator;
    // Ring of the newest epochs' counters; slot 0 of keptEpochs is unused (epoch 0 = other).
    private final long[] keptEpochs = new long[EpochStatistics.KEPT];
    private final long[][] epochCounts = new long[EpochStatistics.KEPT][8];
    private final long[] otherEpochCounts = new long[8];
    private long[] counting; // the slot of the command being admitted

    private long epoch = 1;
    private long lastAppliedSequence = Long.MIN_VALUE;
    private long received;
    private long applied;
    private long rejectedInvalid;
    private long rejectedWrongEpoch;
    private long rejectedDuplicate;
    private long rejectedExpired;
    private long refusedEStop;
    private long refusedAwaitingResync;

    CommandGate(SafetyConfig config) {
        validator = new CommandValidator(config);
        keptEpochs[slot(epoch)] = epoch;
    }

    private static int slot(long e) {
        return (int) (e % EpochStatistics.KEPT);
    }

    /** Counters for commands stamped with epoch {@code e}; no allocation. */
    private long[] countsFor(long e) {
        if (e > 0 && keptEpochs[slot(e)] == e) {
            return epochCounts[slot(e)];
        }
        return otherEpochCounts;
    }

    void limits(List<JointLimits> limits) {
        validator.limits(limits);
    }

    /**
     * Returns {@code null} when the command may be applied (the caller then calls {@link
     * #applied}), otherwise the counted rejection event.
     *
     * @param eStop current e-stop state
     * @param needsSync the output target must be re-synced to measured state before applying
     * @param measuredUsable usable measured state is available this tick
     */
    SafetyEvent admit(
            long now, Command c, EStopState eStop, boolean needsSync, boolean measuredUsable) {
        received++;
        counting = countsFor(c.epoch());
        counting[RECEIVED]++;
        SafetyEvent invalid = validator.validate(now, c);
        if (invalid != null) {
            rejectedInvalid++;
            counting[INVALID]++;
            return invalid;
        }
        if (c.epoch() != epoch) {
            rejectedWrongEpoch++;
            counting[WRONG_EPOCH]++;
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.COMMAND_WRONG_EPOCH,
                    "epoch",
                    c.epoch(),
                    Long.toString(epoch),
                    "command rejected: epoch = "
                            + c.epoch()
                            + " is "
                            + (c.epoch() < epoch ? "stale" : "unknown")
                            + "; allowed: current epoch "
                            + epoch);
        }
        if (c.sequence() <= lastAppliedSequence) {
            rejectedDuplicate++;
            counting[DUPLICATE]++;
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.COMMAND_DUPLICATE,
                    "sequence",
                    c.sequence(),
                    "> " + lastAppliedSequence,
                    "command rejected as duplicate/replay: sequence = "
                            + c.sequence()
                            + "; allowed: greater than last applied "
                            + lastAppliedSequence
                            + " in epoch "
                            + epoch);
        }
        if (now >= c.expiryNanos()) {
            rejectedExpired++;
            counting[EXPIRED]++;
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.COMMAND_EXPIRED,
                    "expiryNanos",
                    c.expiryNanos(),
                    "> " + now,
                    "command rejected: expired "
                            + (now - c.expiryNanos())
                            + " ns before it arrived (sequence "
                            + c.sequence()
                            + ")");
        }
        if (eStop != EStopState.CLEAR) {
            refusedEStop++;
            counting[ESTOP]++;
            return SafetyEvent.of(
                    now,
                    SafetyEvent.Type.COMMAND_REFUSED_ESTOP,
                    "command refused: e-stop is " + eStop);
        }
        if ((needsSync || c.mode() == CommandMode.EFFORT) && !measuredUsable) {
            refusedAwaitingResync++;
            counting[RESYNC]++;
            return SafetyEvent.of(
                    now,
                    SafetyEvent.Type.COMMAND_REFUSED_AWAITING_RESYNC,
                    "command refused: "
                            + (needsSync ? "re-sync" : "effort mode")
                            + " needs usable measured state");
        }
        return null;
    }

    void applied(Command c) {
        lastAppliedSequence = c.sequence();
        applied++;
        countsFor(c.epoch())[APPLIED]++;
    }

    /** Starts the next epoch; sequence numbers start over. */
    long beginEpoch() {
        epoch++;
        lastAppliedSequence = Long.MIN_VALUE;
        int s = slot(epoch);
        if (keptEpochs[s] != 0) {
            // The oldest kept epoch leaves the ring; its commands join the "other" counts.
            for (int k = 0; k < otherEpochCounts.length; k++) {
                otherEpochCounts[k] += epochCounts[s][k];
            }
        }
        keptEpochs[s] = epoch;
        Arrays.fill(epochCounts[s], 0);
        return epoch;
    }

    long epoch() {
        return epoch;
    }

    long lastAppliedSequence() {
        return lastAppliedSequence;
    }

    /** Kept epochs oldest first, then epoch 0 (others) if it counted anything. */
    List<EpochStatistics> epochStatistics() {
        List<EpochStatistics> list = new ArrayList<>();
        for (long e = Math.max(1, epoch - EpochStatistics.KEPT + 1); e <= epoch; e++) {
            if (keptEpochs[slot(e)] == e) {
                list.add(toStatistics(e, epochCounts[slot(e)]));
            }
        }
        if (otherEpochCounts[RECEIVED] > 0) {
            list.add(toStatistics(0, otherEpochCounts));
        }
        return list;
    }

    private static EpochStatistics toStatistics(long e, long[] c) {
        return new EpochStatistics(
                e,
                c[RECEIVED],
                c[APPLIED],
                c[INVALID],
                c[WRONG_EPOCH],
                c[DUPLICATE],
                c[EXPIRED],
                c[ESTOP],
                c[RESYNC]);
    }

    SupervisorStatistics statistics(long ticks, WatchdogState state, EStopState eStop) {
        return new SupervisorStatistics(
                ticks,
                received,
                applied,
                rejectedInvalid,
                rejectedWrongEpoch,
                rejectedDuplicate,
                rejectedExpired,
                refusedEStop,
                refusedAwaitingResync,
                epoch,
                lastAppliedSequence,
                state,
                eStop);
    }
}
