package armature.benchmarks.bus;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One message at a time: publish, wait until the subscriber's handler has it, publish the next. The
 * time measured is publish call to handler entry, so it includes the bus's hop from the MQTT client
 * thread to its delivery executor, as every Armature handler sees it.
 */
final class RoundTrip {
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    record Result(Percentiles latency, long lost, long publishFailures) {}

    private final MessageBus publisher;
    private final MessageBus subscriber;
    private volatile long arrivedSeq = -1;
    private volatile long arrivedNs;

    RoundTrip(MessageBus publisher, MessageBus subscriber) {
        this.publisher = publisher;
        this.subscriber = subscriber;
    }

    /**
     * @param periodNs 0: publish the next message as soon as the last arrived; otherwise publish
     *     one message per period (the last message's acknowledgements have time to come back, as
     *     with a command stream paced by a control loop)
     */
    Result run(int payloadBytes, Qos qos, int warmup, int samples, long periodNs) throws Exception {
        String topic = "bench/rt/q" + qos.level() + "/" + payloadBytes;
        Thread waiter = Thread.currentThread();
        Subscription sub =
                subscriber
                        .subscribe(
                                topic,
                                qos,
                                m -> {
                                    long t = System.nanoTime();
                                    arrivedNs = t;
                                    arrivedSeq = ByteBuffer.wrap(m.payload()).getLong(0);
                                    LockSupport.unpark(waiter);
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        long[] latencies = new long[samples];
        int n = 0;
        long lost = 0;
        AtomicLong failures = new AtomicLong();
        try {
            for (long seq = 0; seq < warmup + samples; seq++) {
                byte[] payload = new byte[payloadBytes];
                ByteBuffer.wrap(payload).putLong(0, seq);
                Message m = Message.builder(topic).payload(payload).qos(qos).build();
                long t0 = System.nanoTime();
                publisher
                        .publish(m)
                        .whenComplete(
                                (ok, err) -> {
                                    if (err != null) {
                                        failures.incrementAndGet();
                                    }
                                });
                long deadline = t0 + TIMEOUT_NS;
                boolean arrived;
                while (!(arrived = arrivedSeq == seq)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(left);
                }
                long next = t0 + periodNs;
                for (long wait = next - System.nanoTime();
                        wait > 0;
                        wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!arrived) {
                    lost++;
                } else if (seq >= warmup) {
                    latencies[n++] = arrivedNs - t0;
                }
            }
        } finally {
            sub.cancel().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        return new Result(Percentiles.of(latencies, n), lost, failures.get());
    }
}
