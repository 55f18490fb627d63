package armature.control.bench;

import armature.control.loop.CommandInbox;
import armature.control.loop.ControlLoopCore;
import armature.control.loop.FixedRateLoop;
import armature.control.loop.LoopSink;
import armature.control.loop.LoopTiming;
import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.safety.Command;
import armature.safety.CommandMode;
import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.NanoClock;
import armature.safety.SafetyConfig;
import armature.safety.SafetyEvent;
import armature.safety.SafetySupervisor;
import armature.safety.wear.WearSnapshot;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Loop jitter harness (not a test): runs the real {@link FixedRateLoop} + {@link ControlLoopCore} +
 * supervisor against a simulated first-order position servo, with a command source offering a
 * moving set-point at 100 Hz from another thread, and prints start lateness and tick duration
 * percentiles.
 *
 * <p>Arguments: {@code rateHz durationSeconds [spinMicros] [joints]}. Results: docs/benchmarks/
 * control.md.
 */
public final class LoopJitterBenchmark {
    public static void main(String[] args) throws Exception {
        double rateHz = Double.parseDouble(args[0]);
        double seconds = Double.parseDouble(args[1]);
        long spinMicros = args.length > 2 ? Long.parseLong(args[2]) : 0;
        int joints = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        NanoClock clock = System::nanoTime;

        List<JointLimits> limits = new ArrayList<>();
        for (int i = 0; i < joints; i++) {
            limits.add(JointLimits.of("j" + i, -1.5, 1.5, 6, 200, 1, EffortUnit.AMPERE));
        }
        SafetySupervisor supervisor =
                new SafetySupervisor(
                        SafetyConfig.builder(limits).build(), clock, WearSnapshot.empty());
        CommandInbox inbox = new CommandInbox();
        ControlLoopCore core = new ControlLoopCore(supervisor, clock, inbox, new DiscardingSink());
        core.attachDriver(new SimulatedServos(joints, clock));

        LoopTiming timing = new LoopTiming((int) Math.ceil(rateHz * seconds) + 1000);
        FixedRateLoop loop =
                new FixedRateLoop(
                        "bench-loop",
                        rateHz,
                        spinMicros * 1000,
                        clock,
                        core::tick,
                        timing,
                        e -> System.err.println("tick failed: " + e));
        ScheduledExecutorService source = Executors.newSingleThreadScheduledExecutor();
        long[] seq = {0};
        long t0 = System.nanoTime();
        source.scheduleAtFixedRate(
                () -> {
                    double[] v = new double[joints];
                    double s = (System.nanoTime() - t0) / 1e9;
                    for (int i = 0; i < joints; i++) {
                        v[i] = 0.5 * Math.sin(2 * Math.PI * 0.5 * s + i);
                    }
                    inbox.offer(
                            Command.of(
                                    supervisor.currentEpoch(), ++seq[0], CommandMode.POSITION, v));
                },
                0,
                10,
                TimeUnit.MILLISECONDS);
        // Warm-up (JIT) is excluded: the window is reset after 2 s.
        loop.start();
        TimeUnit.SECONDS.sleep(2);
        timing.snapshotAndReset();
        TimeUnit.NANOSECONDS.sleep((long) (seconds * 1e9));
        LoopTiming.Snapshot s = timing.snapshotAndReset();
        loop.stop(2, TimeUnit.SECONDS);
        source.shutdownNow();

        System.out.printf(
                "| %.0f Hz | %d | %d | %.0f s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d |%n",
                rateHz,
                joints,
                spinMicros,
                seconds,
                s.ticks(),
                s.latenessP50Nanos() / 1e3,
                s.latenessP99Nanos() / 1e3,
                s.latenessMaxNanos() / 1e3,
                s.durationP50Nanos() / 1e3,
                s.durationP99Nanos() / 1e3,
                s.overruns(),
                supervisor.statistics().commandsApplied());
    }

    /** First-order servos (time constant 20 ms) integrated at each read. */
    static final class SimulatedServos implements JointDriver {
        private final List<JointDescription> joints = new ArrayList<>();
        private final NanoClock clock;
        private final double[] position;
        private final double[] goal;
        private long last;

        SimulatedServos(int n, NanoClock clock) {
            this.clock = clock;
            position = new double[n];
            goal = new double[n];
            for (int i = 0; i < n; i++) {
                joints.add(
                        new JointDescription(
                                "j" + i,
                                -1.5,
                                1.5,
                                6,
                                1,
                                "A",
                                EnumSet.of(DriverCommandMode.POSITION)));
            }
            last = clock.nanoTime();
        }

        @Override
        public List<JointDescription> joints() {
            return joints;
        }

        @Override
        public long readState(double[] p, double[] v, double[] e, double[] t, int[] f) {
            long now = clock.nanoTime();
            double a = 1 - Math.exp(-(now - last) / 1e9 / 0.020);
            last = now;
            for (int i = 0; i < position.length; i++) {
                double step = (goal[i] - position[i]) * a;
                position[i] += step;
                p[i] = position[i];
                v[i] = 0;
                e[i] = 0;
                t[i] = 30;
                f[i] = 0;
            }
            return now;
        }

        @Override
        public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
            System.arraycopy(values, 0, goal, 0, goal.length);
        }

        @Override
        public void hold() {
            System.arraycopy(position, 0, goal, 0, goal.length);
        }

        @Override
        public void torqueOff() {}

        @Override
        public DriverHealth health() {
            return DriverHealth.ok();
        }
    }

    static final class DiscardingSink implements LoopSink {
        @Override
        public void stateFrame(byte[] frame, int length) {}

        @Override
        public void safetyEvents(List<SafetyEvent> events) {}

        @Override
        public void driverProblem(String message) {
            System.err.println(message);
        }
    }
}
