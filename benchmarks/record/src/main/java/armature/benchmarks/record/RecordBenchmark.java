package armature.benchmarks.record;

import armature.broker.EmbeddedBroker;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.record.BusRecorder;
import armature.record.ReplayResult;
import armature.record.Replayer;
import armature.record.SchemaSource;
import armature.record.mcap.McapReader;
import armature.record.mcap.McapWriter;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recording throughput and replay timing accuracy (issue 13, docs/recording.md). Not a test: run by
 * hand, see docs/benchmarks.md.
 *
 * <ol>
 *   <li><b>writer</b>: {@link BusRecorder} alone, messages handed to it as fast as it takes them
 *       (joint-state frames of 20 joints, 512 B, and one JSON document per 100 frames), into a
 *       file: the recorder's own ceiling.
 *   <li><b>broker</b>: the same frames published with QoS 0 by one client through the embedded
 *       broker to a subscriber that records them, as {@code armature record} does: messages/s
 *       recorded and how many were lost.
 *   <li><b>replay</b>: a recording of a 1 kHz stream (log times exactly 1 ms apart) replayed by
 *       {@link Replayer} with the system clock, into a no-op publisher and into the broker: |actual
 *       - recorded| inter-message interval, p50 / p99 / max.
 * </ol>
 *
 * Usage: {@code java -cp 'target/*:target/lib/*' armature.benchmarks.record.RecordBenchmark
 * [--messages N] [--replay-seconds S] [--dir DIR]}
 */
public final class RecordBenchmark {
    private static final int JOINTS = 20;
    private static final LoopTopics HAND = ContainerTopics.of("bench").loop("hand");

    public static void main(String[] args) throws Exception {
        int messages = intArg(args, "--messages", 500_000);
        int replaySeconds = intArg(args, "--replay-seconds", 10);
        Path dir = Path.of(stringArg(args, "--dir", System.getProperty("java.io.tmpdir")));
        Path work = Files.createTempDirectory(dir, "armature-record-bench");
        System.out.printf(
                "machine: %d cores, %s %s, Java %s; files in %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                work);
        writer(work.resolve("writer.mcap"), Math.min(messages, 50_000)); // warm-up
        writer(work.resolve("writer2.mcap"), messages);
        try (Broker broker = new Broker(Files.createTempDirectory(work, "broker"))) {
            broker(broker.url(), work.resolve("broker.mcap"), Math.min(messages, 200_000), 0);
            for (int rate : new int[] {2_000, 5_000, 10_000, 20_000}) {
                broker(broker.url(), work.resolve("broker-" + rate + ".mcap"), rate * 5, rate);
            }
            Path stream = work.resolve("stream-1khz.mcap");
            writeStream(stream, replaySeconds * 1000);
            replay("no-op publisher", stream, m -> CompletableFuture.completedFuture(null));
            try (PahoMessageBus bus = connect(broker.url(), "replay")) {
                replay("embedded broker, QoS 0", stream, bus::publish);
            }
        }
    }

    /** Phase 1: the recorder alone. */
    static void writer(Path file, int n) throws Exception {
        Message[] sample = sampleMessages();
        long start = System.nanoTime();
        long payload = 0;
        try (BusRecorder r = recorder(file)) {
            long t = 1_000_000_000L;
            for (int i = 0; i < n; i++) {
                Message m = sample[i % sample.length];
                r.record(m, t += 1_000_000);
                payload += m.payload().length;
            }
        }
        long nanos = System.nanoTime() - start;
        report("writer", n, payload, Files.size(file), nanos);
    }

    /**
     * Phase 2: publisher -> embedded broker -> recording subscriber; {@code rateHz} 0 publishes as
     * fast as the client takes them, else paced (a late publisher catches up at once).
     */
    static void broker(String url, Path file, int n, int rateHz) throws Exception {
        Message frame = sampleMessages()[1];
        AtomicLong received = new AtomicLong();
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong lastNanos = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Object[] dropped = {"?"};
        java.util.concurrent.LinkedBlockingQueue<Message> queue =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (PahoMessageBus sub = connect(url, "recorder");
                PahoMessageBus pub = connect(url, "publisher");
                BusRecorder r = recorder(file)) {
            sub.subscribe(
                            frame.topic(),
                            Qos.AT_LEAST_ONCE,
                            m -> {
                                long now = System.nanoTime();
                                firstNanos.compareAndSet(0, now);
                                lastNanos.set(now);
                                queue.add(m);
                                if (received.incrementAndGet() == n) {
                                    done.countDown();
                                }
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            Thread writer =
                    new Thread(
                            () -> {
                                try {
                                    long t = 0;
                                    while (true) {
                                        Message m = queue.poll(2, TimeUnit.SECONDS);
                                        if (m == null) {
                                            return;
                                        }
                                        r.record(m, t += 1000);
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            writer.start();
            long published = 0;
            long pubStart = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (rateHz > 0) {
                    long due = pubStart + (long) (i * 1e9 / rateHz);
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                // The client's in-flight window may be full: wait for this one and go on.
                try {
                    pub.publish(frame).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    published++;
                } catch (Exception e) {
                    // counted as not published
                }
            }
            long pubNanos = System.nanoTime() - pubStart;
            // Wait while messages still come; 2 s without one ends the phase.
            boolean all;
            long before;
            do {
                before = received.get();
                all = done.await(2, TimeUnit.SECONDS);
            } while (!all && received.get() != before);
            writer.join();
            long span = lastNanos.get() - firstNanos.get();
            dropped[0] = sub.statistics().get("droppedDeliveries");
            System.out.printf(
                    "broker %s: published %d frames in %.2f s (%.0f msg/s); recorded %d (%s), %.0f msg/s, %.1f MB/s payload over %.2f s%n",
                    rateHz == 0 ? "flat out" : rateHz + " Hz",
                    published,
                    pubNanos / 1e9,
                    published / (pubNanos / 1e9),
                    r.messages(),
                    all ? "none lost" : (n - received.get()) + " lost",
                    r.messages() / (span / 1e9),
                    r.payloadBytes() / (span / 1e9) / 1e6,
                    span / 1e9);
        }
        System.out.printf(
                "broker: file %d bytes; subscriber's bus client dropped %s deliveries (queue full)%n",
                Files.size(file), dropped[0]);
    }

    /** A recording of a 1 kHz frame stream, log times exactly 1 ms apart. */
    static void writeStream(Path file, int n) throws Exception {
        Message frame = sampleMessages()[1];
        try (BusRecorder r = recorder(file)) {
            for (int i = 0; i < n; i++) {
                r.record(frame, 1_000_000_000L + i * 1_000_000L);
            }
        }
    }

    /** Phase 3: replay timing. */
    static void replay(String target, Path file, Replayer.Publisher publisher) throws Exception {
        int n;
        try (McapReader reader = McapReader.open(file)) {
            n = (int) reader.verify().messageCount();
        }
        long[] sent = new long[n];
        long[] logs = new long[n];
        int[] i = {0};
        Replayer replayer =
                new Replayer(
                        publisher,
                        (t, r) -> true,
                        Replayer.Clock.SYSTEM,
                        1.0,
                        "",
                        (log, due, at) -> {
                            logs[i[0]] = log;
                            sent[i[0]++] = at;
                        });
        ReplayResult result;
        try (McapReader reader = McapReader.open(file)) {
            result = replayer.replay(reader, Duration.ofSeconds(30));
        }
        long[] intervalError = new long[n - 1];
        long[] offsetError = new long[n];
        for (int k = 1; k < n; k++) {
            intervalError[k - 1] = Math.abs((sent[k] - sent[k - 1]) - (logs[k] - logs[k - 1]));
        }
        for (int k = 0; k < n; k++) {
            offsetError[k] = Math.abs((sent[k] - sent[0]) - (logs[k] - logs[0]));
        }
        System.out.printf(
                "replay (%s): %d messages at 1 kHz in %.3f s (recorded %.3f s), %d failed%n"
                        + "  |actual - recorded| interval: %s%n"
                        + "  |actual - recorded| offset from the first: %s%n",
                target,
                result.published(),
                result.elapsedNanos() / 1e9,
                (logs[n - 1] - logs[0]) / 1e9,
                result.failedCount(),
                percentiles(intervalError),
                percentiles(offsetError));
    }

    private static String percentiles(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format(
                "p50 %.1f us, p99 %.1f us, max %.1f us",
                rank(s, 0.5) / 1e3, rank(s, 0.99) / 1e3, s[s.length - 1] / 1e3);
    }

    private static long rank(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void report(String what, long n, long payload, long fileBytes, long nanos) {
        double s = nanos / 1e9;
        System.out.printf(
                "%s: %d messages in %.3f s: %.0f msg/s, %.1f MB/s payload, %.1f MB/s file (%d bytes)%n",
                what, n, s, n / s, payload / s / 1e6, fileBytes / s / 1e6, fileBytes);
    }

    private static BusRecorder recorder(Path file) throws Exception {
        return new BusRecorder(
                new McapWriter(
                        new BufferedOutputStream(new FileOutputStream(file.toFile()), 1 << 20),
                        McapWriter.Options.defaults("armature benchmark")),
                SchemaSource.NONE,
                false);
    }

    /** One JSON document, then 99 joint-state frames. */
    private static Message[] sampleMessages() {
        Message[] m = new Message[100];
        m[0] =
                Message.builder(HAND.statistics())
                        .payload(
                                "{\"timing\":{\"ticks\":500,\"latenessP50Nanos\":12000,\"latenessP99Nanos\":85000},"
                                        + "\"supervisor\":{\"commandsApplied\":14,\"epoch\":3907382628,\"watchdogState\":\"HOLDING\"}}")
                        .contentType(ContentTypes.JSON)
                        .build();
        for (int i = 1; i < m.length; i++) {
            byte[] b = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, JOINTS)];
            FrameWriter w = new FrameWriter().wrap(b, 0);
            w.begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, JOINTS)
                    .epoch(1)
                    .sequence(i)
                    .timestampNs(i);
            for (int c = 0; c < 3; c++) {
                double[] v = new double[JOINTS];
                Arrays.fill(v, 0.1 * i + c);
                w.putChannel(v);
            }
            w.finish();
            m[i] = Message.builder(HAND.state()).payload(b).contentType(ContentTypes.FRAME).build();
        }
        return m;
    }

    private static PahoMessageBus connect(String url, String name) throws Exception {
        PahoMessageBus bus = new PahoMessageBus(BusSettings.of(url, "bench", name));
        bus.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return bus;
    }

    private static int intArg(String[] args, String name, int fallback) {
        String v = stringArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** The embedded HiveMQ CE on a free port, without access control. */
    private static final class Broker implements AutoCloseable {
        private final EmbeddedBroker broker;

        Broker(Path dir) throws Exception {
            broker = new EmbeddedBroker(0, dir);
            broker.start();
        }

        String url() {
            return broker.url();
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
