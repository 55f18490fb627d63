package armature.dashboard;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The logged-in sessions by their cookie token (random 128 bits). A session unused for the idle
 * time is closed, its bus client with it: when it is next looked up, and by {@link #sweep} (called
 * periodically) for the ones nobody looks up again. Live sockets keep their session in use.
 */
final class Sessions {
    private final Map<String, DashSession> byToken = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long idleNanos;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param nanoClock monotonic time [ns] (System::nanoTime; tests step it)
     * @param idleNanos how long an unused session lives
     */
    Sessions(LongSupplier nanoClock, long idleNanos) {
        this.nanoClock = nanoClock;
        this.idleNanos = idleNanos;
    }

    /** A new random token: 128 bits, hex. */
    String newToken() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    long now() {
        return nanoClock.getAsLong();
    }

    void add(DashSession s) {
        byToken.put(s.token, s);
    }

    /** The live session of this token (marked used now), or null: unknown, or idle too long. */
    DashSession find(String token) {
        if (token == null) {
            return null;
        }
        DashSession s = byToken.get(token);
        if (s == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (idle(s, now)) {
            remove(token);
            return null;
        }
        s.touch(now);
        return s;
    }

    /** Logs out: removes and closes the session; false when there was none. */
    boolean remove(String token) {
        DashSession s = token == null ? null : byToken.remove(token);
        if (s != null) {
            s.close();
        }
        return s != null;
    }

    /** Closes every session idle for longer than the idle time; returns their users. */
    List<String> sweep() {
        long now = nanoClock.getAsLong();
        List<String> closed = new ArrayList<>();
        for (DashSession s : byToken.values()) {
            if (idle(s, now) && byToken.remove(s.token, s)) {
                s.close();
                closed.add(s.user);
            }
        }
        return closed;
    }

    /** Unused for longer than the idle time, and no page of it has its live socket open. */
    private boolean idle(DashSession s, long now) {
        return now - s.lastUsedNanos() > idleNanos && !s.live();
    }

    int size() {
        return byToken.size();
    }

    void closeAll() {
        for (String t : List.copyOf(byToken.keySet())) {
            remove(t);
        }
    }
}
