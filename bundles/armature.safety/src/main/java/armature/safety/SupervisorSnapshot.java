package armature.safety;

import java.util.Collections;
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
 */
public record SupervisorSnapshot(
        long epoch,
        WatchdogState watchdog,
        EStopState eStop,
        Map<String, Long> senders,
        String velocityScaleBand,
        String velocityScaleSender) {
    public SupervisorSnapshot {
        senders = Collections.unmodifiableMap(new TreeMap<>(senders));
    }

    /** A snapshot without uncertainty scaling (band {@code none}). */
    public SupervisorSnapshot(
            long epoch, WatchdogState watchdog, EStopState eStop, Map<String, Long> senders) {
        this(epoch, watchdog, eStop, senders, "none", null);
    }
}
