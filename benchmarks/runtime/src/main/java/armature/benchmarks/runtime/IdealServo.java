package armature.benchmarks.runtime;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * A position servo bus that costs nothing: every joint is where it was last told to be. Used where
 * the measurement is about the path from the bus to {@code write()}, not about a device.
 */
final class IdealServo implements JointDriver {
    static final double RANGE_RAD = 1.0;

    private final List<JointDescription> joints;
    private final double[] positionRad;

    IdealServo(List<String> names) {
        List<JointDescription> list = new ArrayList<>();
        for (String name : names) {
            list.add(
                    new JointDescription(
                            name,
                            -RANGE_RAD,
                            RANGE_RAD,
                            Double.POSITIVE_INFINITY,
                            Double.POSITIVE_INFINITY,
                            "N m",
                            EnumSet.of(DriverCommandMode.POSITION)));
        }
        joints = List.copyOf(list);
        positionRad = new double[names.size()];
    }

    static List<String> names(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("j" + i);
        }
        return names;
    }

    @Override
    public List<JointDescription> joints() {
        return joints;
    }

    @Override
    public synchronized long readState(
            double[] position,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags) {
        System.arraycopy(positionRad, 0, position, 0, positionRad.length);
        Arrays.fill(velocityRadPerSec, 0.0);
        Arrays.fill(effort, 0.0);
        Arrays.fill(temperatureDegC, 25.0);
        Arrays.fill(errorFlags, 0);
        return System.nanoTime();
    }

    @Override
    public synchronized void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        System.arraycopy(values, 0, positionRad, 0, positionRad.length);
    }

    @Override
    public void hold() {}

    @Override
    public void torqueOff() {}

    @Override
    public DriverHealth health() {
        return DriverHealth.ok();
    }
}
