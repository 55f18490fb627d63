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
    /**
     * Sessions one user may hold: each holds a bus client of its own (six threads, a broker
     * session), so logins must not grow them without bound. A user's next login past it ends their
     * least recently used session.
     */
    static final int PER_USER = 8;

    /** Sessions of all users together; a login past it is refused until one ends. */
    static final int TOTAL = 32;

    /** Why recently ended sessions ended, by token, for the 401 their page gets next. */
    private static final int ENDED_KEPT = 256;

    private final Map<String, DashSession> byToken = new ConcurrentHashMap<>();
    private final Map<String, String> ended =
            java.util.Collections.synchronizedMap(
                    new java.util.LinkedHashMap<>() {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
                            return size() > ENDED_KEPT;
                        }
                    });
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
        if (s.bus.loginRefused()) {
            end(s, revoked(s.user));
            return null;
        }
        s.touch(now);
        return s;
    }

    /**
     * Why the session of this token ended, where it was ended for a reason its user should know.
     */
    java.util.Optional<String> endedWhy(String token) {
        return token == null
                ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(ended.get(token));
    }

    /** How many sessions {@code user} holds. */
    int countOf(String user) {
        int n = 0;
        for (DashSession s : byToken.values()) {
            if (s.user.equals(user)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Makes room for one more session of {@code user}: ends their least recently used sessions
     * while they hold {@link #PER_USER} or more.
     */
    void makeRoomFor(String user) {
        while (countOf(user) >= PER_USER) {
            DashSession oldest = null;
            for (DashSession s : byToken.values()) {
                if (s.user.equals(user)
                        && (oldest == null || s.lastUsedNanos() < oldest.lastUsedNanos())) {
                    oldest = s;
                }
            }
            if (oldest == null) {
                return;
            }
            end(
                    oldest,
                    "this session of user '"
                            + user
                            + "' was ended by a newer login of theirs (at most "
                            + PER_USER
                            + " sessions per user): log in again");
        }
    }

    private void end(DashSession s, String why) {
        if (byToken.remove(s.token, s)) {
            ended.put(s.token, why);
            s.close();
        }
    }

    private static String revoked(String user) {
        return "the broker no longer accepts user '"
                + user
                + "' (removed, or the password changed, since this login): log in again";
    }

    /** Logs out: removes and closes the session; false when there was none. */
    boolean remove(String token) {
        DashSession s = token == null ? null : byToken.remove(token);
        if (s != null) {
            s.close();
        }
        return s != null;
    }

    /**
     * Closes every session idle for longer than the idle time, and those whose user the broker no
     * longer accepts; returns their users.
     */
    List<String> sweep() {
        long now = nanoClock.getAsLong();
        List<String> closed = new ArrayList<>();
        for (DashSession s : byToken.values()) {
            if (idle(s, now) && byToken.remove(s.token, s)) {
                s.close();
                closed.add(s.user);
            } else if (s.bus.loginRefused()) {
                // its bus client would retry the refused login every few seconds for good
                end(s, revoked(s.user));
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
