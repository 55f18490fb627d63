package armature.safety;

/**
 * Command counters of one command epoch, keyed by the epoch stamped on the commands (so a command
 * of epoch 3 that arrives after epoch 4 began counts as a stale rejection of epoch 3). Every
 * command is counted once: {@code received == applied + rejected()}.
 *
 * @param epoch the epoch stamped on the commands; {@code 0} collects commands stamped with an epoch
 *     that was never begun or is no longer kept (only the newest {@link #KEPT} are)
 * @param received commands of this epoch passed to the supervisor
 * @param applied applied (each exactly once)
 * @param rejectedInvalid failed content validation
 * @param rejectedWrongEpoch arrived while another epoch was current (stale or unknown)
 * @param rejectedDuplicate sequence not above the sender's last applied one
 * @param rejectedSequenceJump sequence more than the allowed step above the sender's last applied
 *     one
 * @param rejectedExpired arrived after their expiry deadline
 * @param refusedEStop arrived while the e-stop was latched
 * @param refusedAwaitingResync arrived while a re-sync lacked usable measured state
 * @param refusedSenderLimit from a new sender when the epoch already had the most senders allowed
 * @param refusedSensorHold arrived while a holding sensor limit was in force
 */
public record EpochStatistics(
        long epoch,
        long received,
        long applied,
        long rejectedInvalid,
        long rejectedWrongEpoch,
        long rejectedDuplicate,
        long rejectedSequenceJump,
        long rejectedExpired,
        long refusedEStop,
        long refusedAwaitingResync,
        long refusedSenderLimit,
        long refusedSensorHold) {

    /** Counters without sensor holds (as before sensor limits existed). */
    public EpochStatistics(
            long epoch,
            long received,
            long applied,
            long rejectedInvalid,
            long rejectedWrongEpoch,
            long rejectedDuplicate,
            long rejectedSequenceJump,
            long rejectedExpired,
            long refusedEStop,
            long refusedAwaitingResync,
            long refusedSenderLimit) {
        this(
                epoch,
                received,
                applied,
                rejectedInvalid,
                rejectedWrongEpoch,
                rejectedDuplicate,
                rejectedSequenceJump,
                rejectedExpired,
                refusedEStop,
                refusedAwaitingResync,
                refusedSenderLimit,
                0);
    }

    /** How many epochs are kept, the current one included. */
    public static final int KEPT = 8;

    /** All commands of this epoch that were not applied. */
    public long rejected() {
        return rejectedInvalid
                + rejectedWrongEpoch
                + rejectedDuplicate
                + rejectedSequenceJump
                + rejectedExpired
                + refusedEStop
                + refusedAwaitingResync
                + refusedSenderLimit
                + refusedSensorHold;
    }
}
