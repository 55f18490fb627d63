package armature.dashboard;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Failed logins counted per user name and per client address over a sliding window: a user name
 * with {@link #PER_USER} failures, or an address with {@link #PER_ADDRESS}, is refused for the rest
 * of the window without asking the broker, so guessing passwords through the dashboard costs a
 * minute per handful of guesses (the broker itself has no such limit for the CLI; the generated
 * passwords are 256 bits). A successful login clears its user's failures. At most {@link #MAX_KEYS}
 * names and addresses are remembered, the oldest forgotten first. Thread-safe.
 */
final class LoginThrottle {
    static final int PER_USER = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final int MAX_KEYS = 10_000;

    private final LongSupplier nanos;
    private final Map<String, ArrayDeque<Long>> failures = new LinkedHashMap<>();

    LoginThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** How long this user or address must wait, if either has used up its failures. */
    synchronized Optional<Duration> blocked(String user, String address) {
        long now = nanos.getAsLong();
        Optional<Duration> u = wait(userKey(user), PER_USER, now);
        Optional<Duration> a = wait(addressKey(address), PER_ADDRESS, now);
        if (u.isPresent() && a.isPresent()) {
            return Optional.of(u.get().compareTo(a.get()) > 0 ? u.get() : a.get());
        }
        return u.isPresent() ? u : a;
    }

    synchronized void failed(String user, String address) {
        long now = nanos.getAsLong();
        add(userKey(user), now);
        add(addressKey(address), now);
    }

    synchronized void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private Optional<Duration> wait(String key, int allowed, long now) {
        ArrayDeque<Long> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
            return Optional.empty();
        }
        if (times.size() < allowed) {
            return Optional.empty();
        }
        // Free again when the oldest failure that still counts leaves the window.
        long freeAt = times.peekFirst() + WINDOW.toNanos();
        return Optional.of(Duration.ofNanos(Math.max(0, freeAt - now)));
    }

    private void add(String key, long now) {
        ArrayDeque<Long> times = failures.remove(key); // re-inserted: the newest key is last
        if (times == null) {
            times = new ArrayDeque<>();
        }
        prune(times, now);
        times.addLast(now);
        while (times.size() > PER_ADDRESS) {
            times.removeFirst();
        }
        failures.put(key, times);
        Iterator<String> oldest = failures.keySet().iterator();
        while (failures.size() > MAX_KEYS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static void prune(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW.toNanos()) {
            times.removeFirst();
        }
    }

    private static String userKey(String user) {
        return "user:" + user;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
