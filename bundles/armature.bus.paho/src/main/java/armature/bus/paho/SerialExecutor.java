package armature.bus.paho;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on a shared executor, so one slow handler never
 * holds the client thread or the other handlers. Bounded: when {@code capacity} tasks wait, new
 * ones are dropped and counted rather than growing the heap without end.
 */
final class SerialExecutor {
    private final Executor pool;
    private final int capacity;
    private final Consumer<Throwable> onError;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private boolean running;

    SerialExecutor(Executor pool, int capacity, Consumer<Throwable> onError) {
        this.pool = pool;
        this.capacity = capacity;
        this.onError = onError;
    }

    /** Queues a task; returns false (and counts it) when the queue is full. */
    boolean submit(Task task) {
        synchronized (queue) {
            if (queue.size() >= capacity) {
                dropped.incrementAndGet();
                return false;
            }
            queue.add(task);
            if (running) {
                return true;
            }
            running = true;
        }
        pool.execute(this::drain);
        return true;
    }

    /** A unit of work that may throw; failures go to the error consumer. */
    interface Task {
        void run() throws Exception;
    }

    long dropped() {
        return dropped.get();
    }

    private void drain() {
        while (true) {
            Task next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable t) {
                onError.accept(t);
            }
        }
    }
}
