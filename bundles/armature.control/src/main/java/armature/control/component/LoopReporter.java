package armature.control.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.codec.JsonCodec;
import armature.control.api.LoopTopics;
import armature.control.loop.CommandInbox;
import armature.control.loop.ControlLoopCore;
import armature.control.loop.LoopSink;
import armature.control.loop.LoopTiming;
import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.safety.EStopSnapshot;
import armature.safety.EStopState;
import armature.safety.SafetyEvent;
import armature.safety.SafetySupervisor;
import armature.safety.SupervisorSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The loop's bus side. State frames are published straight from the loop thread (the bus publish is
 * non-blocking); everything that needs JSON or file I/O (events, statistics, the e-stop file and
 * document, the supervisor document, wear) is done on a separate management thread, so it never
 * delays a tick.
 */
final class LoopReporter implements LoopSink {
    private static final System.Logger LOG = System.getLogger(LoopReporter.class.getName());
    private static final int MAX_QUEUED_EVENTS = 10_000;

    /** How often the supervisor document is compared and, when changed, published (10/s). */
    static final long SUPERVISOR_DOCUMENT_MILLIS = 100;

    /** The e-stop source that re-latches when a cleared latch could not be saved. */
    static final String STATE_FILE_SOURCE = "estop-file";

    private final MessageBus bus;
    private final LoopTopics topics;
    private final JsonCodec json = new JsonCodec();
    private final SafetySupervisor supervisor;
    private final CommandInbox inbox;
    private final LoopTiming timing;
    private final SafetyStateFiles files;
    private final RetainedDocuments retained;
    private final Queue<Map<String, Object>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong eventsDropped = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<String> lastDriverRefusal =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicReference<EStopSnapshot> unsavedEStop = new AtomicReference<>();
    final AtomicLong malformedCommands = new AtomicLong();
    private final ScheduledExecutorService management =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "armature-control-management");
                        t.setDaemon(true);
                        return t;
                    });
    private static final long PROBLEM_REPEAT_NANOS = 1_000_000_000L;
    private String lastProblem; // loop thread
    private long lastProblemNanos; // loop thread
    private volatile ControlLoopCore core;
    private volatile java.util.function.Supplier<String> scheduling = () -> "pending";
    private DriverHealth lastHealth; // management thread
    private SupervisorSnapshot lastSupervisor; // management thread

    LoopReporter(
            MessageBus bus,
            LoopTopics topics,
            SafetySupervisor supervisor,
            CommandInbox inbox,
            LoopTiming timing,
            SafetyStateFiles files) {
        this.bus = bus;
        this.topics = topics;
        this.supervisor = supervisor;
        this.inbox = inbox;
        this.timing = timing;
        this.files = files;
        this.retained = new RetainedDocuments(bus);
    }

    void start(ControlLoopCore loopCore, long statisticsMillis, long wearSeconds) {
        this.core = loopCore;
        for (SafetyStateFiles.Problem p : files.problems) {
            LOG.log(System.Logger.Level.WARNING, p.message());
            report(
                    LoopEvent.STATE_FILE_UNREADABLE,
                    p.message(),
                    Map.of("file", p.file().toString()));
        }
        publishEStop(supervisor.eStopSnapshot(), null);
        management.scheduleWithFixedDelay(this::drain, 20, 20, TimeUnit.MILLISECONDS);
        management.scheduleWithFixedDelay(
                this::watch, 0, SUPERVISOR_DOCUMENT_MILLIS, TimeUnit.MILLISECONDS);
        management.scheduleAtFixedRate(
                this::publishStatistics, statisticsMillis, statisticsMillis, TimeUnit.MILLISECONDS);
        management.scheduleWithFixedDelay(
                this::saveWear, wearSeconds, wearSeconds, TimeUnit.SECONDS);
    }

    /**
     * How the loop thread is scheduled, asked at each statistics document ({@code "pending"} until
     * the thread has settled it).
     */
    void scheduling(java.util.function.Supplier<String> description) {
        scheduling = description;
    }

    /** Publishes a retained document of the loop (kept for reconnects). */
    void publishRetained(String topic, Object document) {
        retained.publish(topic, json.encode(document));
    }

    /**
     * The supervisor's {@link armature.safety.EStopListener}: called with its lock held, so the
     * file is written on the management thread, then the retained document follows.
     */
    void eStopChanged(EStopSnapshot now) {
        unsavedEStop.set(now);
        try {
            management.execute(this::saveEStop);
        } catch (RejectedExecutionException stopping) {
            // stop() saves the newest one after the management thread ended.
        }
    }

    /** Stops the management thread after a last drain, e-stop and wear save; clears documents. */
    void stop() throws InterruptedException {
        management.shutdown();
        management.awaitTermination(5, TimeUnit.SECONDS);
        saveEStop();
        drain();
        saveWear();
        retained.clear();
    }

    @Override
    public void stateFrame(byte[] frame, int length) {
        bus.publish(
                Message.builder(topics.state())
                        .payload(Arrays.copyOf(frame, length))
                        .contentType(ContentTypes.FRAME)
                        .build());
    }

    @Override
    public void safetyEvents(List<SafetyEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            enqueue(LoopDocuments.event(events.get(i)));
        }
    }

    @Override
    public void driverProblem(String message) {
        // A broken driver reports every tick: publish a problem when it changes, and repeat a
        // standing one at most once a second so it is neither flooded nor lost after recovery.
        long now = System.nanoTime();
        if (!message.equals(lastProblem) || now - lastProblemNanos >= PROBLEM_REPEAT_NANOS) {
            lastProblem = message;
            lastProblemNanos = now;
            report(LoopEvent.DRIVER_PROBLEM, message);
        }
    }

    /** Queues a loop-level event (driver swaps, malformed frames) for the events topic. */
    void report(LoopEvent type, String message) {
        report(type, message, Map.of());
    }

    /** A loop-level event with structured fields (driver, joint, field) besides the message. */
    void report(LoopEvent type, String message, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.type().name());
        m.putAll(fields);
        m.put("message", message);
        enqueue(m);
    }

    private void enqueue(Map<String, Object> event) {
        if (queued.incrementAndGet() > MAX_QUEUED_EVENTS) {
            queued.decrementAndGet();
            eventsDropped.incrementAndGet();
            return;
        }
        queue.add(event);
    }

    /** Every 100 ms: driver health, retained documents after a reconnect, supervisor document. */
    private void watch() {
        try {
            watchHealth();
            retained.republishAfterReconnect();
            SupervisorSnapshot s = supervisor.snapshot();
            if (s.epoch() != 0 && !s.equals(lastSupervisor)) {
                publishRetained(topics.supervisor(), LoopDocuments.supervisor(s));
                lastSupervisor = s;
            }
        } catch (RuntimeException e) {
            // An exception escaping a scheduled task would end it for good.
            LOG.log(System.Logger.Level.WARNING, "loop watch failed", e);
        }
    }

    /** Publishes driver health when it changes (the driver, not the loop, decides what it is). */
    private void watchHealth() {
        DriverHealth h;
        try {
            h = core.driverHealth();
        } catch (RuntimeException e) {
            h = new DriverHealth(HealthState.FAULT, "health() threw " + e);
        }
        if (h != null && !h.equals(lastHealth)) {
            report(LoopEvent.DRIVER_HEALTH, h.state() + ": " + h.message());
        }
        lastHealth = h;
    }

    private void drain() {
        Map<String, Object> e;
        while ((e = queue.poll()) != null) {
            queued.decrementAndGet();
            publishJson(topics.events(), e);
        }
    }

    /** Writes the newest e-stop latch to its file, then publishes it. */
    private void saveEStop() {
        EStopSnapshot s = unsavedEStop.getAndSet(null);
        if (s == null) {
            return;
        }
        Path file = files.eStop.file();
        String notSaved = null;
        try {
            files.eStop.save(s);
        } catch (IOException | RuntimeException e) {
            notSaved = "e-stop state " + s.state() + " not saved to " + file + ": " + e;
            LOG.log(System.Logger.Level.ERROR, notSaved);
            report(LoopEvent.STATE_FILE_NOT_SAVED, notSaved, Map.of("file", file.toString()));
            if (s.state() == EStopState.CLEAR) {
                // A reset that a crash would undo is no reset: the robot stays stopped until the
                // cleared latch can be saved.
                supervisor.triggerEStop(STATE_FILE_SOURCE, "the reset could not be saved: " + e);
                return;
            }
        }
        publishEStop(s, notSaved);
    }

    /**
     * The latch document; {@code notSaved} (null when saved) travels in it, so that whoever asked
     * for the change learns with the new state that a crash would not keep it: the event says so
     * too, but events are QoS 0 and may arrive after the latch.
     */
    private void publishEStop(EStopSnapshot s, String notSaved) {
        Map<String, Object> doc = LoopDocuments.eStop(s);
        if (notSaved != null) {
            doc.put("notSaved", notSaved);
        }
        publishRetained(topics.eStop(), doc);
    }

    /**
     * The last driver refused, while no driver took its place (null clears it): the statistics
     * carry it, so that `loop stats` says why a loop runs without a driver.
     */
    void driverRefused(String message) {
        lastDriverRefusal.set(message);
    }

    /** The last driver refused while no driver took its place, or null. */
    String driverRefusal() {
        return lastDriverRefusal.get();
    }

    private void publishStatistics() {
        try {
            Map<String, Object> doc =
                    LoopDocuments.statistics(
                            timing.snapshotAndReset(),
                            scheduling.get(),
                            supervisor,
                            inbox,
                            core,
                            malformedCommands.get(),
                            eventsDropped.get());
            doc.put("driverRefused", lastDriverRefusal.get());
            publishJson(topics.statistics(), doc);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "statistics not published: " + e);
        }
    }

    /**
     * The e-stop latch and the epoch counter are written on change only; a file deleted while the
     * loop runs (a cleanup script, a mistaken rm) is written again here, so that a crash after it
     * still restarts LATCHED and in a new epoch.
     */
    private void restoreMissingStateFiles() {
        restoreIfMissing(
                "e-stop state file",
                files.eStop.file(),
                () -> {
                    EStopSnapshot s = supervisor.eStopSnapshot();
                    files.eStop.save(s);
                    return s.state().toString();
                });
        restoreIfMissing(
                "epoch counter file",
                files.epochs.file(),
                () -> files.epochs.restoreIfMissing() ? "the current epoch" : null);
    }

    /** What writes a state file again, and what it wrote (null: it was there after all). */
    private interface Restore {
        String write() throws IOException;
    }

    private void restoreIfMissing(String what, Path file, Restore restore) {
        if (Files.exists(file)) {
            return;
        }
        try {
            String wrote = restore.write();
            if (wrote != null) {
                String message =
                        what
                                + " "
                                + file
                                + " disappeared while the loop ran; written again ("
                                + wrote
                                + ")";
                LOG.log(System.Logger.Level.WARNING, message);
                report(LoopEvent.STATE_FILE_UNREADABLE, message, Map.of("file", file.toString()));
            }
        } catch (IOException | RuntimeException e) {
            String message = what + " " + file + " disappeared and cannot be written: " + e;
            LOG.log(System.Logger.Level.ERROR, message);
            report(LoopEvent.STATE_FILE_NOT_SAVED, message, Map.of("file", file.toString()));
        }
    }

    private void saveWear() {
        restoreMissingStateFiles();
        try {
            files.wear.save(supervisor.wearSnapshot());
        } catch (IOException | RuntimeException e) {
            String message = "wear not saved to " + files.wear.file() + ": " + e;
            LOG.log(System.Logger.Level.WARNING, message);
            report(
                    LoopEvent.STATE_FILE_NOT_SAVED,
                    message,
                    Map.of("file", files.wear.file().toString()));
        }
    }

    private void publishJson(String topic, Object value) {
        try {
            bus.publish(
                    Message.builder(topic)
                            .payload(json.encode(value))
                            .contentType(ContentTypes.JSON)
                            .qos(Qos.AT_MOST_ONCE)
                            .build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "not published on " + topic + ": " + e);
        }
    }

    JsonCodec json() {
        return json;
    }
}
