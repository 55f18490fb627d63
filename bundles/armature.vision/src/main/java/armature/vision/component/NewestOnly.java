package armature.vision.component;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A mailbox of one: a new item replaces the one still waiting, so a consumer slower than its
 * producer works on the newest item and never on a backlog. At most one drain task is queued on the
 * executor at a time; items replaced before they were taken are counted as dropped.
 */
final class NewestOnly<T> {
    private final AtomicReference<T> waiting = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Executor executor;
    private final Consumer<T> consumer;

    NewestOnly(Executor executor, Consumer<T> consumer) {
        this.executor = executor;
        this.consumer = consumer;
    }

    /** Hands an item over; never blocks. Items offered after the executor shut down are ignored. */
    void offer(T item) {
        if (waiting.getAndSet(item) != null) {
            // A drain task is queued and has not taken the previous item yet: it takes this one.
            dropped.incrementAndGet();
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            waiting.set(null); // shut down: nothing will take it
        }
    }

    private void drain() {
        T item = waiting.getAndSet(null);
        if (item != null) {
            consumer.accept(item);
        }
    }

    /** Items replaced by a newer one before they were processed. */
    long dropped() {
        return dropped.get();
    }
}
