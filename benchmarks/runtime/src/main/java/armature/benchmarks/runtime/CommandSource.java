package armature.benchmarks.runtime;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.control.loop.CommandFrames;
import armature.driver.api.JointDescription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A policy stand-in on its own bus client: learns the epoch from the loop's state frames, then
 * publishes position command frames (the loop's format: JOINT_COMMAND, one FLOAT64 channel, MQTT 5
 * expiry) on an ideal grid, {@code start + k * period}, parking to each deadline. The targets are
 * slow sines inside each joint's window, well within the supervisor's velocity and acceleration
 * limits, so every command is valid.
 */
final class CommandSource {
    private static final double SINE_HZ = 0.5;
    private static final double AMPLITUDE_FRACTION = 0.25;

    private final MessageBus bus;
    private final String commandTopic;
    private final String stateTopic;
    private final List<JointDescription> joints;
    private final long[] publishNanosBySequence;
    private final AtomicLong publishFailures = new AtomicLong();
    private final long[] lateness;
    private int published;

    CommandSource(
            MessageBus bus,
            String commandTopic,
            String stateTopic,
            List<JointDescription> joints,
            int maxSequence) {
        this.bus = bus;
        this.commandTopic = commandTopic;
        this.stateTopic = stateTopic;
        this.joints = joints;
        this.publishNanosBySequence = new long[maxSequence + 1];
        this.lateness = new long[maxSequence + 1];
    }

    /** Waits for a state frame and returns the epoch it carries. */
    long awaitEpoch(Duration timeout) throws Exception {
        CompletableFuture<Long> epoch = new CompletableFuture<>();
        FrameReader reader = new FrameReader();
        Subscription s =
                bus.subscribe(
                                stateTopic,
                                Qos.AT_MOST_ONCE,
                                m -> epoch.complete(reader.wrap(m.payload()).epoch()))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        try {
            return epoch.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            s.cancel();
        }
    }

    /**
     * Publishes commands 1..count at {@code rateHz} on the calling thread.
     *
     * @param onSequence told each sequence number just after it was published
     */
    void run(long epoch, double rateHz, int count, java.util.function.IntConsumer onSequence) {
        int n = joints.size();
        double[] mid = new double[n];
        double[] amplitude = new double[n];
        for (int i = 0; i < n; i++) {
            JointDescription j = joints.get(i);
            mid[i] = 0.5 * (j.minPositionRad() + j.maxPositionRad());
            amplitude[i] = AMPLITUDE_FRACTION * 0.5 * (j.maxPositionRad() - j.minPositionRad());
        }
        double[] values = new double[n];
        FrameWriter writer = new FrameWriter();
        long periodNanos = Math.round(1e9 / rateHz);
        Duration expiry = Duration.ofSeconds(1);
        long start = System.nanoTime() + periodNanos;
        for (int seq = 1; seq <= count; seq++) {
            long due = start + (seq - 1) * periodNanos;
            long left;
            while ((left = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
            double t = (seq - 1) / rateHz;
            for (int i = 0; i < n; i++) {
                values[i] = mid[i] + amplitude[i] * Math.sin(2 * Math.PI * SINE_HZ * t + 0.3 * i);
            }
            byte[] frame = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 1, n)];
            long now = System.nanoTime();
            writer.wrap(frame, 0)
                    .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, n)
                    .epoch(epoch)
                    .sequence(seq)
                    .timestampNs(now)
                    .putChannel(values)
                    .finish();
            Message m =
                    Message.builder(commandTopic)
                            .payload(frame)
                            .contentType(ContentTypes.FRAME)
                            .qos(Qos.AT_MOST_ONCE)
                            .expiry(expiry)
                            .userProperty(CommandFrames.MODE_PROPERTY, "position")
                            .build();
            long before = System.nanoTime();
            publishNanosBySequence[seq] = before;
            lateness[seq] = before - due;
            bus.publish(m)
                    .whenComplete(
                            (ok, e) -> {
                                if (e != null) {
                                    publishFailures.incrementAndGet();
                                }
                            });
            published = seq;
            onSequence.accept(seq);
        }
    }

    long publishNanos(int sequence) {
        return publishNanosBySequence[sequence];
    }

    long latenessNanos(int sequence) {
        return lateness[sequence];
    }

    int published() {
        return published;
    }

    long publishFailures() {
        return publishFailures.get();
    }
}
