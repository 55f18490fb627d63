package armature.safety;

/**
 * Counters since the supervisor was created. Every command passed to {@link SafetySupervisor#tick}
 * is counted exactly once: {@code commandsReceived == commandsApplied + commandsRejected()}.
 *
 * @param ticks number of ticks
 * @param commandsReceived non-null commands passed to tick
 * @param commandsApplied commands accepted and applied (each exactly once)
 * @param rejectedInvalid failed validation
 * @param rejectedWrongEpoch from another epoch
 * @param rejectedDuplicate sequence number not above the sender's last applied one
 * @param rejectedSequenceJump sequence number too far above the sender's last applied one
 * @param rejectedExpired arrived after their expiry deadline
 * @param refusedEStop arrived while the e-stop was latched
 * @param refusedAwaitingResync arrived while a re-sync was needed but no usable measured state was
 *     available
 * @param refusedSenderLimit from a sender beyond the per-epoch sender limit
 * @param epoch current epoch (0 before the first)
 * @param senders senders with an applied command in the current epoch
 * @param watchdogState current watchdog state
 * @param eStopState current e-stop state
 */
public record SupervisorStatistics(
        long ticks,
        long commandsReceived,
        long commandsApplied,
        long rejectedInvalid,
        long rejectedWrongEpoch,
        long rejectedDuplicate,
        long rejectedSequenceJump,
        long rejectedExpired,
        long refusedEStop,
        long refusedAwaitingResync,
        long refusedSenderLimit,
        long epoch,
        int senders,
        WatchdogState watchdogState,
        EStopState eStopState) {

    /** All commands that were not applied, for whatever reason. */
    public long commandsRejected() {
        return rejectedInvalid
                + rejectedWrongEpoch
                + rejectedDuplicate
                + rejectedSequenceJump
                + rejectedExpired
                + refusedEStop
                + refusedAwaitingResync
                + refusedSenderLimit;
    }
}
