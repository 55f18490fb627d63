package armature.launcher;

import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import armature.bus.paho.PahoMessageBus;
import armature.record.BusRecorder;
import armature.record.SchemaSource;
import armature.record.mcap.McapWriter;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * {@code armature record TOPIC-FILTER... -o FILE.mcap [--seconds S] [--count N] [--decode]}: every
 * message on the filters into an MCAP file (docs/recording.md) until Ctrl-C, S seconds or N
 * messages. Messages are queued as they arrive (none dropped here) and written by this thread; the
 * file is closed properly on every way out, Ctrl-C included.
 */
final class RecordCommand {
    private record Received(Message message, long logTimeNs) {}

    private static final long FLUSH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The name of the metadata records that mark a time without the broker. */
    static final String GAP_METADATA = "armature.gap";

    /** How soon a Ctrl-C (or a lost connection) is noticed. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private RecordCommand() {}

    static int run(Invocation inv) throws Exception {
        List<String> filters = new ArrayList<>();
        Path file = Path.of(RecordingFiles.splitOutput(inv.operands(), filters));
        int seconds = inv.args.intOption(Options.SECONDS.name(), 0, 1, 31_536_000);
        long count = inv.args.intOption(Options.COUNT.name(), 0, 1, Integer.MAX_VALUE);
        boolean decode = inv.args.flag(Options.DECODE.name());
        SchemaSource schemas = RecordingFiles.documentedSchemas();
        MessageBus bus = inv.bus(); // connected before the file exists: no empty file on failure
        OutputStream out = create(file);
        // Log times: the wall clock at start plus the monotonic clock since, so they never step.
        Instant wall = Instant.now();
        long wallNs = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        long startNanos = System.nanoTime();
        BusRecorder recorder =
                new BusRecorder(
                        new McapWriter(
                                new BufferedOutputStream(out, 1 << 20),
                                McapWriter.Options.defaults("armature record")),
                        schemas,
                        decode);
        // Ctrl-C: the hook asks this thread to stop and waits until the file is closed (the JVM
        // halts once its hooks return). No interrupt: it would close the file's channel mid-write.
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> awaitQuietly(stop, finished), "record-ctrl-c");
        BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
        List<Subscription> subscriptions = new ArrayList<>();
        boolean subscribed = false;
        try {
            recorder.metadata(
                    "armature.recording", provenance(inv, filters, bus.brokerUrl(), wall));
            for (int k = 0; k < filters.size(); k++) {
                List<String> earlier = List.copyOf(filters.subList(0, k));
                subscriptions.add(
                        subscribe(
                                inv,
                                bus,
                                filters.get(k),
                                m -> {
                                    // Overlapping filters: the broker delivers a message once
                                    // per matching subscription; the first filter records it.
                                    if (!matchesAny(earlier, m.topic())) {
                                        queue.add(
                                                new Received(
                                                        m,
                                                        wallNs + System.nanoTime() - startNanos));
                                    }
                                }));
            }
            subscribed = true;
            Runtime.getRuntime().addShutdownHook(hook);
            inv.err.println(
                    "recording "
                            + String.join(" ", filters)
                            + " to "
                            + file
                            + (seconds > 0 ? " for " + seconds + " s" : "")
                            + (count > 0 ? " (at most " + count + " messages)" : "")
                            + "; Ctrl-C stops");
            // --seconds counts from when every subscription stands, not from the connection.
            long end =
                    seconds > 0
                            ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
                            : Long.MAX_VALUE;
            LongSupplier logClock = () -> wallNs + System.nanoTime() - startNanos;
            ConnectionGaps gaps = new ConnectionGaps();
            drain(queue, recorder, count, end, stop, new GapWatch(inv, bus, gaps, logClock));
            for (Subscription s : subscriptions) {
                s.cancel();
            }
            // What arrived before the end is kept (up to --count).
            Received r;
            while ((count == 0 || recorder.messages() < count) && (r = queue.poll()) != null) {
                recorder.record(r.message(), r.logTimeNs());
            }
            ConnectionGaps.Back open = gaps.end(logClock.getAsLong());
            if (open != null) {
                gapMetadata(recorder, open.gap(), false);
            }
            recorder.close();
            report(inv, file, recorder, System.nanoTime() - startNanos, stop.get());
            reportGaps(inv, gaps, open != null);
            return 0;
        } finally {
            for (Subscription s : subscriptions) {
                s.cancel();
            }
            recorder.close();
            if (!subscribed) {
                Files.deleteIfExists(file); // nothing was recorded: leave no file behind
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Ctrl-C: the JVM is shutting down; the hook returns now that we are done.
            }
        }
    }

    /**
     * Says on stderr when the broker connection is lost and when it is back, and writes each gap
     * into the file as metadata {@value #GAP_METADATA}, so that nobody takes the silence in the
     * recording for a quiet robot.
     */
    private record GapWatch(
            Invocation inv, MessageBus bus, ConnectionGaps gaps, LongSupplier logClock) {
        void check(BusRecorder recorder) throws IOException {
            ConnectionGaps.Change c =
                    gaps.observe(
                            bus.state() == ConnectionState.CONNECTED,
                            bus instanceof PahoMessageBus p ? p.lastError() : null,
                            logClock.getAsLong());
            if (c instanceof ConnectionGaps.Lost l) {
                inv.err.println(
                        "armature: record: lost the broker at "
                                + clock(l.atNs())
                                + " ("
                                + l.reason()
                                + "); recording goes on when it is back, and what is published"
                                + " meanwhile is not in the file");
            } else if (c instanceof ConnectionGaps.Back b) {
                gapMetadata(recorder, b.gap(), true);
                inv.err.printf(
                        Locale.ROOT,
                        "armature: record: the broker is back at %s, after %.1f s; the gap is in"
                                + " the file as metadata '%s'%n",
                        clock(b.gap().toNs()),
                        b.gap().seconds(),
                        GAP_METADATA);
            }
        }
    }

    private static void gapMetadata(BusRecorder recorder, ConnectionGaps.Gap g, boolean back)
            throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fromLogTimeNs", Long.toString(g.fromNs()));
        m.put("toLogTimeNs", Long.toString(g.toNs()));
        m.put("seconds", String.format(Locale.ROOT, "%.3f", g.seconds()));
        m.put("reason", g.reason());
        m.put("end", back ? "the broker came back" : "the recording ended without it");
        recorder.metadata(GAP_METADATA, m);
    }

    private static void reportGaps(Invocation inv, ConnectionGaps gaps, boolean endedAway) {
        List<ConnectionGaps.Gap> all = gaps.gaps();
        if (all.isEmpty()) {
            return;
        }
        inv.err.printf(
                Locale.ROOT,
                "armature: warning: the recording has %d gap%s while the broker was away, %.1f s in"
                        + " all (metadata '%s')%s%n",
                all.size(),
                all.size() == 1 ? "" : "s",
                gaps.seconds(),
                GAP_METADATA,
                endedAway ? "; it ended without the broker" : "");
    }

    private static String clock(long epochNs) {
        return java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.format(
                java.time.LocalTime.ofInstant(
                        Instant.ofEpochSecond(0, epochNs).truncatedTo(ChronoUnit.MILLIS),
                        java.time.ZoneId.systemDefault()));
    }

    /** Writes what arrives until the end, N messages, or Ctrl-C; flushes a chunk every second. */
    private static void drain(
            BlockingQueue<Received> queue,
            BusRecorder recorder,
            long count,
            long end,
            AtomicBoolean stop,
            GapWatch watch)
            throws IOException, InterruptedException {
        long nextFlush = System.nanoTime() + FLUSH_EVERY_NANOS;
        while ((count == 0 || recorder.messages() < count) && !stop.get()) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            watch.check(recorder);
            if (now >= nextFlush) {
                recorder.flush(); // so that a crash loses at most the last second
                nextFlush = now + FLUSH_EVERY_NANOS;
            }
            Received r =
                    queue.poll(
                            Math.min(Math.min(end, nextFlush) - now, POLL_NANOS),
                            TimeUnit.NANOSECONDS);
            if (r != null) {
                recorder.record(r.message(), r.logTimeNs());
            }
        }
    }

    private static void awaitQuietly(AtomicBoolean stop, CountDownLatch finished) {
        stop.set(true);
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OutputStream create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Cli.Refused(
                    "cannot create " + file + ": " + dir + " is a file, not a folder");
        }
        try {
            // Created atomically (never overwriting); written through a stream that an interrupt
            // cannot close half-way.
            Files.createFile(file);
            return new FileOutputStream(file.toFile());
        } catch (FileAlreadyExistsException e) {
            throw new Cli.Refused(
                    file + " exists; record never overwrites a file (choose another name)");
        } catch (NoSuchFileException e) {
            throw new Cli.Refused(
                    "cannot create "
                            + file
                            + ": "
                            + (dir != null && Files.isDirectory(dir)
                                    ? "the folder does not take new files"
                                    : "its folder does not exist"));
        } catch (java.nio.file.AccessDeniedException e) {
            throw new Cli.Refused("cannot create " + file + ": permission denied");
        } catch (java.nio.file.FileSystemException e) {
            throw new Cli.Refused(
                    "cannot create "
                            + file
                            + ": "
                            + (e.getReason() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getReason()));
        }
    }

    private static Subscription subscribe(
            Invocation inv, MessageBus bus, String filter, armature.bus.api.MessageHandler h) {
        try {
            // QoS 1, so that what was published with QoS 1 arrives (and is replayed) with QoS 1.
            return bus.subscribe(filter, Qos.AT_LEAST_ONCE, h)
                    .toCompletableFuture()
                    .get(inv.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Cli.Unreachable(
                    "the broker did not confirm the subscription to " + filter + " in time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new Args.UsageException(iae.getMessage());
            }
            throw Cli.busFailure("subscribe to " + filter, inv.user(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Whether {@code topic} matches one of {@code filters}. */
    static boolean matchesAny(List<String> filters, String topic) {
        for (String f : filters) {
            if (Topics.matches(f, topic)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> provenance(
            Invocation inv, List<String> filters, String broker, Instant started) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("filters", String.join(" ", filters));
        m.put("broker", broker);
        m.put("container", inv.home().containerId());
        m.put("user", inv.user());
        m.put("started", started.toString());
        m.put("logTime", "receive time, ns since the Unix epoch");
        return m;
    }

    private static void report(
            Invocation inv, Path file, BusRecorder recorder, long nanos, boolean interrupted)
            throws IOException {
        double s = nanos / 1e9;
        inv.out.printf(
                "recorded %d messages (%d payload bytes) on %d channels in %.1f s to %s (%d bytes)%s%n",
                recorder.messages(),
                recorder.payloadBytes(),
                recorder.channels(),
                s,
                file,
                Files.size(file),
                interrupted ? "; stopped by a signal (Ctrl-C or SIGTERM)" : "");
        if (inv.bus() instanceof PahoMessageBus p
                && p.statistics().get("droppedDeliveries") instanceof Number n
                && n.longValue() > 0) {
            inv.err.println(
                    "armature: warning: the bus client dropped "
                            + n
                            + " deliveries (the recorder fell behind); they are not in the file");
        }
    }
}
