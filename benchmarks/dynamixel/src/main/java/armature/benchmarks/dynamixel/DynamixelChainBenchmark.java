package armature.benchmarks.dynamixel;

import armature.driver.dynamixel.chain.ChainConfig;
import armature.driver.dynamixel.chain.CycleReport;
import armature.driver.dynamixel.chain.DynamixelChain;
import armature.driver.dynamixel.chain.JointConfig;
import armature.driver.dynamixel.chain.JointReadings;
import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.controltable.StateBlock;
import armature.driver.dynamixel.emulator.PtyEmulatorServer;
import armature.driver.dynamixel.emulator.PtyPair;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Control-cycle rate and latency of {@link DynamixelChain} against the emulator over a socat pty
 * pair (emulator in this JVM, on its own thread). One cycle = one sync read of the 13-byte
 * indirect-addressed {@link StateBlock} (present current, velocity, position, temperature, hardware
 * error status, torque enable) from every servo + one sync write of goal positions. Free-running:
 * the next cycle starts as soon as the previous one ends.
 *
 * <pre>
 * java -cp ... armature.benchmarks.dynamixel.DynamixelChainBenchmark [servos=16] [baud=4000000]
 *     [cycles=20000] [warmup=3000] [hostLatencyMicros=5000] [paceWire=true]
 * </pre>
 */
public final class DynamixelChainBenchmark {
    private DynamixelChainBenchmark() {}

    public static void main(String[] args) throws Exception {
        int servos = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int baud = args.length > 1 ? Integer.parseInt(args[1]) : 4_000_000;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3_000;
        int hostLatencyMicros = args.length > 4 ? Integer.parseInt(args[4]) : 5_000;
        boolean paceWire = args.length <= 5 || Boolean.parseBoolean(args[5]);
        int[] ids = new int[servos];
        List<JointConfig> joints = new ArrayList<>();
        for (int i = 0; i < servos; i++) {
            ids[i] = i + 1;
            joints.add(JointConfig.of("joint" + (i + 1), i + 1, 1, 0.0));
        }
        Path dir = Files.createTempDirectory("dxl-bench");
        try (PtyPair pty = PtyPair.start(dir, 5, TimeUnit.SECONDS);
                PtyEmulatorServer server =
                        new PtyEmulatorServer(pty.devicePath(), baud, emulator(ids, baud, paceWire))
                                .start();
                DynamixelChain chain =
                        DynamixelChain.create(
                                new ChainConfig(
                                        pty.hostPath(),
                                        baud,
                                        0,
                                        hostLatencyMicros,
                                        2,
                                        500,
                                        joints))) {
            if (!server.awaitOpen(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("emulator did not open " + pty.devicePath());
            }
            CycleReport opened = chain.open();
            if (!opened.ok()) {
                throw new IllegalStateException("open failed: " + opened);
            }
            chain.setTorque(true);
            JointReadings state = new JointReadings(servos);
            double[] goal = new double[servos];
            long[] latencyNanos = new long[cycles];
            int failed = 0;
            for (int i = 0; i < warmup; i++) {
                cycle(chain, i, state, goal);
            }
            long start = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                long t0 = System.nanoTime();
                if (!cycle(chain, i, state, goal)) {
                    failed++;
                }
                latencyNanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            Arrays.sort(latencyNanos);
            System.out.printf(
                    "servos=%d baud=%d cycles=%d warmup=%d hostLatencyMicros=%d paceWire=%b%n",
                    servos, baud, cycles, warmup, hostLatencyMicros, paceWire);
            int readBytes = (7 + 1 + 4 + servos + 2) + servos * (11 + StateBlock.LENGTH);
            int writeBytes = 7 + 1 + 4 + servos * 5 + 2;
            System.out.printf(
                    "wire bytes per cycle: sync read %d (%.0f us), sync write %d (%.0f us)%n",
                    readBytes, readBytes * 10e6 / baud, writeBytes, writeBytes * 10e6 / baud);
            System.out.printf(
                    "temperatureDegC[0]=%.0f hardwareErrorBits[0]=%d%n",
                    state.temperatureDegC[0], state.hardwareErrorBits[0]);
            // ADR 0078: the emulator charges every byte, so no run can beat the wire
            double ceiling = baud / 10.0 / (readBytes + writeBytes);
            System.out.printf(
                    "wire-time ceiling (no return delay, no host time): %.0f cycles/s%n", ceiling);
            System.out.printf("cycles/s=%.0f failedCycles=%d%n", cycles / seconds, failed);
            if (paceWire && cycles / seconds > ceiling) {
                System.out.println(
                        "ERROR: faster than the wire allows; the emulator is not pacing");
            }
            System.out.printf(
                    "latency_us p50=%.0f p99=%.0f p99.9=%.0f max=%.0f%n",
                    latencyNanos[cycles / 2] / 1e3,
                    latencyNanos[(int) (cycles * 0.99)] / 1e3,
                    latencyNanos[(int) (cycles * 0.999)] / 1e3,
                    latencyNanos[cycles - 1] / 1e3);
            measureModeSwitches(chain);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A mode change is not a per-cycle operation: each servo needs about ten confirmed transactions
     * (hold, torque off, write, read back, neutral goal, torque on). This times position ->
     * velocity -> position for the whole chain.
     */
    private static void measureModeSwitches(DynamixelChain chain) {
        int rounds = 10;
        long[] nanos = new long[2 * rounds];
        int failed = 0;
        for (int k = 0; k < rounds; k++) {
            long t0 = System.nanoTime();
            failed += chain.setOperatingMode(OperatingMode.VELOCITY, null).ok() ? 0 : 1;
            long t1 = System.nanoTime();
            failed += chain.setOperatingMode(OperatingMode.POSITION, null).ok() ? 0 : 1;
            nanos[2 * k] = t1 - t0;
            nanos[2 * k + 1] = System.nanoTime() - t1;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "mode switch of the whole chain (%d switches): p50=%.1f ms max=%.1f ms failed=%d%n",
                nanos.length, nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6, failed);
    }

    private static ServoChainEmulator emulator(int[] ids, int baud, boolean paceWire) {
        ServoChainEmulator e = new ServoChainEmulator(ids, baud, 0, 0.010, System::nanoTime);
        e.setWirePacing(paceWire);
        return e;
    }

    private static boolean cycle(DynamixelChain chain, int i, JointReadings state, double[] goal) {
        CycleReport read = chain.readState(state);
        double target = 0.5 * Math.sin(i * 0.01);
        Arrays.fill(goal, target);
        CycleReport write = chain.writeGoalPositions(goal);
        return read.ok() && write.ok();
    }
}
