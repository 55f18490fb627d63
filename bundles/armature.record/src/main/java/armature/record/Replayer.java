package armature.record;

import armature.bus.api.Message;
import armature.record.mcap.McapReader;
import armature.record.mcap.McapRecord;
import armature.record.mcap.McapVisitor;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes a recording's messages again, in file order, each when its log time comes round again
 * relative to the first message (divided by the rate). A message whose time has already passed (the
 * publisher fell behind, or log times step back) goes at once. Messages the caller may not publish
 * are counted per topic and skipped, never published; publishes that fail are counted with their
 * reason. The JSON copies of frame channels ({@code --decode}) are not replayed.
 */
public final class Replayer {
    /** Where messages go (the bus). */
    @FunctionalInterface
    public interface Publisher {
        CompletionStage<Void> publish(Message m);
    }

    /** Whether the replaying client may publish on a topic (the broker's rules). */
    @FunctionalInterface
    public interface Permission {
        boolean mayPublish(String topic, boolean retained);
    }

    /** The monotonic clock and how to wait on it; tests step a fake one. */
    public interface Clock {
        long nanoTime();

        void sleepUntil(long nanoTime) throws InterruptedException;

        /** {@link System#nanoTime()} and {@link LockSupport#parkNanos}. */
        Clock SYSTEM =
                new Clock() {
                    public long nanoTime() {
                        return System.nanoTime();
                    }

                    public void sleepUntil(long t) throws InterruptedException {
                        long left;
                        while ((left = t - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(left);
                            if (Thread.interrupted()) {
                                throw new InterruptedException();
                            }
                        }
                    }
                };
    }

    /** Told about every message published, for timing statistics. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param logTimeNs the message's recorded log time
         * @param dueNanos when it was due ({@link Clock#nanoTime()})
         * @param sentNanos when it was handed to the publisher
         */
        void published(long logTimeNs, long dueNanos, long sentNanos);
    }

    private final Publisher publisher;
    private final Permission permission;
    private final Clock clock;
    private final double rate;
    private final String topicPrefix;
    private final Listener listener;

    /**
     * @param rate 1 = recorded speed, 2 = twice as fast; 0.001..1000
     * @param topicPrefix put before every topic ({@code ""} for none)
     */
    public Replayer(
            Publisher publisher,
            Permission permission,
            Clock clock,
            double rate,
            String topicPrefix,
            Listener listener) {
        if (!(rate >= 0.001 && rate <= 1000)) {
            throw new IllegalArgumentException("rate must be 0.001..1000, was " + rate);
        }
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.permission = Objects.requireNonNull(permission, "permission");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rate = rate;
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
        this.listener = listener == null ? (a, b, c) -> {} : listener;
    }

    /**
     * Replays the whole file once, then waits up to {@code settle} for the broker to take what is
     * still in flight.
     *
     * @throws armature.record.mcap.McapFormatException when the file turns out corrupt (what was
     *     before the fault has been published)
     */
    public ReplayResult replay(McapReader reader, Duration settle)
            throws IOException, InterruptedException {
        Run run = new Run();
        try {
            reader.scan(run);
        } catch (InterruptedIOException e) {
            throw (InterruptedException) e.getCause();
        }
        run.awaitSettled(settle);
        return run.result.snapshot(clock.nanoTime() - run.startNanos);
    }

    /**
     * How long after {@code firstNs} a log time lies [ns]. MCAP log times are unsigned 64-bit: a
     * time that is not after the first (a message out of order) counts as 0, and a gap beyond
     * {@link Long#MAX_VALUE} ns (292 years) saturates there.
     */
    public static long sinceFirst(long logTimeNs, long firstNs) {
        if (Long.compareUnsigned(logTimeNs, firstNs) <= 0) {
            return 0;
        }
        long d = logTimeNs - firstNs;
        return d < 0 ? Long.MAX_VALUE : d;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** Carries an interrupt through the reader's IOException-only visitor. */
    private static final class InterruptedIOException extends IOException {
        private static final long serialVersionUID = 1L;

        InterruptedIOException(InterruptedException e) {
            super(e);
        }
    }

    private final class Run implements McapVisitor {
        final ReplayResult.Builder result = new ReplayResult.Builder();
        final Map<String, Boolean> allowed = new ConcurrentHashMap<>();
        final ReentrantLock lock = new ReentrantLock();
        final Condition settled = lock.newCondition();
        long pending;
        boolean started;
        long firstLogTime;
        long startNanos = clock.nanoTime();

        @Override
        public void message(McapRecord.Channel c, McapRecord.Schema s, McapRecord.Message m)
                throws IOException {
            if (!Replayable.isReplayed(c)) {
                return;
            }
            String topic = Replayable.topic(c, topicPrefix);
            boolean retained = Replayable.retained(c);
            if (!allowed.computeIfAbsent(
                    topic + (retained ? " (retained)" : ""),
                    k -> permission.mayPublish(topic, retained))) {
                result.refused(topic, retained);
                return;
            }
            if (!started) {
                started = true;
                firstLogTime = m.logTime();
                startNanos = clock.nanoTime();
            }
            long due =
                    saturatedAdd(startNanos, (long) (sinceFirst(m.logTime(), firstLogTime) / rate));
            try {
                clock.sleepUntil(due);
            } catch (InterruptedException e) {
                throw new InterruptedIOException(e);
            }
            Message out;
            try {
                out = Replayable.toMessage(c, m, topicPrefix);
            } catch (IllegalArgumentException e) {
                result.failed(topic, e.getMessage());
                return;
            }
            long sent = clock.nanoTime();
            CompletionStage<Void> done;
            try {
                done = publisher.publish(out);
            } catch (RuntimeException e) {
                result.failed(topic, String.valueOf(e.getMessage()));
                return;
            }
            listener.published(m.logTime(), due, sent);
            changePending(1);
            done.whenComplete(
                    (v, error) -> {
                        if (error == null) {
                            result.published(topic);
                        } else {
                            Throwable cause = error.getCause() == null ? error : error.getCause();
                            result.failed(topic, String.valueOf(cause.getMessage()));
                        }
                        changePending(-1);
                    });
        }

        void changePending(int delta) {
            lock.lock();
            try {
                pending += delta;
                if (pending == 0) {
                    settled.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        void awaitSettled(Duration settle) throws InterruptedException {
            long left = settle.toNanos();
            lock.lock();
            try {
                while (pending > 0 && left > 0) {
                    left = settled.awaitNanos(left);
                }
                result.unsettled(pending);
            } finally {
                lock.unlock();
            }
        }
    }
}
