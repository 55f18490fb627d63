package armature.benchmarks.runtime;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Wraps the real driver and notes, at the entry of each {@code write()}, the time and the sequence
 * number of the command that write is the first to carry. The loop applies a command in the tick it
 * takes it (ADR 0050), so the supervisor's last applied sequence changes exactly in the tick whose
 * write first carries that command.
 */
final class TimedDriver implements JointDriver {
    private final JointDriver inner;
    private final AtomicLongArray writeNanosBySequence;
    private volatile LongSupplier lastAppliedSequence = () -> Long.MIN_VALUE;
    private long lastSequence = Long.MIN_VALUE; // loop thread
    private long writes; // loop thread
    private long holds; // loop thread
    private long torqueOffs; // loop thread

    TimedDriver(JointDriver inner, int maxSequence) {
        this.inner = inner;
        this.writeNanosBySequence = new AtomicLongArray(maxSequence + 1);
    }

    /** Where to read the supervisor's last applied sequence from (set once the loop exists). */
    void sequenceSource(LongSupplier source) {
        lastAppliedSequence = source;
    }

    /** When the first write carrying command {@code sequence} began, or 0 if none did. */
    long writeNanos(int sequence) {
        return writeNanosBySequence.get(sequence);
    }

    long writes() {
        return writes;
    }

    long holds() {
        return holds;
    }

    long torqueOffs() {
        return torqueOffs;
    }

    @Override
    public List<JointDescription> joints() {
        return inner.joints();
    }

    @Override
    public long readState(
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags) {
        return inner.readState(positionRad, velocityRadPerSec, effort, temperatureDegC, errorFlags);
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        long t = System.nanoTime();
        writes++;
        long s = lastAppliedSequence.getAsLong();
        if (s != lastSequence) {
            lastSequence = s;
            if (s > 0 && s < writeNanosBySequence.length()) {
                writeNanosBySequence.set((int) s, t);
            }
        }
        inner.write(mode, values, effortLimit);
    }

    @Override
    public void hold() {
        holds++;
        inner.hold();
    }

    @Override
    public void torqueOff() {
        torqueOffs++;
        inner.torqueOff();
    }

    @Override
    public DriverHealth health() {
        return inner.health();
    }
}
