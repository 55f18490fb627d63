package armature.control.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.codec.JsonCodec;
import armature.control.loop.CommandInbox;
import armature.control.loop.ControlLoopCore;
import armature.control.loop.LoopSink;
import armature.control.loop.LoopTiming;
import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.safety.EpochStatistics;
import armature.safety.SafetyEvent;
import armature.safety.SafetySupervisor;
import armature.safety.SupervisorStatistics;
import armature.safety.wear.WearStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The loop's bus side. State frames are published straight from the loop thread (the bus publish is
 * non-blocking); everything that needs JSON or file I/O (events, statistics, e-stop state, wear) is
 * queued and done on a separate management thread, so it never delays a tick.
 */
final class LoopReporter implements LoopSink {
    private static final int MAX_QUEUED_EVENTS = 10_000;

    private final MessageBus bus;
    private final LoopTopics topics;
    private final JsonCodec json = new JsonCodec();
    private final SafetySupervisor supervisor;
    private final CommandInbox inbox;
    private final LoopTiming timing;
    private final WearStore wear;
    private final Consumer<String> log;
    private final Queue<Map<String, Object>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong eventsDropped = new AtomicLong();
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
    private DriverHealth lastHealth; // management thread

    LoopReporter(
            MessageBus bus,
            LoopTopics topics,
            SafetySupervisor supervisor,
            CommandInbox inbox,
            LoopTiming timing,
            WearStore wearOrNull,
            Consumer<String> log) {
        this.bus = bus;
        this.topics = topics;
        this.supervisor = supervisor;
        this.inbox = inbox;
        this.timing = timing;
        this.wear = wearOrNull;
        this.log = log;
    }

    void start(ControlLoopCore loopCore, long statisticsMillis, long wearSeconds) {
        this.core = loopCore;
        management.scheduleWithFixedDelay(this::drain, 20, 20, TimeUnit.MILLISECONDS);
        management.scheduleWithFixedDelay(this::watchHealth, 100, 100, TimeUnit.MILLISECONDS);
        management.scheduleAtFixedRate(
                this::publishStatistics, statisticsMillis, statisticsMillis, TimeUnit.MILLISECONDS);
        if (wear != null) {
            management.scheduleWithFixedDelay(
                    this::saveWear, wearSeconds, wearSeconds, TimeUnit.SECONDS);
        }
        publishEStopState();
    }

    /** Runs {@code task} on the management thread. */
    void submit(Runnable task) {
        management.execute(task);
    }

    /** Stops the management thread after a last drain and wear save. */
    void stop() throws InterruptedException {
        management.shutdown();
        management.awaitTermination(5, TimeUnit.SECONDS);
        drain();
        saveWear();
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
            SafetyEvent e = events.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", e.type().name());
            m.put("timeNanos", e.timeNanos());
            if (e.field() != null) {
                m.put("field", e.field());
            }
            if (Double.isFinite(e.value())) {
                m.put("value", e.value());
            }
            if (e.allowedRange() != null) {
                m.put("allowedRange", e.allowedRange());
            }
            m.put("message", e.message());
            enqueue(m);
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
            report("DRIVER_PROBLEM", message);
        }
    }

    /** Queues a loop-level event (driver swaps, malformed frames) for the events topic. */
    void report(String type, String message) {
        report(type, message, Map.of());
    }

    /** A loop-level event with structured fields (driver, joint, field) besides the message. */
    void report(String type, String message, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
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

    /** Publishes driver health when it changes (the driver, not the loop, decides what it is). */
    private void watchHealth() {
        DriverHealth h;
        try {
            h = core.driverHealth();
        } catch (RuntimeException e) {
            h = new DriverHealth(HealthState.FAULT, "health() threw " + e);
        }
        if (h != null && !h.equals(lastHealth)) {
            report("DRIVER_HEALTH", h.state() + ": " + h.message());
        }
        lastHealth = h;
    }

    private void drain() {
        boolean eStopChanged = false;
        Map<String, Object> e;
        while ((e = queue.poll()) != null) {
            queued.decrementAndGet();
            eStopChanged |= String.valueOf(e.get("type")).startsWith("ESTOP_");
            publishJson(topics.events(), e, false);
        }
        if (eStopChanged) {
            publishEStopState();
        }
    }

    void publishEStopState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", supervisor.eStopState().name());
        m.put("assertedSources", supervisor.assertedEStopSources());
        publishJson(topics.eStop(), m, true);
    }

    private void publishStatistics() {
        try {
            LoopTiming.Snapshot t = timing.snapshotAndReset();
            SupervisorStatistics s = supervisor.statistics();
            CommandInbox.Counts in = inbox.counts();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timing", t);
            m.put("supervisor", s);
            m.put("inbox", in);
            m.put("epochs", epochs());
            m.put("loop", core.counters());
            m.put("driverHealth", core.driverHealth());
            m.put("malformedCommandFrames", malformedCommands.get());
            m.put("eventsDropped", eventsDropped.get());
            publishJson(topics.statistics(), m, false);
        } catch (RuntimeException e) {
            log.accept("statistics not published: " + e);
        }
    }

    /**
     * Per command epoch (keyed by the epoch stamped on commands), oldest first: the driver attached
     * when it began, the inbox's offered/superseded and the supervisor's applied and rejected
     * counts. Per epoch {@code offered == superseded + received (+1 pending)} and {@code received
     * == applied + rejected}.
     */
    private List<Map<String, Object>> epochs() {
        Map<Long, String> drivers = core.epochDrivers();
        Map<Long, CommandInbox.EpochCounts> offered = inbox.countsByEpoch();
        List<Map<String, Object>> list = new ArrayList<>();
        long current = supervisor.currentEpoch();
        for (EpochStatistics e : supervisor.epochStatistics()) {
            CommandInbox.EpochCounts in = offered.get(e.epoch());
            if (e.epoch() != current && e.received() == 0 && in == null) {
                continue; // an epoch that saw no command (e.g. no driver yet) says nothing
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("driver", drivers.get(e.epoch()));
            m.put("offered", in == null ? 0 : in.offered());
            m.put("superseded", in == null ? 0 : in.superseded());
            m.put("pending", in != null && in.pending());
            m.put("received", e.received());
            m.put("applied", e.applied());
            m.put("rejected", e.rejected());
            m.put("rejectedStaleEpoch", e.rejectedWrongEpoch());
            m.put("rejectedInvalid", e.rejectedInvalid());
            m.put("rejectedDuplicate", e.rejectedDuplicate());
            m.put("rejectedExpired", e.rejectedExpired());
            m.put("refusedEStop", e.refusedEStop());
            m.put("refusedAwaitingResync", e.refusedAwaitingResync());
            list.add(m);
        }
        return list;
    }

    private void saveWear() {
        if (wear == null) {
            return;
        }
        try {
            wear.save(supervisor.wearSnapshot());
        } catch (IOException | RuntimeException e) {
            log.accept("wear not saved to " + wear.file() + ": " + e);
        }
    }

    private void publishJson(String topic, Object value, boolean retained) {
        try {
            bus.publish(
                    Message.builder(topic)
                            .payload(json.encode(value))
                            .contentType(ContentTypes.JSON)
                            .qos(retained ? Qos.AT_LEAST_ONCE : Qos.AT_MOST_ONCE)
                            .retained(retained)
                            .build());
        } catch (RuntimeException e) {
            log.accept("not published on " + topic + ": " + e);
        }
    }

    JsonCodec json() {
        return json;
    }
}
