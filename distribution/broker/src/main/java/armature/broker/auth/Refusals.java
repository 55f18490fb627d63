package armature.broker.auth;

import armature.control.api.Names;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts what the broker refused, per reason and user, and logs it without flooding: the first
 * refusal of a user for a reason is logged at once, later ones within the interval only as a count
 * at the next {@link #flush()}.
 */
public final class Refusals {
    private static final System.Logger LOG = System.getLogger(Refusals.class.getName());

    /** What was refused. */
    public enum Reason {
        /** A login (no user name, unknown user, wrong password, client id of another user). */
        CONNECT,
        /** A PUBLISH (or will) outside what the role may publish. */
        PUBLISH,
        /** A SUBSCRIBE outside what the role may receive. */
        SUBSCRIBE,
        /** A delivery of a matching message the role may not read (management, others' replies). */
        DELIVERY;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Users counted one by one; the rest are summed under {@link #OTHER_USERS}. */
    static final int MAX_USERS = 256;

    static final String OTHER_USERS = "(other)";

    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final EnumMap<Reason, AtomicLong> totals = new EnumMap<>(Reason.class);
    private final Map<String, EnumMap<Reason, AtomicLong>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /**
     * @param nanoTime the clock ({@code System::nanoTime} outside tests)
     * @param intervalMillis how long a (user, reason) stays quiet after a logged line
     */
    public Refusals(LongSupplier nanoTime, long intervalMillis) {
        this.nanoTime = nanoTime;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        for (Reason r : Reason.values()) {
            totals.put(r, new AtomicLong());
        }
    }

    /**
     * Records one refusal.
     *
     * @param reason what was refused
     * @param user the user name as presented (anything: it is made safe for the log and the map)
     * @param detail what was asked for, e.g. the topic
     */
    public void refused(Reason reason, String user, String detail) {
        String who = bounded(label(user));
        totals.get(reason).incrementAndGet();
        counters(who).get(reason).incrementAndGet();
        String key = who + '\u0000' + reason.name();
        long now = nanoTime.getAsLong();
        Pending p = pending.computeIfAbsent(key, k -> new Pending(who, reason));
        boolean logNow;
        synchronized (p) {
            logNow = !p.logged || now - p.quietUntil >= 0;
            if (logNow) {
                p.logged = true;
                p.quietUntil = now + intervalNanos;
                p.suppressedSinceLine = 0;
            } else {
                p.suppressedSinceLine++;
                p.lastDetail = detail;
            }
        }
        if (logNow) {
            LOG.log(
                    level(reason),
                    "broker refused "
                            + describe(reason)
                            + " by '"
                            + who
                            + "': "
                            + detail
                            + " (further ones are counted, one line per "
                            + TimeUnit.NANOSECONDS.toSeconds(intervalNanos)
                            + " s)");
        }
    }

    /** Logs the counts that were held back; called once per interval. */
    public void flush() {
        long now = nanoTime.getAsLong();
        for (Pending p : pending.values()) {
            long n;
            String last;
            synchronized (p) {
                n = p.suppressedSinceLine;
                last = p.lastDetail;
                if (n > 0) {
                    p.suppressedSinceLine = 0;
                    p.quietUntil = now + intervalNanos;
                }
            }
            if (n > 0) {
                LOG.log(
                        level(p.reason),
                        "broker refused "
                                + n
                                + " more "
                                + describe(p.reason)
                                + " by '"
                                + p.user
                                + "' (last: "
                                + last
                                + ")");
            }
        }
    }

    /** Total refusals of {@code reason}. */
    public long total(Reason reason) {
        return totals.get(reason).get();
    }

    /** Refusals of {@code reason} for {@code user} (0 when none). */
    public long of(String user, Reason reason) {
        EnumMap<Reason, AtomicLong> m = byUser.get(label(user));
        return m == null ? 0 : m.get(reason).get();
    }

    /**
     * {@code refused: {connect, publish, subscribe, delivery}} and {@code refusedByUser: {user:
     * {reason: n}}} (reasons with a count only).
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> t = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            t.put(r.key(), totals.get(r).get());
        }
        out.put("refused", t);
        Map<String, Object> users = new TreeMap<>();
        byUser.forEach(
                (user, counts) -> {
                    Map<String, Object> u = new LinkedHashMap<>();
                    counts.forEach(
                            (r, n) -> {
                                if (n.get() > 0) {
                                    u.put(r.key(), n.get());
                                }
                            });
                    users.put(user, u);
                });
        out.put("refusedByUser", users);
        return out;
    }

    /** User names come from clients: bound what they can make us remember. */
    private String bounded(String who) {
        return byUser.containsKey(who) || byUser.size() < MAX_USERS ? who : OTHER_USERS;
    }

    private EnumMap<Reason, AtomicLong> counters(String who) {
        return byUser.computeIfAbsent(
                who,
                k -> {
                    EnumMap<Reason, AtomicLong> fresh = new EnumMap<>(Reason.class);
                    for (Reason r : Reason.values()) {
                        fresh.put(r, new AtomicLong());
                    }
                    return fresh;
                });
    }

    static String label(String user) {
        if (user == null || user.isEmpty()) {
            return "anonymous";
        }
        return Names.isValid(user) ? user : "(invalid name)";
    }

    private static String describe(Reason r) {
        return switch (r) {
            case CONNECT -> "login";
            case PUBLISH -> "publish";
            case SUBSCRIBE -> "subscription";
            case DELIVERY -> "delivery";
        };
    }

    private static Level level(Reason r) {
        // A wildcard subscriber meets management traffic all the time; that is filtering, not
        // an attack.
        return r == Reason.DELIVERY ? Level.INFO : Level.WARNING;
    }

    private static final class Pending {
        final String user;
        final Reason reason;
        boolean logged;
        long quietUntil;
        long suppressedSinceLine;
        String lastDetail = "";

        Pending(String user, Reason reason) {
            this.user = user;
            this.reason = reason;
        }
    }
}
