package armature.bus.paho;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Warnings that a peer can provoke at any rate (refused requests, garbage) without flooding the
 * log: at most one line per key and interval, and that line counts the ones it stands for.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Counts one occurrence of {@code key}; logs {@code message} when no line for it was written
     * within the interval, with the number of occurrences since the last line.
     *
     * @return whether a line was written
     */
    boolean warn(String key, String message) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        long count;
        synchronized (w) {
            w.count++;
            long now = nanoClock.getAsLong();
            if (w.logged && now - w.lastLogNanos < intervalNanos) {
                return false;
            }
            count = w.count;
            w.count = 0;
            w.logged = true;
            w.lastLogNanos = now;
        }
        log.log(
                Level.WARNING,
                count == 1
                        ? message
                        : message
                                + " ("
                                + count
                                + " times in the last "
                                + intervalNanos / 1_000_000_000L
                                + " s)");
        return true;
    }

    private static final class Window {
        long count;
        long lastLogNanos;
        boolean logged;
    }
}
