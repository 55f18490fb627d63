package armature.control.api.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Logs a repeated message at most once per interval and key, and counts what it holds back: the
 * next line logged for the key (or {@link #flush()}) repeats the last logged message with the
 * number held back since, so a key should stand for messages that are alike. Anyone can make a
 * container log (a malformed frame costs the sender nothing), so every warning caused by outside
 * input should go through one of these.
 *
 * <p>Keys name the kind of problem and its source (e.g. {@code "malformed:" + sender}); the number
 * of keys kept is bounded, so a sender inventing a new key per message cannot grow the memory: the
 * least recently used key is dropped after its held-back count is logged. Thread-safe.
 */
public final class RateLimitedLog {
    /** Default interval between two lines for one key. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    /** Default number of keys remembered. */
    public static final int DEFAULT_MAX_KEYS = 256;

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final int maxKeys;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Entry {
        final Level level;
        final String text;
        final long loggedAtNanos;
        long heldBack;

        Entry(Level level, String text, long loggedAtNanos) {
            this.level = level;
            this.text = text;
            this.loggedAtNanos = loggedAtNanos;
        }
    }

    /** At most one line per key every {@link #DEFAULT_INTERVAL}, on the system clock. */
    public RateLimitedLog(Logger logger) {
        this(logger, DEFAULT_INTERVAL, System::nanoTime, DEFAULT_MAX_KEYS);
    }

    /**
     * @param interval the least time between two lines for one key (positive)
     * @param nanoClock monotonic time in nanoseconds (tests step it)
     * @param maxKeys keys remembered at once (at least 1)
     */
    public RateLimitedLog(Logger logger, Duration interval, LongSupplier nanoClock, int maxKeys) {
        this.logger = Objects.requireNonNull(logger, "logger");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval = " + interval + "; allowed: > 0");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys = " + maxKeys + "; allowed: >= 1");
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.maxKeys = maxKeys;
    }

    /**
     * Logs {@code message} unless a line for {@code key} was logged less than the interval ago;
     * then only counts it. The message is built only when it is logged.
     *
     * @return true when a line was written
     */
    public boolean log(Level level, String key, Supplier<String> message) {
        Objects.requireNonNull(key, "key");
        synchronized (entries) {
            long now = nanoClock.getAsLong();
            Entry e = entries.get(key);
            if (e != null && now - e.loggedAtNanos < intervalNanos) {
                e.heldBack++;
                return false;
            }
            String text = message.get();
            long heldBack = e == null ? 0 : e.heldBack;
            logger.log(level, heldBack == 0 ? text : text + repeats(heldBack, now, e));
            entries.put(key, new Entry(level, text, now));
            evictBeyondLimit();
            return true;
        }
    }

    /** {@link #log(Level, String, Supplier)} with a message that is already built. */
    public boolean log(Level level, String key, String message) {
        return log(level, key, () -> message);
    }

    /**
     * Logs the count of every key that held messages back and whose interval has passed, so that a
     * burst that stopped still shows in the log. Call it from a periodic task.
     *
     * @return the number of lines written
     */
    public int flush() {
        synchronized (entries) {
            long now = nanoClock.getAsLong();
            int lines = 0;
            for (Map.Entry<String, Entry> me : entries.entrySet()) {
                Entry e = me.getValue();
                if (e.heldBack > 0 && now - e.loggedAtNanos >= intervalNanos) {
                    logger.log(e.level, e.text + repeats(e.heldBack, now, e));
                    Entry fresh = new Entry(e.level, e.text, now);
                    me.setValue(fresh);
                    lines++;
                }
            }
            return lines;
        }
    }

    /** How many messages for {@code key} were counted but not logged since its last line. */
    public long heldBack(String key) {
        synchronized (entries) {
            Entry e = entries.get(key);
            return e == null ? 0 : e.heldBack;
        }
    }

    private void evictBeyondLimit() {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (entries.size() > maxKeys && it.hasNext()) {
            Entry oldest = it.next().getValue();
            if (oldest.heldBack > 0) {
                logger.log(
                        oldest.level,
                        oldest.text + repeats(oldest.heldBack, nanoClock.getAsLong(), oldest));
            }
            it.remove();
        }
    }

    private static String repeats(long heldBack, long now, Entry since) {
        double seconds = (now - since.loggedAtNanos) / 1e9;
        return String.format(
                java.util.Locale.ROOT,
                " [%d more like this in the last %.1f s, not logged one by one]",
                heldBack,
                seconds);
    }
}
