package armature.bus.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bus client of its own, opened by {@link BusClients} for one broker user: everything it does
 * goes through the broker's rules for that user. Closing it disconnects it.
 */
@ProviderType
public interface ClientBus extends MessageBus, AutoCloseable {
    /**
     * Whether the broker's latest answer to this client's (re)connection was a refused login: its
     * user was removed or its password changed since it logged in, so it will not get back in with
     * what it has. False while connected or reconnecting for any other reason.
     */
    default boolean loginRefused() {
        return false;
    }

    /** Disconnects; pending requests fail. Idempotent. */
    @Override
    void close();
}
