package armature.dashboard;

import armature.bus.api.ClientBus;
import armature.control.api.Role;

/**
 * One login: the user, the role the broker's rules give it, and the bus client that logged in with
 * the user's own credentials. Everything the session does goes through that client.
 */
final class DashSession {
    final String token;
    final String user;
    final Role role;
    final ClientBus bus;
    private volatile long lastUsedNanos;
    private volatile LiveFeed feed;

    DashSession(String token, String user, Role role, ClientBus bus, long nowNanos) {
        this.token = token;
        this.user = user;
        this.role = role;
        this.bus = bus;
        this.lastUsedNanos = nowNanos;
    }

    void touch(long nowNanos) {
        lastUsedNanos = nowNanos;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** The live feed of this session, made on first use by {@code make}. */
    synchronized LiveFeed feed(java.util.function.Function<DashSession, LiveFeed> make) {
        if (feed == null) {
            feed = make.apply(this);
        }
        return feed;
    }

    /** The live feed if one was made, else null. */
    LiveFeed feedIfAny() {
        return feed;
    }

    /** Whether a page of this session has its live socket open (the session is in use then). */
    boolean live() {
        LiveFeed f = feed;
        return f != null && f.hasSockets();
    }

    /** Closes the live feed (its sockets) and the bus client. */
    void close() {
        LiveFeed f;
        synchronized (this) {
            f = feed;
            feed = null;
        }
        if (f != null) {
            f.close();
        }
        bus.close();
    }
}
