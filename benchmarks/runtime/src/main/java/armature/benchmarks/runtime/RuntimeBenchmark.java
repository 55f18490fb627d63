package armature.benchmarks.runtime;

import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.control.loop.CommandInbox;
import armature.control.loop.LoopTiming;
import armature.control.loop.ThreadScheduling;
import armature.driver.api.JointDriver;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import armature.safety.SupervisorStatistics;
import armature.sim.core.RealTimeStepper;
import armature.sim.core.SimulatedRobot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Command latency and loop jitter of the robot runtime, all pieces real and in one JVM so that
 * every timestamp comes from the same {@link System#nanoTime} clock: a broker (embedded HiveMQ CE
 * or Mosquitto as a child process), one {@link PahoMessageBus} for the loop and one for the command
 * source, the real {@code FixedRateLoop} + {@code ControlLoopCore} + {@code SafetySupervisor}, and
 * a driver (an ideal servo, or the simulated Shadow hand on the reference physics engine, stepped
 * in real time) wrapped so that each {@code write()} is timed.
 *
 * <pre>
 * java -cp 'benchmarks/runtime/target/*:benchmarks/runtime/target/lib/*' \
 *   armature.benchmarks.runtime.RuntimeBenchmark --driver ideal|sim \
 *   --broker hivemq|hivemq-auth|mosquitto|both|LIST \
 *   [--rates 500,1000] [--seconds 60] [--warmup 5] [--joints 20] [--model FILE] [--mosquitto PATH]
 *   [--mosquitto-nodelay true|false] [--source-ppm 1000] [--realtime-priority 0]
 * </pre>
 *
 * For each rate, the loop runs at that rate and the source publishes one command per period. Both
 * keep ideal grids, so with exactly equal periods the phase between a command's arrival and the
 * next tick would stay whatever it happened to be at the start, and inbox->write would measure that
 * one accident. The source's clock therefore runs {@code --source-ppm} (default 1000, 0.1 %) fast,
 * as an independent policy host's would (by less): the phase sweeps through the whole period many
 * times per run, and about one command per 1000 is superseded by construction. The first {@code
 * --warmup} seconds (JIT) are run but left out of every figure.
 */
public final class RuntimeBenchmark {
    private final Map<String, String> options;
    private final RunReport reports = new RunReport();
    private int runNumber;

    private RuntimeBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--driver", "ideal");
        o.put("--broker", "both");
        o.put("--rates", "500,1000");
        o.put("--seconds", "60");
        o.put("--warmup", "5");
        o.put("--joints", "20");
        o.put("--model", "examples/models/gymnasium-robotics/hand/manipulate_block.xml");
        o.put("--mosquitto", "/usr/sbin/mosquitto");
        o.put("--source-ppm", "1000");
        o.put("--mosquitto-nodelay", "false");
        o.put("--realtime-priority", "0");
        for (int i = 0; i < args.length; i += 2) {
            if (!o.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println("unknown or incomplete option '" + args[i] + "'; known: " + o);
                System.exit(2);
            }
            o.put(args[i], args[i + 1]);
        }
        new RuntimeBenchmark(o).runAll();
    }

    private void runAll() throws Exception {
        System.out.printf(
                "date %s, java %s, %d processors, load average %s%n",
                Instant.now(),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        String brokers = options.get("--broker");
        // hivemq-auth: the same broker with the launcher's access control, side by side.
        List<String> kinds =
                brokers.equals("both")
                        ? List.of("hivemq", "mosquitto")
                        : List.of(brokers.split(","));
        for (String kind : kinds) {
            try (Broker broker =
                    switch (kind) {
                        case "hivemq" -> Broker.hivemq();
                        case "hivemq-auth" -> Broker.hivemqWithAccess("rtbench");
                        case "mosquitto" ->
                                Broker.mosquitto(
                                        Path.of(options.get("--mosquitto")),
                                        Boolean.parseBoolean(options.get("--mosquitto-nodelay")));
                        default ->
                                throw new IllegalArgumentException(
                                        "--broker '"
                                                + kind
                                                + "' is unknown; allowed: hivemq, hivemq-auth,"
                                                + " mosquitto, both, or a comma list");
                    }) {
                for (String rate : options.get("--rates").split(",")) {
                    run(broker, Double.parseDouble(rate));
                }
            }
        }
        reports.printTables();
    }

    private void run(Broker broker, double rateHz) throws Exception {
        int seconds = Integer.parseInt(options.get("--seconds"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        int total = (int) Math.round((seconds + warmup) * rateHz);
        int warmCount = (int) Math.round(warmup * rateHz);
        String driverKind = options.get("--driver");
        runNumber++;

        RealTimeStepper stepper = null;
        JointDriver inner;
        if (driverKind.equals("sim")) {
            SimulatedRobot robot = simulatedHand(Path.of(options.get("--model")));
            stepper = new RealTimeStepper(robot, 1.0, System::nanoTime, "armature-sim-hand");
            stepper.start();
            inner = robot;
        } else {
            inner = new IdealServo(IdealServo.names(Integer.parseInt(options.get("--joints"))));
        }
        TimedDriver driver = new TimedDriver(inner, total);
        String label = driverKind + " " + inner.joints().size() + " joints";
        String brokerName = broker.name();
        try (PahoMessageBus loopBus =
                        new PahoMessageBus(
                                broker.loop(
                                        BusSettings.of(
                                                broker.url(), "rtbench", "loop-" + runNumber)));
                PahoMessageBus sourceBus =
                        new PahoMessageBus(
                                broker.source(
                                        BusSettings.of(
                                                broker.url(), "rtbench", "source-" + runNumber)))) {
            loopBus.start();
            sourceBus.start();
            if (!loopBus.awaitConnected(Duration.ofSeconds(10))
                    || !sourceBus.awaitConnected(Duration.ofSeconds(10))) {
                throw new IllegalStateException("buses did not connect to " + broker.url());
            }
            BusLoop loop =
                    new BusLoop(
                            loopBus,
                            "bench",
                            broker.sourceUser(),
                            rateHz,
                            BusLoop.limitsOf(inner.joints()),
                            driver,
                            total,
                            (int) Math.ceil(rateHz * (seconds + warmup + 10)));
            ThreadScheduling.Outcome scheduling =
                    loop.start(Integer.parseInt(options.get("--realtime-priority")));
            System.out.println(
                    "loop thread: "
                            + (scheduling == null
                                    ? "scheduling not settled within 10 s"
                                    : scheduling.description()));
            CommandSource source =
                    new CommandSource(
                            sourceBus,
                            loop.commandTopic(),
                            loop.stateTopic(),
                            inner.joints(),
                            total);
            long epoch = source.awaitEpoch(Duration.ofSeconds(10));
            String loadBefore = loadAverage();
            AtomicReference<LoopTiming.Snapshot> timing = new AtomicReference<>();
            double sourceRateHz =
                    rateHz * (1 + Double.parseDouble(options.get("--source-ppm")) * 1e-6);
            source.run(
                    epoch,
                    sourceRateHz,
                    total,
                    seq -> {
                        if (seq == warmCount) {
                            loop.resetTiming();
                        } else if (seq == total) {
                            timing.set(loop.timing());
                        }
                    });
            String loadAfter = loadAverage();
            // Commands still in flight: wait (bounded) until the last one reached the inbox and
            // a few ticks have passed, so it could be written.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (loop.inboxCounts().offered() < total && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() < settle) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            CommandInbox.Counts inbox = loop.inboxCounts();
            SupervisorStatistics sup = loop.supervisorStatistics();
            loop.close();
            reports.add(
                    label,
                    brokerName,
                    rateHz,
                    warmCount,
                    total,
                    source,
                    loop,
                    driver,
                    inbox,
                    sup,
                    timing.get(),
                    options.get("--source-ppm"),
                    loadBefore + " -> " + loadAfter);
        } finally {
            if (stepper != null) {
                stepper.close();
            }
        }
    }

    /** The Shadow hand with a block, loaded, compiled and put in a reference-engine world. */
    static SimulatedRobot simulatedHand(Path model) throws Exception {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException(
                    "--model "
                            + model.toAbsolutePath()
                            + " not found; run from the repository root");
        }
        Path packageRoot = model.toAbsolutePath().getParent().getParent().getParent();
        MultibodyModel m =
                ModelCompiler.compile(
                        Models.load(
                                model,
                                LoadOptions.defaults().withPackagePath(List.of(packageRoot))),
                        warning -> {});
        return new SimulatedRobot(
                m, new ReferencePhysicsEngine().createWorld(m), System::nanoTime, 25.0);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
