package armature.control.loop;

import armature.bus.codec.FrameReader;
import armature.control.limits.LimitResolver;
import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.NanoClock;
import armature.safety.SafetyConfig;
import armature.safety.SafetyEvent;
import armature.safety.SafetySupervisor;
import armature.safety.wear.WearSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** A loop core on a fake clock with a recording sink; time moves only when a test steps it. */
final class LoopRig implements NanoClock, LoopSink {
    static final long PERIOD_NANOS = 2_000_000; // 500 Hz
    static final double MAX_VELOCITY_RAD_PER_SEC = 2.0;
    static final double MAX_ACCELERATION_RAD_PER_SEC2 = 50.0;

    long nowNanos = 1_000_000_000L;
    final SafetySupervisor supervisor;
    final CommandInbox inbox = new CommandInbox();
    final ControlLoopCore core;
    final List<SafetyEvent> events = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    byte[] lastFrame;
    int frames;

    LoopRig(int joints) {
        this(joints, LimitResolver::of);
    }

    /** A rig whose limit resolver is made from its (configured) limits by {@code resolver}. */
    LoopRig(int joints, Function<List<JointLimits>, LimitResolver> resolver) {
        List<JointLimits> limits = new ArrayList<>();
        for (int i = 0; i < joints; i++) {
            limits.add(
                    JointLimits.of(
                            "j" + i,
                            -2,
                            2,
                            MAX_VELOCITY_RAD_PER_SEC,
                            MAX_ACCELERATION_RAD_PER_SEC2,
                            1.0,
                            EffortUnit.NEWTON_METRE));
        }
        SafetyConfig config =
                SafetyConfig.builder(limits)
                        .holdTimeout(Duration.ofMillis(50))
                        .safeStateTimeout(Duration.ofMillis(500))
                        .build();
        supervisor = new SafetySupervisor(config, this, WearSnapshot.empty());
        core = new ControlLoopCore(supervisor, this, inbox, this, resolver.apply(limits));
    }

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    /** Advances the clock one period and runs one tick. */
    void tick() {
        nowNanos += PERIOD_NANOS;
        core.tick();
    }

    /** Runs one tick at an explicit time (tests on a real clock). */
    void tickAt(long nanos) {
        nowNanos = nanos;
        core.tick();
    }

    void ticks(int count) {
        for (int i = 0; i < count; i++) {
            tick();
        }
    }

    /** The epoch stamped on the newest state frame, as a command source would read it. */
    long frameEpoch() {
        return new FrameReader().wrap(lastFrame).epoch();
    }

    double framePosition(int joint) {
        return new FrameReader().wrap(lastFrame).get(0, joint);
    }

    long count(SafetyEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    @Override
    public void stateFrame(byte[] frame, int length) {
        lastFrame = Arrays.copyOf(frame, length);
        frames++;
    }

    @Override
    public void safetyEvents(List<SafetyEvent> tickEvents) {
        events.addAll(tickEvents);
    }

    @Override
    public void driverProblem(String message) {
        problems.add(message);
    }
}
