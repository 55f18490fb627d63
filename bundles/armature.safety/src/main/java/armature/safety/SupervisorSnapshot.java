package armature.safety;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the retained supervisor document says: the epoch to stamp on commands, the watchdog and
 * e-stop states, and per sender the last applied sequence number (the floor a restarted sender
 * continues above).
 *
 * @param epoch current epoch, 0 before the first
 * @param watchdog watchdog state
 * @param eStop e-stop latch state
 * @param senders sender to last applied sequence number in this epoch (unsigned 64-bit)
 * @param velocityScaleBand the band of the uncertainty curve of the newest {@link
 *     SafetyEvent.Type#VELOCITY_SCALE_BAND} event ({@code none} before any): changes at most once a
 *     second, so the document is not republished with every wobble of the uncertainty
 * @param velocityScaleSender the sender whose uncertainty set that band, or {@code null}
 * @param sensorHold why a holding sensor limit holds the joints, or {@code null} (ADR 0099)
 * @param sensorLimits each configured sensor limit: its clause, action and condition (OK, EXCEEDED,
 *     STALE) as of the newest tick; values and counters are left out so that the retained document
 *     changes only when a condition does
 */
public record SupervisorSnapshot(
        long epoch,
        WatchdogState watchdog,
        EStopState eStop,
        Map<String, Long> senders,
        String velocityScaleBand,
        String velocityScaleSender,
        String sensorHold,
        List<SensorLimitStatus> sensorLimits) {
    public SupervisorSnapshot {
        senders = Collections.unmodifiableMap(new TreeMap<>(senders));
        sensorLimits = List.copyOf(sensorLimits);
    }

    /** A snapshot without sensor limits. */
    public SupervisorSnapshot(
            long epoch,
            WatchdogState watchdog,
            EStopState eStop,
            Map<String, Long> senders,
            String velocityScaleBand,
            String velocityScaleSender) {
        this(
                epoch,
                watchdog,
                eStop,
                senders,
                velocityScaleBand,
                velocityScaleSender,
                null,
                List.of());
    }

    /** A snapshot without uncertainty scaling (band {@code none}). */
    public SupervisorSnapshot(
            long epoch, WatchdogState watchdog, EStopState eStop, Map<String, Long> senders) {
        this(epoch, watchdog, eStop, senders, "none", null);
    }
}
