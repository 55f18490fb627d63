package armature.safety;

import java.util.List;

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
 * @param velocityScale the factor on every joint's velocity limit now, in (0, 1] (ADR 0093)
 * @param uncertainty the followed command's uncertainty, or {@code null} when it carries none
 * @param velocityScaleBand the band of the uncertainty curve in force now, in words: {@code none}
 *     (no uncertainty, scale 1), {@code missing} (a measuring sender left it out: the floor) or the
 *     curve's band such as {@code uncertainty 0.05 to 0.2}
 * @param commandsWithUncertainty applied commands that carried an uncertainty
 * @param commandsScaled applied commands followed at a scale below 1
 * @param uncertaintyMissing applied commands without an uncertainty from a sender that sent one
 *     earlier in the stream (followed at the curve's floor)
 * @param refusedSensorHold arrived while a holding sensor limit was in force (ADR 0099)
 * @param sensorHold why a holding sensor limit holds the joints now, or {@code null}
 * @param sensorLimits every configured sensor limit and where it stands, in configuration order
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
        EStopState eStopState,
        double velocityScale,
        Double uncertainty,
        String velocityScaleBand,
        long commandsWithUncertainty,
        long commandsScaled,
        long uncertaintyMissing,
        long refusedSensorHold,
        String sensorHold,
        List<SensorLimitStatus> sensorLimits) {
    public SupervisorStatistics {
        sensorLimits = List.copyOf(sensorLimits);
    }

    /** All commands that were not applied, for whatever reason. */
    public long commandsRejected() {
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
