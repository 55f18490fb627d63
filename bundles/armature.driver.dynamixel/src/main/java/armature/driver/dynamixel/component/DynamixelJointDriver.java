package armature.driver.dynamixel.component;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.driver.dynamixel.chain.CycleReport;
import armature.driver.dynamixel.chain.DynamixelChain;
import armature.driver.dynamixel.chain.JointConfig;
import armature.driver.dynamixel.controltable.HardwareError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A {@link DynamixelChain} seen as a {@link JointDriver}: position mode only, effort = present
 * current in A, no temperature reading (it would cost a third packet per cycle). Torque is enabled
 * by the first write after it was off. Not thread-safe apart from {@link #health()} and {@link
 * #joints()}, like the chain itself.
 */
public final class DynamixelJointDriver implements JointDriver {
    private final DynamixelChain chain;
    private final LongSupplier nanoClock;
    private final List<JointDescription> joints;
    private final int n;
    private final double[] currentAmp;
    private final double[] lastPositionRad;
    private final int[] ids;
    private boolean torqueOn;
    private volatile DriverHealth health = new DriverHealth(HealthState.DEGRADED, "not read yet");

    /**
     * @param chain an opened chain; this driver becomes its only user
     */
    public DynamixelJointDriver(DynamixelChain chain, LongSupplier nanoClock) {
        this.chain = chain;
        this.nanoClock = nanoClock;
        List<JointDescription> list = new ArrayList<>();
        for (JointConfig j : chain.config().joints()) {
            double a = j.jointPositionRad(j.minPositionRaw());
            double b = j.jointPositionRad(j.maxPositionRaw());
            list.add(
                    new JointDescription(
                            j.name(),
                            Math.min(a, b),
                            Math.max(a, b),
                            Double.POSITIVE_INFINITY,
                            Double.POSITIVE_INFINITY,
                            "A",
                            EnumSet.of(DriverCommandMode.POSITION)));
        }
        joints = List.copyOf(list);
        n = joints.size();
        ids = chain.config().ids();
        currentAmp = new double[n];
        lastPositionRad = new double[n];
        Arrays.fill(lastPositionRad, Double.NaN);
    }

    @Override
    public List<JointDescription> joints() {
        return joints;
    }

    @Override
    public long readState(
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags) {
        check("temperatureDegC", temperatureDegC.length);
        check("errorFlags", errorFlags.length);
        check("effort", effort.length);
        CycleReport r = chain.readState(positionRad, velocityRadPerSec, currentAmp);
        long t = nanoClock.getAsLong();
        System.arraycopy(currentAmp, 0, effort, 0, n);
        System.arraycopy(positionRad, 0, lastPositionRad, 0, n);
        Arrays.fill(temperatureDegC, Double.NaN);
        for (int i = 0; i < n; i++) {
            errorFlags[i] = flags(r, ids[i]);
        }
        updateHealth(r);
        return t;
    }

    private static int flags(CycleReport r, int id) {
        int f = 0;
        if (!r.portOpen() || r.missingIds().contains(id)) {
            f |= ERROR_NO_REPLY;
        }
        Set<HardwareError> hw = r.hardwareErrors().get(id);
        if (hw != null && !hw.isEmpty()) {
            f |= ERROR_HARDWARE;
            if (hw.contains(HardwareError.OVERHEATING)) {
                f |= ERROR_OVERHEATING;
            }
            // A servo in hardware error shuts its torque off by itself.
            f |= ERROR_TORQUE_LOST;
        }
        return f;
    }

    private void updateHealth(CycleReport r) {
        if (r.ok()) {
            if (health.state() != HealthState.OK) {
                health = DriverHealth.ok();
            }
            return;
        }
        if (!r.portOpen()) {
            health =
                    new DriverHealth(
                            HealthState.DISCONNECTED,
                            "port " + chain.config().portPath() + " is not open");
            return;
        }
        StringBuilder sb = new StringBuilder();
        if (!r.missingIds().isEmpty()) {
            sb.append("no reply from servo ids ").append(r.missingIds());
        }
        for (Map.Entry<Integer, Set<HardwareError>> e : r.hardwareErrors().entrySet()) {
            sb.append(sb.length() > 0 ? "; " : "")
                    .append("servo ")
                    .append(e.getKey())
                    .append(" hardware error ")
                    .append(e.getValue());
        }
        health = new DriverHealth(HealthState.DEGRADED, sb.toString());
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        if (mode != DriverCommandMode.POSITION) {
            throw new IllegalArgumentException("mode = " + mode + "; allowed: POSITION");
        }
        check("values", values.length);
        // Goal first, then torque: a servo must not snap to a stale goal when torque comes on.
        chain.writeGoalPositions(values);
        if (!torqueOn) {
            torqueOn = chain.setTorque(true).ok();
        }
    }

    @Override
    public void hold() {
        for (double p : lastPositionRad) {
            if (!Double.isFinite(p)) {
                // Without a fresh reading, leave the servos as they are: enabling torque now
                // could drive them to a stale goal.
                return;
            }
        }
        write(DriverCommandMode.POSITION, lastPositionRad, null);
    }

    @Override
    public void torqueOff() {
        chain.setTorque(false);
        torqueOn = false;
    }

    @Override
    public DriverHealth health() {
        return health;
    }

    private void check(String field, int length) {
        if (length != n) {
            throw new IllegalArgumentException(
                    field + ".length = " + length + "; allowed: exactly " + n + " (joint count)");
        }
    }
}
