package armature.launcher;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One subscription whose messages a command waits for: they queue up (the oldest dropped when the
 * queue is full, so a fast stream keeps its newest) and the command takes them with a deadline.
 */
final class Watch implements AutoCloseable {
    private static final int CAPACITY = 4096;

    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile Message newest;
    private final List<Subscription> subscriptions = new ArrayList<>();

    private Watch() {}

    /**
     * Subscribes to each filter and waits for the broker to confirm, so that what is retained on
     * them is on its way when this returns. Messages of every filter share one queue.
     *
     * @throws Cli.Unreachable when the broker does not confirm within {@code timeout}
     * @throws IllegalArgumentException for a malformed filter
     */
    static Watch open(MessageBus bus, Qos qos, Duration timeout, String... filters) {
        return open(bus, qos, timeout, null, filters);
    }

    /** As {@link #open(MessageBus, Qos, Duration, String...)}, also passing each message on. */
    static Watch open(
            MessageBus bus, Qos qos, Duration timeout, MessageHandler also, String... filters) {
        Watch w = new Watch();
        try {
            for (String filter : filters) {
                w.subscriptions.add(subscribe(bus, filter, qos, timeout, w, also));
            }
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    private static Subscription subscribe(
            MessageBus bus,
            String filter,
            Qos qos,
            Duration timeout,
            Watch w,
            MessageHandler also) {
        try {
            return bus.subscribe(
                            filter,
                            qos,
                            m -> {
                                w.add(m);
                                if (also != null) {
                                    also.onMessage(m);
                                }
                            })
                    .toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Cli.Unreachable(
                    "the broker did not confirm the subscription to "
                            + filter
                            + " within "
                            + timeout.toSeconds()
                            + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw Cli.busFailure("subscribe to " + filter, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    private void add(Message m) {
        newest = m;
        while (!queue.offer(m)) {
            queue.poll();
        }
    }

    /**
     * The next message, or {@code null} once {@code deadlineNanos} ({@link System#nanoTime()})
     * passes; {@link Long#MAX_VALUE} waits for ever.
     */
    Message next(long deadlineNanos) throws InterruptedException {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (deadlineNanos != Long.MAX_VALUE && left <= 0) {
                return queue.poll();
            }
            Message m =
                    queue.poll(
                            deadlineNanos == Long.MAX_VALUE ? 1_000_000_000L : left,
                            TimeUnit.NANOSECONDS);
            if (m != null || deadlineNanos != Long.MAX_VALUE) {
                return m;
            }
        }
    }

    /** A message that is already here, or {@code null}. */
    Message poll() {
        return queue.poll();
    }

    /** The next message that passes {@code test}, or {@code null} at the deadline. */
    Message next(Predicate<Message> test, long deadlineNanos) throws InterruptedException {
        Message m;
        while ((m = next(deadlineNanos)) != null) {
            if (test.test(m)) {
                return m;
            }
        }
        return null;
    }

    /** The newest message seen so far (taken or not), or {@code null}. */
    Message newest() {
        return newest;
    }

    /** Forgets what is queued; {@link #newest()} stays. */
    void clear() {
        queue.clear();
    }

    @Override
    public void close() {
        for (Subscription s : subscriptions) {
            s.cancel();
        }
    }
}
