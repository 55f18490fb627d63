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
 */
public record SupervisorSnapshot(
        long epoch, WatchdogState watchdog, EStopState eStop, Map<String, Long> senders) {
    public SupervisorSnapshot {
        senders = Collections.unmodifiableMap(new TreeMap<>(senders));
    }
}
