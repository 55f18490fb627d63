package armature.safety;

import armature.control.api.CommandContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a command may be applied: content, epoch, sender limit, sequence, expiry, e-stop
 * and re-sync, in that order. Owns the epoch, the per-sender sequence floors and the command
 * counters, so every command is counted exactly once as applied or as one kind of rejection.
 *
 * <p>Sequence numbers are unsigned 64-bit and per sender ({@link
 * CommandContract#sequenceAcceptable}): a frame numbered 2^63-1 from one sender is a jump refused
 * for that sender alone and changes nothing for any other.
 */
final class CommandGate {
    // Per-epoch counter slots, indexed like the global counters below.
    private static final int RECEIVED = 0;
    private static final int APPLIED = 1;
    private static final int INVALID = 2;
    private static final int WRONG_EPOCH = 3;
    private static final int DUPLICATE = 4;
    private static final int SEQUENCE_JUMP = 5;
    private static final int EXPIRED = 6;
    private static final int ESTOP = 7;
    private static final int RESYNC = 8;
    private static final int SENDER_LIMIT = 9;
    private static final int SENSOR_HOLD = 10;
    private static final int COUNTERS = 11;

    private final CommandValidator validator;
    // Ring of the newest epochs' counters in the order they began; 0 marks an unused slot.
    private final long[] keptEpochs = new long[EpochStatistics.KEPT];
    private final long[][] epochCounts = new long[EpochStatistics.KEPT][COUNTERS];
    private final long[] otherEpochCounts = new long[COUNTERS];
    private final long[] totals = new long[COUNTERS];
    private int newestSlot = EpochStatistics.KEPT - 1;
    private final SenderFloors floors = new SenderFloors();

    private long epoch; // 0: none begun yet, so no command matches

    /**
     * @param firstEpoch the epoch to begin with, or 0 for none (every command is then of a wrong
     *     epoch until {@link #beginEpoch} is called)
     */
    CommandGate(SafetyConfig config, long firstEpoch) {
        validator = new CommandValidator(config);
        if (firstEpoch != 0) {
            beginEpoch(firstEpoch);
        }
    }

    /** Counters for commands stamped with epoch {@code e}; no allocation. */
    private long[] countsFor(long e) {
        if (e != 0) {
            for (int i = 0; i < keptEpochs.length; i++) {
                if (keptEpochs[i] == e) {
                    return epochCounts[i];
                }
            }
        }
        return otherEpochCounts;
    }

    private void count(long[] perEpoch, int counter) {
        perEpoch[counter]++;
        totals[counter]++;
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
     * @param sensorHold why a holding sensor limit is in force, or {@code null}
     */
    SafetyEvent admit(
            long now,
            Command c,
            EStopState eStop,
            boolean needsSync,
            boolean measuredUsable,
            String sensorHold) {
        long[] counting = countsFor(c.epoch());
        count(counting, RECEIVED);
        SafetyEvent invalid = validator.validate(now, c);
        if (invalid != null) {
            count(counting, INVALID);
            return invalid;
        }
        if (epoch == 0 || c.epoch() != epoch) {
            count(counting, WRONG_EPOCH);
            return wrongEpoch(now, c);
        }
        int sender = floors.indexOf(c.sender());
        if (sender < 0 && floors.full()) {
            count(counting, SENDER_LIMIT);
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.COMMAND_REFUSED_SENDER_LIMIT,
                    "sender",
                    Double.NaN,
                    "one of the " + floors.size() + " senders of this epoch",
                    "command refused: sender '"
                            + c.sender()
                            + "' would be sender "
                            + (floors.size() + 1)
                            + " of epoch "
                            + epoch
                            + "; allowed: at most "
                            + CommandContract.MAX_SENDERS_PER_EPOCH
                            + " senders per epoch (the next epoch starts over)");
        }
        long floor = floors.floor(sender);
        if (!CommandContract.sequenceAcceptable(floor, c.sequence())) {
            boolean replay = Long.compareUnsigned(c.sequence(), floor) <= 0;
            count(counting, replay ? DUPLICATE : SEQUENCE_JUMP);
            return sequenceRefused(now, c, floor, replay);
        }
        if (now >= c.expiryNanos()) {
            count(counting, EXPIRED);
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.COMMAND_EXPIRED,
                    "expiryNanos",
                    c.expiryNanos(),
                    "> " + now,
                    "command rejected: expired "
                            + (now - c.expiryNanos())
                            + " ns before it arrived (sender '"
                            + c.sender()
                            + "', sequence "
                            + Long.toUnsignedString(c.sequence())
                            + ")");
        }
        if (eStop != EStopState.CLEAR) {
            count(counting, ESTOP);
            return SafetyEvent.of(
                    now,
                    SafetyEvent.Type.COMMAND_REFUSED_ESTOP,
                    "command from '" + c.sender() + "' refused: e-stop is " + eStop);
        }
        if (sensorHold != null) {
            count(counting, SENSOR_HOLD);
            return new SafetyEvent(
                    now,
                    SafetyEvent.Type.COMMAND_REFUSED_SENSOR_HOLD,
                    "sensorLimits",
                    Double.NaN,
                    "every holding sensor limit satisfied, then a fresh command",
                    "command from '"
                            + c.sender()
                            + "' refused: sensor limit holds the joints ("
                            + sensorHold
                            + ")");
        }
        if ((needsSync || c.mode() == CommandMode.EFFORT) && !measuredUsable) {
            count(counting, RESYNC);
            return SafetyEvent.of(
                    now,
                    SafetyEvent.Type.COMMAND_REFUSED_AWAITING_RESYNC,
                    "command refused: "
                            + (needsSync ? "re-sync" : "effort mode")
                            + " needs usable measured state");
        }
        return null;
    }

    private SafetyEvent wrongEpoch(long now, Command c) {
        String allowed = epoch == 0 ? "none begun yet" : Long.toString(epoch);
        return new SafetyEvent(
                now,
                SafetyEvent.Type.COMMAND_WRONG_EPOCH,
                "epoch",
                c.epoch(),
                allowed,
                "command rejected: epoch = "
                        + Long.toUnsignedString(c.epoch())
                        + " is "
                        + (Long.compareUnsigned(c.epoch(), epoch) < 0 ? "stale" : "unknown")
                        + "; allowed: current epoch "
                        + allowed);
    }

    private SafetyEvent sequenceRefused(long now, Command c, long floor, boolean replay) {
        String seq = Long.toUnsignedString(c.sequence());
        String last = Long.toUnsignedString(floor);
        String max = Long.toUnsignedString(floor + CommandContract.MAX_SEQUENCE_STEP);
        String allowed = "(" + last + ", " + max + "] (unsigned)";
        return new SafetyEvent(
                now,
                replay
                        ? SafetyEvent.Type.COMMAND_DUPLICATE
                        : SafetyEvent.Type.COMMAND_SEQUENCE_JUMP,
                "sequence",
                unsignedToDouble(c.sequence()),
                allowed,
                "command rejected as "
                        + (replay ? "duplicate/replay" : "too far ahead")
                        + ": sequence = "
                        + seq
                        + " from sender '"
                        + c.sender()
                        + "'; allowed: greater than its last applied "
                        + last
                        + " in epoch "
                        + epoch
                        + ", by at most "
                        + CommandContract.MAX_SEQUENCE_STEP);
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** Records an applied command (after {@link #admit} returned {@code null} for it). */
    void applied(Command c) {
        floors.applied(floors.indexOf(c.sender()), c.sender(), c.sequence());
        count(countsFor(c.epoch()), APPLIED);
    }

    /** Starts {@code next}; every sender's sequence numbers start over. */
    void beginEpoch(long next) {
        epoch = next;
        floors.clear();
        int s = (newestSlot + 1) % keptEpochs.length;
        if (keptEpochs[s] != 0) {
            // The oldest kept epoch leaves the ring; its commands join the "other" counts.
            for (int k = 0; k < COUNTERS; k++) {
                otherEpochCounts[k] += epochCounts[s][k];
            }
        }
        keptEpochs[s] = next;
        Arrays.fill(epochCounts[s], 0);
        newestSlot = s;
    }

    long epoch() {
        return epoch;
    }

    /** The sender's last applied sequence in this epoch (unsigned), 0 when none; no allocation. */
    long lastAppliedSequence(String sender) {
        return floors.floor(floors.indexOf(sender));
    }

    Map<String, Long> senderFloors() {
        return floors.snapshot();
    }

    /** Kept epochs oldest first, then epoch 0 (others) if it counted anything. */
    List<EpochStatistics> epochStatistics() {
        List<EpochStatistics> list = new ArrayList<>();
        for (int k = keptEpochs.length - 1; k >= 0; k--) {
            int s = (newestSlot - k + keptEpochs.length) % keptEpochs.length;
            if (keptEpochs[s] != 0) {
                list.add(toStatistics(keptEpochs[s], epochCounts[s]));
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
                c[SEQUENCE_JUMP],
                c[EXPIRED],
                c[ESTOP],
                c[RESYNC],
                c[SENDER_LIMIT],
                c[SENSOR_HOLD]);
    }

    SupervisorStatistics statistics(
            long ticks,
            WatchdogState state,
            EStopState eStop,
            VelocityScaling scaling,
            String sensorHold,
            List<SensorLimitStatus> sensorLimits) {
        return new SupervisorStatistics(
                ticks,
                totals[RECEIVED],
                totals[APPLIED],
                totals[INVALID],
                totals[WRONG_EPOCH],
                totals[DUPLICATE],
                totals[SEQUENCE_JUMP],
                totals[EXPIRED],
                totals[ESTOP],
                totals[RESYNC],
                totals[SENDER_LIMIT],
                epoch,
                floors.size(),
                state,
                eStop,
                scaling.scale(),
                Double.isNaN(scaling.uncertainty()) ? null : scaling.uncertainty(),
                scaling.bandLabel(),
                scaling.commandsWithUncertainty(),
                scaling.commandsScaled(),
                scaling.uncertaintyMissing(),
                totals[SENSOR_HOLD],
                sensorHold,
                sensorLimits);
    }
}
