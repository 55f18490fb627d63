package armature.control.loop;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.safety.NanoClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** An ideal position-tracking device: the measured position is the last goal written. */
public final class FakeDriver implements JointDriver {
    final List<JointDescription> joints = new ArrayList<>();
    final NanoClock clock;
    public final double[] positionRad;
    final List<double[]> writes = new ArrayList<>();
    int torqueOffCalls;
    int holdCalls;
    public volatile boolean torqueOn;
    RuntimeException failReads;

    FakeDriver(NanoClock clock, Set<DriverCommandMode> modes, double... startRad) {
        this.clock = clock;
        this.positionRad = startRad.clone();
        for (int i = 0; i < startRad.length; i++) {
            joints.add(new JointDescription("j" + i, -3, 3, 10, 5, "Nm", EnumSet.copyOf(modes)));
        }
    }

    /** A position driver whose joints state the given limits. */
    public static FakeDriver describing(
            NanoClock clock, List<JointDescription> joints, double... startRad) {
        FakeDriver d = new FakeDriver(clock, EnumSet.of(DriverCommandMode.POSITION), startRad);
        d.joints.clear();
        d.joints.addAll(joints);
        return d;
    }

    public static FakeDriver position(NanoClock clock, double... startRad) {
        return new FakeDriver(clock, EnumSet.of(DriverCommandMode.POSITION), startRad);
    }

    @Override
    public List<JointDescription> joints() {
        return joints;
    }

    @Override
    public long readState(
            double[] p, double[] v, double[] effort, double[] temperatureDegC, int[] errorFlags) {
        if (failReads != null) {
            throw failReads;
        }
        System.arraycopy(positionRad, 0, p, 0, p.length);
        Arrays.fill(v, 0.0);
        Arrays.fill(effort, 0.0);
        Arrays.fill(temperatureDegC, 30.0);
        Arrays.fill(errorFlags, 0);
        return clock.nanoTime();
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        if (mode != DriverCommandMode.POSITION) {
            throw new IllegalArgumentException("mode = " + mode + "; allowed: POSITION");
        }
        torqueOn = true;
        writes.add(values.clone());
        System.arraycopy(values, 0, positionRad, 0, values.length);
    }

    @Override
    public void hold() {
        holdCalls++;
    }

    @Override
    public void torqueOff() {
        torqueOn = false;
        torqueOffCalls++;
    }

    @Override
    public DriverHealth health() {
        return DriverHealth.ok();
    }

    /** Every goal written, oldest first. */
    public List<double[]> writes() {
        return writes;
    }

    double[] lastWrite() {
        return writes.get(writes.size() - 1);
    }
}
