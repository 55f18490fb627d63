package armature.driver.dynamixel.component;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.HealthState;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.driver.dynamixel.chain.CycleReport;
import armature.driver.dynamixel.chain.DynamixelChain;
import armature.driver.dynamixel.chain.JointConfig;
import armature.driver.dynamixel.chain.JointReadings;
import armature.driver.dynamixel.chain.ModeChangeReport;
import armature.driver.dynamixel.chain.ServoInfo;
import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.controltable.XUnits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A {@link DynamixelChain} seen as a {@link JointDriver}. POSITION maps to position mode (3) or
 * current-based position mode (5), VELOCITY to velocity mode (1), EFFORT to current mode (0); a
 * write in another mode than the servos are in first switches them safely ({@link
 * DynamixelChain#setOperatingMode}) and throws, without sending the command, if any servo fails.
 * Effort is present current in A, or in Nm through configured torque constants. Torque is enabled
 * by the first write after it was off. Not thread-safe apart from {@link #health()} and {@link
 * #joints()}, like the chain itself.
 *
 * <p>A servo that answers again after it did not (a power cycle, a cable, the port reopened) may
 * have restarted: its RAM area is back to its defaults, torque off and Bus Watchdog cleared. Before
 * its reading is used again, its bus watchdog is armed again (when one is configured); until that
 * succeeds its readings stay NaN and it gets no torque. A restarted servo's torque then comes back
 * with the next write, at the goal the loop's supervisor restarted from the measured position (it
 * re-syncs whenever measured state becomes usable again), so nothing is driven back to an old goal.
 */
public final class DynamixelJointDriver implements JointDriver {
    private static final System.Logger LOG = System.getLogger(DynamixelJointDriver.class.getName());
    private final DynamixelChain chain;
    private final LongSupplier nanoClock;
    private final DriverOptions options;
    private final List<JointDescription> joints;
    private final List<JointConfig> configs;
    private final int n;
    private final int[] ids;
    private final JointReadings readings;
    private final double[] lastPositionRad;
    private final boolean[] torqueWanted;
    private final boolean[] limpAfterFailedSwitch;
    private final int[] sentCapRaw;
    private final OperatingMode positionMode;
    private final int busWatchdogMillis;
    private static final byte SEEN = 0;
    private static final byte UNSEEN = 1;
    private static final byte RESTORED = 2;
    private final byte[] phase;

    /** At most one "answers again" warning per servo in this time; returns between are counted. */
    static final long RETURN_WARNING_INTERVAL_NANOS = 60_000_000_000L;

    private final long[] lastReturnWarningNanos;
    private final int[] returnsNotWarned;
    private long lastBusNanos;
    private volatile DriverHealth health = new DriverHealth(HealthState.DEGRADED, "not read yet");
    private volatile String modeFailure;

    /** Position commands only, effort in A. */
    public DynamixelJointDriver(DynamixelChain chain, LongSupplier nanoClock) {
        this(chain, nanoClock, DriverOptions.positionOnly());
    }

    /**
     * @param chain an opened chain; this driver becomes its only user
     */
    public DynamixelJointDriver(
            DynamixelChain chain, LongSupplier nanoClock, DriverOptions options) {
        this(chain, nanoClock, options, 0);
    }

    /**
     * @param chain an opened chain; this driver becomes its only user
     * @param busWatchdogMillis the bus watchdog armed on every servo (0: none), armed again on a
     *     servo that answers after it did not
     */
    public DynamixelJointDriver(
            DynamixelChain chain,
            LongSupplier nanoClock,
            DriverOptions options,
            int busWatchdogMillis) {
        this.chain = chain;
        this.busWatchdogMillis = busWatchdogMillis;
        this.nanoClock = nanoClock;
        this.options = options;
        this.configs = chain.config().joints();
        this.n = configs.size();
        if (options.torqueConstantNmPerAmp().length != 0
                && options.torqueConstantNmPerAmp().length != n) {
            throw new IllegalArgumentException(
                    "torqueConstantsNmPerAmp has "
                            + options.torqueConstantNmPerAmp().length
                            + " values; allowed: none or exactly "
                            + n
                            + " (one per servo id)");
        }
        List<JointDescription> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JointConfig j = configs.get(i);
            double a = j.jointPositionRad(j.minPositionRaw());
            double b = j.jointPositionRad(j.maxPositionRaw());
            ServoInfo info = chain.servoInfo(i);
            list.add(
                    new JointDescription(
                            j.name(),
                            Math.min(a, b),
                            Math.max(a, b),
                            info == null || info.velocityLimitRaw() == 0
                                    ? Double.POSITIVE_INFINITY
                                    : XUnits.velocityRadPerSec(info.velocityLimitRaw()),
                            info == null || info.currentLimitRaw() == 0
                                    ? Double.POSITIVE_INFINITY
                                    : XUnits.currentAmp(info.currentLimitRaw())
                                            * options.effortPerAmp(i),
                            options.effortUnit(),
                            options.supportedModes()));
        }
        joints = List.copyOf(list);
        ids = chain.config().ids();
        readings = new JointReadings(n);
        lastPositionRad = new double[n];
        Arrays.fill(lastPositionRad, Double.NaN);
        torqueWanted = new boolean[n];
        limpAfterFailedSwitch = new boolean[n];
        sentCapRaw = new int[n];
        Arrays.fill(sentCapRaw, -1);
        phase = new byte[n];
        lastReturnWarningNanos = new long[n];
        returnsNotWarned = new int[n];
        lastBusNanos = nanoClock.getAsLong();
        positionMode =
                options.currentBasedPosition()
                        ? OperatingMode.CURRENT_BASED_POSITION
                        : OperatingMode.POSITION;
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
        check("positionRad", positionRad.length);
        check("velocityRadPerSec", velocityRadPerSec.length);
        check("effort", effort.length);
        check("temperatureDegC", temperatureDegC.length);
        check("errorFlags", errorFlags.length);
        long before = nanoClock.getAsLong();
        if (busWatchdogMillis > 0 && before - lastBusNanos > busWatchdogMillis * 1_000_000L) {
            // Nothing reached the servos for longer than their watchdog (no loop used this
            // driver): it fired, and a servo with a fired watchdog ignores every goal.
            chain.rearmBusWatchdogs(busWatchdogMillis);
        }
        CycleReport r = chain.readState(readings);
        long t = nanoClock.getAsLong();
        lastBusNanos = t;
        for (int i = 0; i < n; i++) {
            boolean answered = r.portOpen() && !r.missingIds().contains(ids[i]);
            if (!answered) {
                phase[i] = UNSEEN;
            } else if (phase[i] == UNSEEN) {
                // Set it up again before trusting a reading: this one came through indirect
                // addresses that a replaced or reset servo may not have.
                if (restore(i)) {
                    phase[i] = RESTORED;
                }
                readings.invalidate(i);
                answered = false;
            } else if (phase[i] == RESTORED) {
                phase[i] = SEEN;
                answeredAgain(i, t);
            }
            positionRad[i] = readings.positionRad[i];
            velocityRadPerSec[i] = readings.velocityRadPerSec[i];
            effort[i] = readings.currentAmp[i] * options.effortPerAmp(i);
            temperatureDegC[i] = readings.temperatureDegC[i];
            errorFlags[i] = answered ? flags(r, i) : ERROR_NO_REPLY;
        }
        System.arraycopy(positionRad, 0, lastPositionRad, 0, n);
        health = JointHealth.of(r, readings, errorFlags, configs, chain, modeFailure);
        return t;
    }

    /**
     * Joint {@code i}'s servo answered after it did not: sets it up again (indirect addresses) and
     * arms its bus watchdog again.
     *
     * @return false when either failed: the servo stays unseen and is tried again next cycle
     */
    private boolean restore(int i) {
        if (!chain.setUpAgain(ids[i]).ok()) {
            return false;
        }
        return busWatchdogMillis == 0 || chain.rearmBusWatchdog(ids[i], busWatchdogMillis).ok();
    }

    /**
     * The first reading of a restored servo: if its torque is off although wanted, it restarted,
     * and the next write turns it on again.
     */
    private void answeredAgain(int i, long nowNanos) {
        boolean restarted = readings.torqueEnabled[i] == 0 && torqueWanted[i];
        if (restarted) {
            torqueWanted[i] = false;
            limpAfterFailedSwitch[i] = false;
        }
        // A flapping servo (a loose cable, a noisy bus) warns once a minute, with a count, instead
        // of once per return; a restart always warns, since torque went off.
        boolean warnedBefore = lastReturnWarningNanos[i] != 0;
        if (!restarted
                && warnedBefore
                && nowNanos - lastReturnWarningNanos[i] < RETURN_WARNING_INTERVAL_NANOS) {
            returnsNotWarned[i]++;
            return;
        }
        int since = returnsNotWarned[i];
        returnsNotWarned[i] = 0;
        lastReturnWarningNanos[i] = nowNanos == 0 ? 1 : nowNanos;
        LOG.log(
                System.Logger.Level.WARNING,
                "Dynamixel servo id "
                        + ids[i]
                        + " (joint '"
                        + configs.get(i).name()
                        + "') answers again"
                        + (restarted ? " with torque off (it restarted)" : "")
                        + (busWatchdogMillis > 0 ? "; bus watchdog armed again" : "")
                        + "; it holds where it is until the next command"
                        + (since > 0
                                ? "; it also came back "
                                        + since
                                        + " more time"
                                        + (since == 1 ? "" : "s")
                                        + " since the last warning (one warning a minute per"
                                        + " servo): check its cable and the bus"
                                : ""));
    }

    private int flags(CycleReport r, int i) {
        int f = 0;
        int hw = readings.hardwareErrorBits[i];
        if (hw > 0) {
            f |= ERROR_HARDWARE;
            if ((hw & (1 << 2)) != 0) {
                f |= ERROR_OVERHEATING;
            }
        }
        ServoInfo info = chain.servoInfo(i);
        if (info != null
                && readings.temperatureDegC[i]
                        >= info.temperatureLimitDegC() - options.overheatMarginDegC()) {
            f |= ERROR_OVERHEATING;
        }
        if ((torqueWanted[i] || limpAfterFailedSwitch[i]) && readings.torqueEnabled[i] == 0) {
            f |= ERROR_TORQUE_LOST;
        }
        return f;
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        if (mode == null || !options.supportedModes().contains(mode)) {
            throw new IllegalArgumentException("mode = " + mode + "; allowed: " + allowedModes());
        }
        check("values", values.length);
        if (effortLimit != null) {
            check("effortLimit", effortLimit.length);
        }
        CommandCheck.values(joints, mode, values, effortLimit);
        int[] capRaw = capRaw(effortLimit);
        OperatingMode target =
                switch (mode) {
                    case POSITION -> positionMode;
                    case VELOCITY -> OperatingMode.VELOCITY;
                    case EFFORT -> OperatingMode.CURRENT;
                };
        switchAll(target, capRaw, true);
        switch (mode) {
            case POSITION -> {
                if (target == OperatingMode.CURRENT_BASED_POSITION
                        && !Arrays.equals(capRaw, sentCapRaw)) {
                    double[] capAmp = new double[n];
                    for (int i = 0; i < n; i++) {
                        capAmp[i] = configs.get(i).direction() * XUnits.currentAmp(capRaw[i]);
                    }
                    if (chain.writeGoalCurrents(capAmp).portOpen()) {
                        System.arraycopy(capRaw, 0, sentCapRaw, 0, n);
                    }
                }
                chain.writeGoalPositions(values);
            }
            case VELOCITY -> chain.writeGoalVelocities(keepInsideWindow(values));
            case EFFORT -> {
                double[] amp = new double[n];
                for (int i = 0; i < n; i++) {
                    double a = values[i] / options.effortPerAmp(i);
                    double cap = XUnits.currentAmp(capRaw[i]);
                    amp[i] = Math.max(-cap, Math.min(cap, a));
                }
                chain.writeGoalCurrents(amp);
            }
        }
        enableTorqueWhereOff();
    }

    /**
     * In velocity mode the servo ignores its position limits, so a joint at or beyond its window
     * gets zero velocity in the outward direction.
     */
    private double[] keepInsideWindow(double[] velocityRadPerSec) {
        double[] v = velocityRadPerSec.clone();
        for (int i = 0; i < n; i++) {
            double p = lastPositionRad[i];
            JointDescription d = joints.get(i);
            if ((p >= d.maxPositionRad() && v[i] > 0) || (p <= d.minPositionRad() && v[i] < 0)) {
                v[i] = 0;
            }
        }
        return v;
    }

    /** Goal Current per joint: the effort limit where one is given, else the Current Limit. */
    private int[] capRaw(double[] effortLimit) {
        int[] cap = new int[n];
        for (int i = 0; i < n; i++) {
            ServoInfo info = chain.servoInfo(i);
            int limit = info == null ? 0 : info.currentLimitRaw();
            double e = effortLimit == null ? Double.NaN : effortLimit[i];
            cap[i] =
                    Double.isFinite(e)
                            ? (int) Math.min(limit, XUnits.currentRaw(e / options.effortPerAmp(i)))
                            : limit;
        }
        return cap;
    }

    /** Switches servos not in {@code target}; on failure records it and throws if asked to. */
    private boolean switchAll(OperatingMode target, int[] capRaw, boolean throwOnFailure) {
        boolean needed = false;
        for (int i = 0; i < n; i++) {
            needed |= chain.operatingMode(i) != target;
        }
        if (!needed) {
            return true;
        }
        ModeChangeReport r = chain.setOperatingMode(target, capRaw);
        for (int id : r.switched()) {
            sentCapRaw[indexOf(id)] =
                    target == OperatingMode.CURRENT_BASED_POSITION ? capRaw[indexOf(id)] : -1;
        }
        if (r.ok()) {
            modeFailure = null;
            return true;
        }
        Map<String, String> byJoint = new TreeMap<>();
        for (Map.Entry<Integer, String> e : r.failures().entrySet()) {
            int i = indexOf(e.getKey());
            torqueWanted[i] = false;
            limpAfterFailedSwitch[i] = true;
            byJoint.put(
                    "joint '" + configs.get(i).name() + "' (id " + e.getKey() + ")", e.getValue());
        }
        String msg =
                "switch to "
                        + target
                        + " mode failed"
                        + (r.portOpen() ? "" : " (port lost)")
                        + ": "
                        + byJoint
                        + "; no command was sent, failed joints have torque off, the others hold";
        modeFailure = msg;
        health = new DriverHealth(HealthState.DEGRADED, msg);
        if (throwOnFailure) {
            throw new IllegalStateException(msg);
        }
        return false;
    }

    private void enableTorqueWhereOff() {
        boolean any = false;
        for (boolean w : torqueWanted) {
            any |= !w;
        }
        if (!any) {
            return;
        }
        CycleReport r = chain.setTorque(true);
        for (int i = 0; i < n; i++) {
            if (r.portOpen() && !r.missingIds().contains(ids[i])) {
                torqueWanted[i] = true;
                limpAfterFailedSwitch[i] = false;
            }
        }
    }

    @Override
    public void hold() {
        boolean allVelocity = true;
        for (int i = 0; i < n; i++) {
            allVelocity &= chain.operatingMode(i) == OperatingMode.VELOCITY;
        }
        if (allVelocity) {
            chain.writeGoalVelocities(new double[n]);
            enableTorqueWhereOff();
            return;
        }
        // Current and PWM modes cannot hold a position: go back to the position mode.
        if (!switchAll(positionMode, capRaw(null), false)) {
            return;
        }
        double[] goal = new double[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(lastPositionRad[i])) {
                // Without a fresh reading, leave the servos as they are: enabling torque now
                // could drive them to a stale goal.
                return;
            }
            JointDescription d = joints.get(i);
            goal[i] =
                    Math.max(d.minPositionRad(), Math.min(d.maxPositionRad(), lastPositionRad[i]));
        }
        chain.writeGoalPositions(goal);
        enableTorqueWhereOff();
    }

    @Override
    public void torqueOff() {
        chain.setTorque(false);
        Arrays.fill(torqueWanted, false);
        Arrays.fill(limpAfterFailedSwitch, false);
    }

    @Override
    public DriverHealth health() {
        return health;
    }

    private String allowedModes() {
        StringBuilder sb = new StringBuilder();
        for (DriverCommandMode m : DriverCommandMode.values()) {
            if (options.supportedModes().contains(m)) {
                sb.append(sb.length() > 0 ? ", " : "").append(m);
            }
        }
        return sb.toString();
    }

    private int indexOf(int id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        throw new IllegalStateException("id " + id + " is not in the chain");
    }

    private void check(String field, int length) {
        if (length != n) {
            throw new IllegalArgumentException(
                    field + ".length = " + length + "; allowed: exactly " + n + " (joint count)");
        }
    }
}
