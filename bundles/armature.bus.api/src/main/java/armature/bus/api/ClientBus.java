package armature.bus.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A bus client of its own, opened by {@link BusClients} for one broker user: everything it does
 * goes through the broker's rules for that user. Closing it disconnects it.
 */
@ProviderType
public interface ClientBus extends MessageBus, AutoCloseable {
    /** Disconnects; pending requests fail. Idempotent. */
    @Override
    void close();
}
