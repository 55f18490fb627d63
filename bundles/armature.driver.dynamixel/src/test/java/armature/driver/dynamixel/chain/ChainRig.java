package armature.driver.dynamixel.chain;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armature.driver.dynamixel.emulator.PtyEmulatorServer;
import armature.driver.dynamixel.emulator.PtyPair;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** socat pty pair + emulator on one end + a DynamixelChain on the other. */
final class ChainRig implements AutoCloseable {
    final PtyPair pty;
    final ServoChainEmulator emulator;
    final PtyEmulatorServer server;
    final DynamixelChain chain;
    final double[] positionRad;
    final double[] velocityRadPerSec;
    final double[] currentAmp;
    final JointReadings readings;

    private ChainRig(
            PtyPair pty,
            ServoChainEmulator emulator,
            PtyEmulatorServer server,
            DynamixelChain chain) {
        this.pty = pty;
        this.emulator = emulator;
        this.server = server;
        this.chain = chain;
        int n = chain.config().joints().size();
        positionRad = new double[n];
        velocityRadPerSec = new double[n];
        currentAmp = new double[n];
        readings = new JointReadings(n);
    }

    /**
     * socat is required on CI (fail loudly) and optional on a developer machine (skip with a
     * reason).
     */
    static void requireSocat() {
        if (PtyPair.findSocat() != null) {
            return;
        }
        String msg = "socat is not installed; pty tests need it (Debian: apt-get install -y socat)";
        if (System.getenv("CI") != null) {
            fail(msg + " [CI is set, so this is an error]");
        }
        assumeTrue(false, msg);
    }

    static int[] ids(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
        }
        return ids;
    }

    static List<JointConfig> joints(int[] ids) {
        List<JointConfig> joints = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            joints.add(JointConfig.of("j" + ids[i], ids[i], i % 2 == 0 ? 1 : -1, 0.05 * (i % 3)));
        }
        return joints;
    }

    /**
     * @param emulatorBaud the rate the emulator paces its replies at
     * @param emulatorReturnDelayMicros the servos' return delay
     */
    static ChainRig start(
            Path dir,
            int[] ids,
            int emulatorBaud,
            int emulatorReturnDelayMicros,
            ChainConfigFactory config)
            throws Exception {
        requireSocat();
        PtyPair pty = PtyPair.start(dir, 5, TimeUnit.SECONDS);
        ServoChainEmulator emulator =
                new ServoChainEmulator(
                        ids, emulatorBaud, emulatorReturnDelayMicros, 0.010, System::nanoTime);
        PtyEmulatorServer server =
                new PtyEmulatorServer(pty.devicePath(), emulatorBaud, emulator).start();
        if (!server.awaitOpen(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("emulator did not open " + pty.devicePath());
        }
        DynamixelChain chain = DynamixelChain.create(config.make(pty.hostPath(), joints(ids)));
        return new ChainRig(pty, emulator, server, chain);
    }

    @FunctionalInterface
    interface ChainConfigFactory {
        ChainConfig make(String hostPath, List<JointConfig> joints);
    }

    static ChainConfigFactory config(int baud, int returnDelayMicros, int hostLatencyMicros) {
        return (path, joints) ->
                new ChainConfig(path, baud, returnDelayMicros, hostLatencyMicros, 2, 50, joints);
    }

    CycleReport read() {
        return chain.readState(positionRad, velocityRadPerSec, currentAmp);
    }

    /** One cycle into {@link #readings}. */
    CycleReport readAll() {
        return chain.readState(readings);
    }

    /** Runs full-state cycles until the condition holds; fails after the timeout. */
    CycleReport readAllUntil(java.util.function.Predicate<CycleReport> done, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        CycleReport last = null;
        while (System.nanoTime() - deadline < 0) {
            last = readAll();
            if (done.test(last)) {
                return last;
            }
        }
        throw new AssertionError(
                "condition not reached in " + timeoutMillis + " ms; last report " + last);
    }

    /** Runs control cycles until the condition holds; fails after the timeout. */
    CycleReport cycleUntil(java.util.function.Predicate<CycleReport> done, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        CycleReport last = null;
        while (System.nanoTime() - deadline < 0) {
            last = read();
            if (done.test(last)) {
                return last;
            }
        }
        throw new AssertionError(
                "condition not reached in " + timeoutMillis + " ms; last report " + last);
    }

    /** Polls a condition (1 ms apart) until it holds; fails after the timeout. */
    static void await(String what, BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public void close() throws Exception {
        chain.close();
        server.close();
        pty.close();
    }
}
