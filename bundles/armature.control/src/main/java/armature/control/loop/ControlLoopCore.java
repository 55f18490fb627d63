package armature.control.loop;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import armature.control.api.CommandContract;
import armature.control.limits.DriverRefusedException;
import armature.control.limits.LimitResolver;
import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.safety.Command;
import armature.safety.EffortUnit;
import armature.safety.EpochSource;
import armature.safety.EpochStatistics;
import armature.safety.JointLimits;
import armature.safety.JointState;
import armature.safety.NanoClock;
import armature.safety.Output;
import armature.safety.OutputKind;
import armature.safety.SafetySupervisor;
import armature.safety.WatchdogState;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One control period, without threads or I/O of its own: read the driver, take the newest command,
 * pass both through the {@link SafetySupervisor} (always: it is the only source of what is
 * written), write its output to the driver and hand the state frame and events to a {@link
 * LoopSink}. {@link FixedRateLoop} calls {@link #tick()} on a dedicated thread; tests call it
 * directly with a fake clock.
 *
 * <p><b>Driver hot swap.</b> {@link #attachDriver} and {@link #detachDriver} may be called from any
 * thread. They wait for the running tick to finish (at most one period), so the loop never uses a
 * driver that is being taken away. The next tick first begins a new supervisor epoch (an ACTIVE
 * supervisor holds, commands of the old epoch become stale), then reads the new driver, so the
 * supervisor re-syncs its output target to the measured position before anything is written:
 * nothing jumps. State frames carry the current epoch; command sources stamp it on their commands.
 *
 * <p><b>Limits per driver.</b> Each attach recomputes the effective limits from the {@link
 * LimitResolver} and the new driver's joint descriptions; the new epoch starts with them. A driver
 * that would make a configured limit loose, or whose range does not contain the position the loop
 * is commanding now, is refused and never driven (ADR 0041).
 *
 * <p><b>Epochs.</b> Every epoch comes from an {@link EpochSource}; a durable one has written it to
 * disk before handing it out, so epochs never repeat across restarts. The first is taken at
 * construction, one more at every attach and every detach, always outside the tick (disk I/O never
 * delays the loop). A driver whose epoch cannot be made durable is refused.
 *
 * <p>Steady-state ticks allocate nothing.
 */
public final class ControlLoopCore {
    private final SafetySupervisor supervisor;
    private final NanoClock clock;
    private final CommandInbox inbox;
    private final LoopSink sink;
    private final int n;
    private final List<String> jointNames;
    private final boolean[] effortIsCurrent;
    private final LimitResolver limits;

    private final Object driverLock = new Object();
    private JointDriver driver; // guarded by driverLock

    /** Command modes every joint of {@link #driver} supports; fixed per driver instance. */
    private Set<DriverCommandMode> driverModes = Set.of(); // guarded by driverLock

    private String driverName; // guarded by driverLock
    private List<JointLimits> driverLimits; // guarded by driverLock
    private final EpochSource epochs;
    private boolean epochPending = true; // guarded by driverLock
    private long pendingEpoch; // guarded by driverLock
    private final double[] commandedRad; // guarded by driverLock: last position target written
    private boolean commanded; // guarded by driverLock
    private final Map<Long, String> epochDrivers = new LinkedHashMap<>(); // guarded by driverLock
    private boolean torqueOffSent; // loop thread
    private boolean unsupportedHoldSent; // loop thread

    private final double[] positionRad;
    private final double[] velocityRadPerSec;
    private final double[] effort;
    private final double[] temperatureDegC;
    private final int[] errorFlags;
    private final double[] goal;
    private final double[] effortLimit;
    private final JointState measured;
    private final FrameWriter writer = new FrameWriter();
    private final byte[] frame;
    private long ticks;
    private long frameSequence;
    private long epochsBegun;
    private long driverFaults;
    private long unsupportedOutputTicks;

    /**
     * @param supervisor the mandatory safety stage; its joint order is the loop's joint order
     * @param clock the same clock the supervisor was built with
     * @param inbox where bus threads leave the newest command
     * @param sink receives state frames, events and driver problems on the loop thread
     */
    public ControlLoopCore(
            SafetySupervisor supervisor, NanoClock clock, CommandInbox inbox, LoopSink sink) {
        this(supervisor, clock, inbox, sink, LimitResolver.of(supervisor.config().joints()));
    }

    /**
     * A loop whose epochs count on in memory from the supervisor's (tests, benchmarks).
     *
     * @param limits where each driver's effective limits come from; its base limits must be the
     *     supervisor's configured ones
     */
    public ControlLoopCore(
            SafetySupervisor supervisor,
            NanoClock clock,
            CommandInbox inbox,
            LoopSink sink,
            LimitResolver limits) {
        this(
                supervisor,
                clock,
                inbox,
                sink,
                limits,
                EpochSource.counting(CommandContract.epochAfter(supervisor.currentEpoch())));
    }

    /**
     * @param limits where each driver's effective limits come from; its base limits must be the
     *     supervisor's configured ones
     * @param epochs where epochs come from; the first is taken now
     * @throws java.io.UncheckedIOException when the first epoch cannot be made durable
     */
    public ControlLoopCore(
            SafetySupervisor supervisor,
            NanoClock clock,
            CommandInbox inbox,
            LoopSink sink,
            LimitResolver limits,
            EpochSource epochs) {
        this.epochs = Objects.requireNonNull(epochs, "epochs");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.sink = Objects.requireNonNull(sink, "sink");
        List<JointLimits> configured = supervisor.config().joints();
        n = configured.size();
        jointNames = configured.stream().map(JointLimits::name).toList();
        effortIsCurrent = new boolean[n];
        for (int i = 0; i < n; i++) {
            effortIsCurrent[i] = configured.get(i).effortUnit() == EffortUnit.AMPERE;
        }
        positionRad = new double[n];
        velocityRadPerSec = new double[n];
        effort = new double[n];
        temperatureDegC = new double[n];
        errorFlags = new int[n];
        goal = new double[n];
        effortLimit = new double[n];
        measured = new JointState(n);
        commandedRad = new double[n];
        if (!limits.names().equals(jointNames)) {
            throw new IllegalArgumentException(
                    "limits joints = " + limits.names() + "; allowed: " + jointNames);
        }
        frame = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, n)];
        pendingEpoch = epochs.next();
    }

    /** Joint names in loop order. */
    public List<String> jointNames() {
        return jointNames;
    }

    /** {@link #attachDriver(JointDriver, String)} for a driver without a name. */
    public void attachDriver(JointDriver d) {
        attachDriver(d, "driver");
    }

    /**
     * Makes {@code d} the driver from the next tick on, replacing any other. The next tick begins a
     * new epoch with the limits recomputed for {@code d}.
     *
     * @param name the driver's name for messages and per-epoch statistics
     * @throws armature.safety.LimitLoosenedException when {@code d}'s limits make a configured
     *     value loose (names joint, field, both values and the driver)
     * @throws DriverRefusedException when the position the loop is commanding now lies outside the
     *     effective range with {@code d}
     * @throws IllegalArgumentException naming both joint lists when the driver's joints are not the
     *     loop's joints in the same order
     * @throws java.io.UncheckedIOException when the driver's epoch cannot be made durable. In every
     *     case the current driver stays
     */
    public void attachDriver(JointDriver d, String name) {
        Objects.requireNonNull(d, "driver");
        List<JointLimits> effective = limits.forDriver(name, d.joints());
        long epoch = epochs.next(); // outside the lock: it may wait for the disk
        synchronized (driverLock) {
            // In the safe state nothing is being commanded (limp or braking where it stands).
            if (commanded && supervisor.watchdogState() != WatchdogState.SAFE_STATE) {
                for (int i = 0; i < n; i++) {
                    JointLimits j = effective.get(i);
                    double c = commandedRad[i];
                    if (c < j.minPositionRad() || c > j.maxPositionRad()) {
                        throw new DriverRefusedException(
                                name,
                                j.name(),
                                c < j.minPositionRad() ? "minPositionRad" : "maxPositionRad",
                                c,
                                "[" + j.minPositionRad() + ", " + j.maxPositionRad() + "] rad");
                    }
                }
            }
            driver = d;
            driverModes = commonModes(d);
            driverName = name;
            driverLimits = effective;
            pendingEpoch = epoch;
            epochPending = true;
        }
    }

    /**
     * Stops using {@code d} at once if it is the current driver; the loop then holds without a
     * driver, in a new epoch as soon as one is durable.
     *
     * @throws java.io.UncheckedIOException when that epoch cannot be made durable: the driver is
     *     gone all the same, and the loop stays in the old epoch without a driver (nothing moves;
     *     the next driver needs a durable epoch of its own)
     */
    public void detachDriver(JointDriver d) {
        synchronized (driverLock) {
            if (driver != d) {
                return;
            }
            driver = null;
            driverModes = Set.of();
            driverName = null;
            driverLimits = null;
        }
        long epoch = epochs.next(); // outside the lock: it may wait for the disk
        synchronized (driverLock) {
            if (driver == null) { // else an attach in between brought its own epoch
                pendingEpoch = epoch;
                epochPending = true;
            }
        }
    }

    /** Whether a driver is attached. */
    public boolean hasDriver() {
        synchronized (driverLock) {
            return driver != null;
        }
    }

    /**
     * The attached driver's health, or {@code null} without a driver. Asked outside the driver lock
     * ({@link JointDriver#health()} may be called from any thread): a driver whose health waits for
     * its own lock (a simulator mid-step) must not hold up the next tick through this lock.
     */
    public DriverHealth driverHealth() {
        JointDriver d;
        synchronized (driverLock) {
            d = driver;
        }
        return d == null ? null : d.health();
    }

    /**
     * The last measured temperature of every joint, NaN where the driver measures none (a copy;
     * waits at most one tick).
     */
    public double[] measuredTemperaturesDegC() {
        synchronized (driverLock) {
            return temperatureDegC.clone();
        }
    }

    /** Runs one control period. Loop thread only. */
    public void tick() {
        synchronized (driverLock) {
            if (epochPending) {
                epochPending = false;
                long epoch =
                        supervisor.beginEpoch(
                                pendingEpoch, driverLimits != null ? driverLimits : limits.base());
                epochDrivers.put(epoch, driverName);
                if (epochDrivers.size() > EpochStatistics.KEPT) {
                    epochDrivers.remove(epochDrivers.keySet().iterator().next());
                }
                epochsBegun++;
                frameSequence = 0;
                torqueOffSent = false;
                unsupportedHoldSent = false;
            }
            JointDriver d = driver;
            long now = clock.nanoTime();
            JointState m = d == null ? null : read(d);
            Command c = inbox.take();
            Output out = supervisor.tick(now, m, c);
            if (d != null) {
                write(d, out);
            }
            ticks++;
            publishState(m);
            if (!out.events().isEmpty()) {
                sink.safetyEvents(out.events());
            }
        }
    }

    private JointState read(JointDriver d) {
        long t;
        try {
            t = d.readState(positionRad, velocityRadPerSec, effort, temperatureDegC, errorFlags);
        } catch (RuntimeException e) {
            driverFaults++;
            sink.driverProblem("driver readState failed: " + e);
            return null;
        }
        boolean infinite = false;
        for (int i = 0; i < n; i++) {
            // Infinity is no reading: NaN keeps it out of the frame (which refuses infinity) and
            // the supervisor treats a non-finite position as unusable either way.
            infinite |= noInfinity(positionRad, i) | noInfinity(velocityRadPerSec, i);
            infinite |= noInfinity(effort, i) | noInfinity(temperatureDegC, i);
            measured.set(
                    i,
                    positionRad[i],
                    velocityRadPerSec[i],
                    effort[i],
                    effortIsCurrent[i] ? effort[i] : Double.NaN,
                    temperatureDegC[i]);
        }
        if (infinite) {
            sink.driverProblem("driver readState returned an infinite value; used as no reading");
        }
        return measured.timestampNanos(t);
    }

    private static boolean noInfinity(double[] a, int i) {
        if (Double.isInfinite(a[i])) {
            a[i] = Double.NaN;
            return true;
        }
        return false;
    }

    private void write(JointDriver d, Output out) {
        try {
            OutputKind kind = out.kind();
            if (kind == OutputKind.TORQUE_OFF) {
                if (!torqueOffSent) {
                    d.torqueOff();
                    torqueOffSent = true;
                }
                commanded = false; // limp: nothing is being commanded
                return;
            }
            torqueOffSent = false;
            out.copyEffortLimit(effortLimit);
            DriverCommandMode mode = driverMode(kind);
            if (mode == null) {
                unsupportedOutputTicks++;
                if (!unsupportedHoldSent) {
                    d.hold();
                    unsupportedHoldSent = true;
                    sink.driverProblem(
                            "driver does not support " + kind + " output; holding instead");
                }
                return;
            }
            unsupportedHoldSent = false;
            switch (mode) {
                case VELOCITY -> out.copyVelocityRadPerSec(goal);
                case EFFORT -> out.copyEffort(goal);
                default -> out.copyPositionRad(goal);
            }
            d.write(mode, goal, effortLimit);
            if (mode == DriverCommandMode.POSITION) {
                System.arraycopy(goal, 0, commandedRad, 0, n);
                commanded = true;
            }
        } catch (RuntimeException e) {
            driverFaults++;
            sink.driverProblem("driver write failed: " + e);
        }
    }

    /**
     * The mode to write an output with. A velocity output also carries its integrated position
     * target, so a position-only driver can still follow it.
     */
    private DriverCommandMode driverMode(OutputKind kind) {
        Set<DriverCommandMode> m = driverModes;
        return switch (kind) {
            case POSITION, BRAKE ->
                    m.contains(DriverCommandMode.POSITION) ? DriverCommandMode.POSITION : null;
            case VELOCITY ->
                    m.contains(DriverCommandMode.VELOCITY)
                            ? DriverCommandMode.VELOCITY
                            : m.contains(DriverCommandMode.POSITION)
                                    ? DriverCommandMode.POSITION
                                    : null;
            case EFFORT -> m.contains(DriverCommandMode.EFFORT) ? DriverCommandMode.EFFORT : null;
            case TORQUE_OFF -> null;
        };
    }

    private static Set<DriverCommandMode> commonModes(JointDriver d) {
        Set<DriverCommandMode> common = EnumSet.allOf(DriverCommandMode.class);
        for (JointDescription j : d.joints()) {
            common.retainAll(j.supportedModes());
        }
        return common;
    }

    private void publishState(JointState m) {
        if (m == null) {
            return;
        }
        int length =
                writer.wrap(frame, 0)
                        .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, n)
                        .epoch(supervisor.currentEpoch())
                        .sequence(++frameSequence)
                        .timestampNs(m.timestampNanos())
                        .putChannel(positionRad)
                        .putChannel(velocityRadPerSec)
                        .putChannel(effort)
                        .finish();
        sink.stateFrame(frame, length);
    }

    /** The driver attached when each kept epoch began ({@code null}: none), oldest first. */
    public Map<Long, String> epochDrivers() {
        synchronized (driverLock) {
            return new LinkedHashMap<>(epochDrivers);
        }
    }

    /** Counters of the loop itself (the supervisor and inbox keep their own). */
    public Counters counters() {
        synchronized (driverLock) {
            return new Counters(ticks, epochsBegun, driverFaults, unsupportedOutputTicks);
        }
    }

    /**
     * @param ticks ticks run
     * @param epochsBegun epochs begun by driver changes (the first at start included)
     * @param driverFaults driver calls that threw
     * @param unsupportedOutputTicks ticks whose output kind the driver could not take (held)
     */
    public record Counters(
            long ticks, long epochsBegun, long driverFaults, long unsupportedOutputTicks) {}
}
