package armature.bus.api;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens more bus clients of the container's broker (same URL and TLS as the container's own bus)
 * that log in as another user: a web session acting with its user's own rights (ADR 0105).
 */
@ProviderType
public interface BusClients {
    /**
     * Connects a new client as {@code user}.
     *
     * @param clientName distinguishes the client (its client id is derived from it and the
     *     container id); unique among the open clients
     * @return completes with the connected client; exceptionally with {@link BusException} whose
     *     message names the broker's reason (with its MQTT reason code) when the broker refuses the
     *     login, or when no connection succeeds within {@code timeoutMillis} (the client is closed
     *     then); with {@link IllegalArgumentException} naming the rule when {@code user} or {@code
     *     clientName} is not a name the broker's users and clients can have (nothing is sent)
     */
    CompletionStage<ClientBus> open(
            String user, char[] password, String clientName, long timeoutMillis);
}
