package armature.foxglove.hub;

import java.util.Objects;

/**
 * @param serverName shown by clients (serverInfo's name)
 * @param sessionId new at every start, so a client can tell a reconnection from a restart
 * @param maxPendingMessages message data queued per client before the oldest is dropped
 */
public record HubSettings(String serverName, String sessionId, int maxPendingMessages) {
    public HubSettings {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(sessionId, "sessionId");
        if (maxPendingMessages < 1 || maxPendingMessages > 1_000_000) {
            throw new IllegalArgumentException(
                    "maxPendingMessages = " + maxPendingMessages + "; allowed: 1 to 1000000");
        }
    }
}
