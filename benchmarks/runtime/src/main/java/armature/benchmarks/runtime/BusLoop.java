package armature.benchmarks.runtime;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.loop.CommandFrames;
import armature.control.loop.CommandInbox;
import armature.control.loop.ControlLoopCore;
import armature.control.loop.FixedRateLoop;
import armature.control.loop.LoopSink;
import armature.control.loop.LoopTiming;
import armature.control.loop.ThreadScheduling;
import armature.driver.api.JointDescription;
import armature.safety.Command;
import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.SafetyConfig;
import armature.safety.SafetyEvent;
import armature.safety.SafetySupervisor;
import armature.safety.SupervisorStatistics;
import armature.safety.wear.WearSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The loop side of a run, wired the way {@code ControlLoopComponent} wires it: command frames from
 * the bus are decoded on the bus delivery thread ({@link CommandFrames}) and left in a {@link
 * CommandInbox}; a {@link FixedRateLoop} runs {@link ControlLoopCore} with the real {@link
 * SafetySupervisor}; state frames go back out on the same bus from the loop thread. The component
 * itself is not used because its inbox is private and this harness must note when each command
 * reached it; everything between the MQTT client and {@code write()} is the production code.
 */
final class BusLoop implements AutoCloseable {
    private final MessageBus bus;

    /** The sender level of the benchmark's command source. */
    static final String SENDER = "bench";

    private final String stateTopic;
    private final String commandTopic;
    private final SafetySupervisor supervisor;
    private final CommandInbox inbox = new CommandInbox();
    private final LoopTiming timing;
    private final ControlLoopCore core;
    private final FixedRateLoop loop;
    private final CommandFrames frames = new CommandFrames();
    private final AtomicLongArray inboxNanosBySequence;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong statePublishFailures = new AtomicLong();
    private final Map<String, Long> eventCounts = new TreeMap<>(); // loop thread
    private final List<String> driverProblems = new ArrayList<>(); // loop thread
    private Subscription subscription;
    private final String sender;

    /**
     * @param sender the command sender level (the source's broker user), or {@code null} for
     *     {@value #SENDER} on a broker without users
     * @param limits the supervisor's limits, in the driver's joint order
     * @param maxSequence highest command sequence number this run will see
     */
    BusLoop(
            MessageBus bus,
            String loopName,
            String sender,
            double rateHz,
            List<JointLimits> limits,
            TimedDriver driver,
            int maxSequence,
            int timingCapacity) {
        this.bus = bus;
        this.sender = sender == null ? SENDER : sender;
        LoopTopics topics = ContainerTopics.of(bus.containerId()).loop(loopName);
        stateTopic = topics.state();
        commandTopic = topics.command(this.sender);
        supervisor =
                new SafetySupervisor(
                        SafetyConfig.builder(limits).build(),
                        System::nanoTime,
                        WearSnapshot.empty());
        driver.sequenceSource(() -> supervisor.lastAppliedSequence(this.sender));
        inboxNanosBySequence = new AtomicLongArray(maxSequence + 1);
        timing = new LoopTiming(timingCapacity);
        core = new ControlLoopCore(supervisor, System::nanoTime, inbox, new Sink());
        core.attachDriver(driver);
        loop =
                new FixedRateLoop(
                        "armature-control-" + loopName,
                        rateHz,
                        0,
                        System::nanoTime,
                        core::tick,
                        timing,
                        e -> noteProblem("tick failed: " + e));
    }

    /** Limits for a driver's joints: its position window, 3 rad/s, 50 rad/s^2, 1 N m. */
    static List<JointLimits> limitsOf(List<JointDescription> joints) {
        List<JointLimits> limits = new ArrayList<>();
        for (JointDescription j : joints) {
            limits.add(
                    JointLimits.of(
                            j.name(),
                            j.minPositionRad(),
                            j.maxPositionRad(),
                            3.0,
                            50.0,
                            1.0,
                            EffortUnit.NEWTON_METRE));
        }
        return limits;
    }

    String stateTopic() {
        return stateTopic;
    }

    String commandTopic() {
        return commandTopic;
    }

    /**
     * Starts the loop, its thread under {@code SCHED_FIFO} at {@code realtimePriority} when that is
     * above 0 and the process may.
     *
     * @return how the loop thread is scheduled
     */
    ThreadScheduling.Outcome start(int realtimePriority) throws Exception {
        subscription =
                bus.subscribe(commandTopic, Qos.AT_MOST_ONCE, this::onCommand)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        loop.realtimePriority(realtimePriority);
        loop.start();
        return loop.awaitScheduling(10, TimeUnit.SECONDS);
    }

    /** As {@code ControlLoopComponent.onCommand}, plus the time the command reached the inbox. */
    private void onCommand(Message m) {
        long received = System.nanoTime();
        try {
            Command c =
                    frames.decode(
                            sender,
                            m.payload(),
                            m.userProperty(CommandFrames.MODE_PROPERTY).orElse(null),
                            m.expiry(),
                            received);
            long s = c.sequence();
            if (s > 0 && s < inboxNanosBySequence.length()) {
                inboxNanosBySequence.set((int) s, System.nanoTime());
            }
            inbox.offer(c);
        } catch (IllegalArgumentException e) {
            malformed.incrementAndGet();
        }
    }

    long inboxNanos(int sequence) {
        return inboxNanosBySequence.get(sequence);
    }

    /** Discards the timing window so far (JIT warm-up). */
    void resetTiming() {
        timing.snapshotAndReset();
    }

    LoopTiming.Snapshot timing() {
        return timing.snapshotAndReset();
    }

    CommandInbox.Counts inboxCounts() {
        return inbox.counts();
    }

    SupervisorStatistics supervisorStatistics() {
        return supervisor.statistics();
    }

    ControlLoopCore.Counters loopCounters() {
        return core.counters();
    }

    long malformedFrames() {
        return malformed.get();
    }

    long statePublishFailures() {
        return statePublishFailures.get();
    }

    /** Safety event counts by type; read after {@link #close()}. */
    Map<String, Long> eventCounts() {
        return eventCounts;
    }

    /** Driver problems reported by the loop (first 10); read after {@link #close()}. */
    List<String> driverProblems() {
        return driverProblems;
    }

    private void noteProblem(String message) {
        if (driverProblems.size() < 10) {
            driverProblems.add(message);
        }
    }

    @Override
    public void close() throws Exception {
        if (subscription != null) {
            subscription.cancel();
        }
        loop.stop(2, TimeUnit.SECONDS);
    }

    private final class Sink implements LoopSink {
        @Override
        public void stateFrame(byte[] frame, int length) {
            bus.publish(
                            Message.builder(stateTopic)
                                    .payload(Arrays.copyOf(frame, length))
                                    .contentType(ContentTypes.FRAME)
                                    .build())
                    .whenComplete(
                            (ok, e) -> {
                                if (e != null) {
                                    statePublishFailures.incrementAndGet();
                                }
                            });
        }

        @Override
        public void safetyEvents(List<SafetyEvent> events) {
            for (int i = 0; i < events.size(); i++) {
                eventCounts.merge(events.get(i).type().name(), 1L, Long::sum);
            }
        }

        @Override
        public void driverProblem(String message) {
            noteProblem(message);
        }
    }
}
