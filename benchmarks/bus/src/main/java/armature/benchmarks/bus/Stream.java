package armature.benchmarks.bus;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A paced stream at QoS 0: message i is published at {@code start + i * period} (parkNanos to the
 * deadline, measured on System.nanoTime), and the subscriber records when each arrives.
 */
final class Stream {
    record Result(
            long sent,
            long received,
            long lost,
            long duplicates,
            long outOfOrder,
            long publishFailures,
            Percentiles sendLateness,
            Percentiles interArrival,
            Percentiles jitter,
            Percentiles oneWay) {}

    private final MessageBus publisher;
    private final MessageBus subscriber;

    Stream(MessageBus publisher, MessageBus subscriber) {
        this.publisher = publisher;
        this.subscriber = subscriber;
    }

    Result run(int rateHz, int seconds, int payloadBytes) throws Exception {
        int n = Math.multiplyExact(rateHz, seconds);
        long periodNs = 1_000_000_000L / rateHz;
        String topic = "bench/stream/" + payloadBytes;
        long[] arrivalBySeq = new long[n];
        Arrays.fill(arrivalBySeq, Long.MIN_VALUE);
        long[] arrivalsInOrder = new long[n];
        long[] sentAt = new long[n];
        long[] lateness = new long[n];
        Counters c = new Counters();
        Thread waiter = Thread.currentThread();
        // Calls of one handler are serialised by the bus, so plain fields suffice inside it;
        // the volatile count publishes them to this thread.
        Subscription sub =
                subscriber
                        .subscribe(
                                topic,
                                Qos.AT_MOST_ONCE,
                                m -> {
                                    long t = System.nanoTime();
                                    int seq = ByteBuffer.wrap(m.payload()).getInt(0);
                                    if (seq < 0 || seq >= n) {
                                        return;
                                    }
                                    if (arrivalBySeq[seq] != Long.MIN_VALUE) {
                                        c.duplicates++;
                                        return;
                                    }
                                    arrivalBySeq[seq] = t;
                                    if (seq < c.maxSeq) {
                                        c.outOfOrder++;
                                    }
                                    c.maxSeq = Math.max(c.maxSeq, seq);
                                    arrivalsInOrder[c.unique] = t;
                                    c.received = ++c.unique;
                                    if (c.unique == n) {
                                        LockSupport.unpark(waiter);
                                    }
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        AtomicLong failures = new AtomicLong();
        try {
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            for (int i = 0; i < n; i++) {
                long deadline = start + i * periodNs;
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left);
                }
                long now = System.nanoTime();
                sentAt[i] = now;
                lateness[i] = now - deadline;
                byte[] payload = new byte[payloadBytes];
                ByteBuffer.wrap(payload).putInt(0, i).putLong(4, now);
                publisher
                        .publish(Message.builder(topic).payload(payload).build())
                        .whenComplete(
                                (ok, err) -> {
                                    if (err != null) {
                                        failures.incrementAndGet();
                                    }
                                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            long left;
            while (c.received < n && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        } finally {
            sub.cancel().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        int received = c.received;
        long[] intervals = new long[Math.max(0, received - 1)];
        long[] deviation = new long[intervals.length];
        for (int i = 1; i < received; i++) {
            intervals[i - 1] = arrivalsInOrder[i] - arrivalsInOrder[i - 1];
            deviation[i - 1] = Math.abs(intervals[i - 1] - periodNs);
        }
        long[] oneWay = new long[received];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (arrivalBySeq[i] != Long.MIN_VALUE) {
                oneWay[k++] = arrivalBySeq[i] - sentAt[i];
            }
        }
        return new Result(
                n,
                received,
                n - received,
                c.duplicates,
                c.outOfOrder,
                failures.get(),
                Percentiles.of(lateness, n),
                Percentiles.of(intervals, intervals.length),
                Percentiles.of(deviation, deviation.length),
                Percentiles.of(oneWay, k));
    }

    private static final class Counters {
        int unique;
        int maxSeq = -1;
        long duplicates;
        long outOfOrder;
        volatile int received;
    }
}
