package armature.safety;

/**
 * Decides whether a command may be applied: content, epoch, sequence, expiry, e-stop and re-sync,
 * in that order. Owns the epoch, the last applied sequence number and the command counters, so
 * every command is counted exactly once as applied or as one kind of rejection.
 */
final class CommandGate {
    private final CommandValidator validator;

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
        SafetyEvent invalid = validator.validate(now, c);
        if (invalid != null) {
            rejectedInvalid++;
            return invalid;
        }
        if (c.epoch() != epoch) {
            rejectedWrongEpoch++;
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
            return SafetyEvent.of(
                    now,
                    SafetyEvent.Type.COMMAND_REFUSED_ESTOP,
                    "command refused: e-stop is " + eStop);
        }
        if ((needsSync || c.mode() == CommandMode.EFFORT) && !measuredUsable) {
            refusedAwaitingResync++;
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
    }

    /** Starts the next epoch; sequence numbers start over. */
    long beginEpoch() {
        epoch++;
        lastAppliedSequence = Long.MIN_VALUE;
        return epoch;
    }

    long epoch() {
        return epoch;
    }

    long lastAppliedSequence() {
        return lastAppliedSequence;
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
