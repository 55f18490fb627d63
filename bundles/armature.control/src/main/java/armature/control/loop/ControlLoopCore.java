package armature.control.loop;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import armature.driver.api.DriverCommandMode;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.safety.Command;
import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.JointState;
import armature.safety.NanoClock;
import armature.safety.Output;
import armature.safety.OutputKind;
import armature.safety.SafetySupervisor;
import java.util.List;
import java.util.Objects;

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

    private final Object driverLock = new Object();
    private JointDriver driver; // guarded by driverLock
    private boolean epochPending = true; // guarded by driverLock
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
        this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.sink = Objects.requireNonNull(sink, "sink");
        List<JointLimits> limits = supervisor.config().joints();
        n = limits.size();
        jointNames = limits.stream().map(JointLimits::name).toList();
        effortIsCurrent = new boolean[n];
        for (int i = 0; i < n; i++) {
            effortIsCurrent[i] = limits.get(i).effortUnit() == EffortUnit.AMPERE;
        }
        positionRad = new double[n];
        velocityRadPerSec = new double[n];
        effort = new double[n];
        temperatureDegC = new double[n];
        errorFlags = new int[n];
        goal = new double[n];
        effortLimit = new double[n];
        measured = new JointState(n);
        frame = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, n)];
    }

    /** Joint names in loop order. */
    public List<String> jointNames() {
        return jointNames;
    }

    /**
     * Makes {@code d} the driver from the next tick on, replacing any other.
     *
     * @throws IllegalArgumentException naming both joint lists when the driver's joints are not the
     *     loop's joints in the same order; the current driver stays then
     */
    public void attachDriver(JointDriver d) {
        Objects.requireNonNull(d, "driver");
        List<String> names = d.joints().stream().map(JointDescription::name).toList();
        if (!names.equals(jointNames)) {
            throw new IllegalArgumentException(
                    "driver joints = " + names + "; allowed: exactly " + jointNames + " in order");
        }
        synchronized (driverLock) {
            driver = d;
            epochPending = true;
        }
    }

    /** Stops using {@code d} if it is the current driver; the loop then holds without a driver. */
    public void detachDriver(JointDriver d) {
        synchronized (driverLock) {
            if (driver == d) {
                driver = null;
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

    /** Runs one control period. Loop thread only. */
    public void tick() {
        synchronized (driverLock) {
            if (epochPending) {
                epochPending = false;
                supervisor.beginEpoch();
                epochsBegun++;
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
        for (int i = 0; i < n; i++) {
            measured.set(
                    i,
                    positionRad[i],
                    velocityRadPerSec[i],
                    effort[i],
                    effortIsCurrent[i] ? effort[i] : Double.NaN,
                    temperatureDegC[i]);
        }
        return measured.timestampNanos(t);
    }

    private void write(JointDriver d, Output out) {
        try {
            OutputKind kind = out.kind();
            if (kind == OutputKind.TORQUE_OFF) {
                if (!torqueOffSent) {
                    d.torqueOff();
                    torqueOffSent = true;
                }
                return;
            }
            torqueOffSent = false;
            out.copyEffortLimit(effortLimit);
            DriverCommandMode mode = driverMode(d, kind);
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
        } catch (RuntimeException e) {
            driverFaults++;
            sink.driverProblem("driver write failed: " + e);
        }
    }

    /**
     * The mode to write an output with. A velocity output also carries its integrated position
     * target, so a position-only driver can still follow it.
     */
    private static DriverCommandMode driverMode(JointDriver d, OutputKind kind) {
        return switch (kind) {
            case POSITION, BRAKE ->
                    supportsAll(d, DriverCommandMode.POSITION) ? DriverCommandMode.POSITION : null;
            case VELOCITY ->
                    supportsAll(d, DriverCommandMode.VELOCITY)
                            ? DriverCommandMode.VELOCITY
                            : supportsAll(d, DriverCommandMode.POSITION)
                                    ? DriverCommandMode.POSITION
                                    : null;
            case EFFORT ->
                    supportsAll(d, DriverCommandMode.EFFORT) ? DriverCommandMode.EFFORT : null;
            case TORQUE_OFF -> null;
        };
    }

    private static boolean supportsAll(JointDriver d, DriverCommandMode mode) {
        List<JointDescription> joints = d.joints();
        for (int i = 0; i < joints.size(); i++) {
            if (!joints.get(i).supportedModes().contains(mode)) {
                return false;
            }
        }
        return true;
    }

    private void publishState(JointState m) {
        if (m == null) {
            return;
        }
        int length =
                writer.wrap(frame, 0)
                        .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, n)
                        .epoch(supervisor.currentEpoch() & 0xFFFFFFFFL)
                        .sequence(ticks)
                        .timestampNs(m.timestampNanos())
                        .putChannel(positionRad)
                        .putChannel(velocityRadPerSec)
                        .putChannel(effort)
                        .finish();
        sink.stateFrame(frame, length);
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
