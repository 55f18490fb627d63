package armature.safety;

import armature.control.api.CommandContract;
import armature.safety.wear.WearSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The mandatory safety stage. The control loop calls {@link #tick} once per period; drivers write
 * only what it returns. Other threads (e-stop inputs, operator consoles, the driver-swap logic) use
 * the e-stop and epoch methods; their events are also delivered in the next tick's output.
 *
 * <p>Per tick, in order: measured state is checked (events only when its validity changes), thermal
 * and wear models advance, the newest command is validated and applied or rejected with a named
 * event, the watchdog times out, and the output is shaped. See ADR 0040.
 *
 * <p><b>Uncertainty.</b> While it follows a command that carries an uncertainty, every joint's
 * velocity limit is scaled by the configured {@link UncertaintyCurve} ({@code VelocityScaling}, ADR
 * 0093); the scale in force is in the statistics, its band in the snapshot and in events.
 *
 * <p><b>Commands.</b> Invalid content (unknown mode, wrong length, NaN, infinity, out of range by
 * more than the tolerance) is rejected and puts an ACTIVE supervisor into HOLDING. Commands of
 * another epoch, replays (sequence not above the last applied one) and expired commands are
 * rejected without changing state. Pass {@code null} when no new command arrived; passing the same
 * command again counts as a replay.
 *
 * <p><b>Measured state.</b> Usable when the joint count matches, every position is finite and the
 * timestamp is at most {@link SafetyConfig#maxMeasuredAgeNanos()} old. Leaving SAFE_STATE, resuming
 * after {@link #beginEpoch()} and effort mode all need usable measured state. When measured state
 * becomes usable again after being unusable (a servo that stopped answering and came back), an
 * ACTIVE supervisor enters HOLDING and the output target restarts from the measured position, as
 * after an epoch change: the joints may have moved while unseen, and are never driven back to the
 * old target at the device's own speed.
 *
 * <p><b>Sensor limits.</b> Each configured {@link SensorLimit} has a {@link SensorGuard} that the
 * loop's bus side feeds ({@link #sensorGuards()}); every tick reads them without a lock. While a
 * holding limit is broken or stale, valid commands are refused ({@link
 * SafetyEvent.Type#COMMAND_REFUSED_SENSOR_HOLD}) and an ACTIVE supervisor enters HOLDING; motion
 * resumes with the first command taken after every holding limit is satisfied again. A tripping
 * limit asserts the e-stop while broken or stale and releases it afterwards (ADR 0099).
 *
 * <p><b>Allocation.</b> Steady-state ticks allocate nothing; events, statistics and wear snapshots
 * allocate when they occur or are asked for. All public methods are {@code synchronized}; the
 * returned {@link Output} is overwritten by the next tick.
 */
public final class SafetySupervisor {
    private static final double NANOS_PER_SECOND = 1e9;

    private final SafetyConfig config;
    private final NanoClock clock;
    private final int n;
    private JointLimits[] joints;
    private final CommandGate gate;
    private final JointShaper shaper;
    private final VelocityScaling scaling;
    private final JointHealth health;
    private final EStopLatch eStop;
    private final EStopListener eStopListener;
    private final SensorInterlock sensors;
    private final SensorInterlock.Latch sensorLatch;
    private String sensorHold; // why a holding sensor limit is in force, or null
    private final Output out;
    private final ArrayList<SafetyEvent> pending = new ArrayList<>();

    private final double[] lastMeasuredRad;
    private boolean haveMeasured;
    private int measuredValidity; // 0 unknown, 1 usable, -1 unusable

    private WatchdogState state = WatchdogState.SAFE_STATE;
    private CommandMode activeMode = CommandMode.POSITION;
    private long deadlineNanos;
    private boolean deadlineIsExpiry;
    private long holdingSinceNanos;
    private boolean resyncRequired = true;
    private String lastAppliedSender; // for the expiry event

    private boolean ticked;
    private boolean inTick;
    private long lastTickNanos;
    private long ticks;

    /**
     * A supervisor in epoch 1 with a clear e-stop and nothing persisted (tests, benchmarks).
     *
     * @param config validated configuration
     * @param clock time source for events raised outside {@link #tick}; the same clock the control
     *     loop reads {@code nowNanos} from
     * @param initialWear wear counts to continue from; joints are matched by name
     */
    public SafetySupervisor(SafetyConfig config, NanoClock clock, WearSnapshot initialWear) {
        this(
                config,
                clock,
                new Restored(initialWear, EStopSnapshot.CLEAR, "a fresh start"),
                1,
                EStopListener.NONE);
    }

    /**
     * What a supervisor continues from, read back by its caller before the first tick.
     *
     * @param wear wear counts (e.g. {@code WearStore.load()}); joints are matched by name
     * @param eStop the persisted e-stop latch (LATCHED when the persisted state was unreadable)
     * @param eStopOrigin where {@code eStop} came from, for the {@link
     *     SafetyEvent.Type#ESTOP_RESTORED} event (e.g. the file name)
     */
    public record Restored(WearSnapshot wear, EStopSnapshot eStop, String eStopOrigin) {
        public Restored {
            Objects.requireNonNull(wear, "wear");
            Objects.requireNonNull(eStop, "eStop");
            Objects.requireNonNull(eStopOrigin, "eStopOrigin");
        }
    }

    /**
     * A supervisor that continues from persisted state. A latched e-stop stays latched (an {@link
     * SafetyEvent.Type#ESTOP_RESTORED} event goes out with the first tick) and only acknowledge and
     * reset clear it.
     *
     * @param config validated configuration
     * @param clock time source, as above
     * @param restored what to continue from
     * @param firstEpoch the epoch to begin with, or 0 for none: every command is then refused as of
     *     a wrong epoch until {@link #beginEpoch(long, List)}
     * @param eStopListener told about every later change of the latch, to persist it
     */
    public SafetySupervisor(
            SafetyConfig config,
            NanoClock clock,
            Restored restored,
            long firstEpoch,
            EStopListener eStopListener) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.eStopListener = Objects.requireNonNull(eStopListener, "eStopListener");
        Objects.requireNonNull(restored, "restored");
        if (firstEpoch != 0) {
            checkEpoch(firstEpoch);
        }
        n = config.jointCount();
        joints = config.joints().toArray(new JointLimits[0]);
        gate = new CommandGate(config, firstEpoch);
        shaper = new JointShaper(config);
        scaling = new VelocityScaling(config.velocityScaleCurve());
        health = new JointHealth(config, restored.wear());
        out = new Output(n);
        lastMeasuredRad = new double[n];
        eStop = new EStopLatch(restored.eStop());
        sensors = new SensorInterlock(config.sensorLimits(), clock);
        sensorLatch =
                new SensorInterlock.Latch() {
                    @Override
                    public void assertSource(String source, String reason) {
                        latch(source, true, reason);
                    }

                    @Override
                    public void releaseSource(String source) {
                        long before = eStop.changes();
                        emit(eStop.release(clock.nanoTime(), source));
                        notifyIfChanged(before);
                    }

                    @Override
                    public Set<String> assertedSources() {
                        return eStop.assertedSources();
                    }
                };
        if (eStop.latched()) {
            pending.add(
                    new SafetyEvent(
                            clock.nanoTime(),
                            SafetyEvent.Type.ESTOP_RESTORED,
                            null,
                            Double.NaN,
                            null,
                            "e-stop restored "
                                    + eStop.state()
                                    + (restored.eStop().assertedSources().isEmpty()
                                            ? ""
                                            : ", asserted by " + restored.eStop().assertedSources())
                                    + " from "
                                    + restored.eStopOrigin()
                                    + "; only acknowledge and reset clear it"));
        }
    }

    /**
     * Runs one control period.
     *
     * @param nowNanos current time from the same clock as {@code measured.timestampNanos()}
     * @param measured newest measured state, or {@code null} if the driver has none
     * @param newestCommandOrNull the newest command not passed before, or {@code null}
     * @return what to write to the motors, valid until the next tick
     */
    public synchronized Output tick(
            long nowNanos, JointState measured, Command newestCommandOrNull) {
        inTick = true;
        try {
            runTick(nowNanos, measured, newestCommandOrNull);
        } finally {
            inTick = false;
        }
        return out;
    }

    private void runTick(long nowNanos, JointState measured, Command newestCommandOrNull) {
        out.events.clear();
        for (int i = 0; i < pending.size(); i++) {
            out.events.add(pending.get(i));
        }
        pending.clear();
        ticks++;

        double elapsedSeconds = 0;
        if (ticked) {
            if (nowNanos < lastTickNanos) {
                out.events.add(
                        SafetyEvent.of(
                                nowNanos,
                                SafetyEvent.Type.CLOCK_NOT_MONOTONIC,
                                "tick time went back by "
                                        + (lastTickNanos - nowNanos)
                                        + " ns; step treated as zero"));
            } else {
                elapsedSeconds = (nowNanos - lastTickNanos) / NANOS_PER_SECOND;
            }
        }
        // A clock that went back must not postpone a watchdog deadline.
        long now = ticked ? Math.max(lastTickNanos, nowNanos) : nowNanos;
        ticked = true;
        lastTickNanos = now;

        boolean usable = checkMeasured(now, measured);
        if (usable) {
            health.update(now, measured, elapsedSeconds, out.torqueOn(), out.events);
            for (int i = 0; i < n; i++) {
                lastMeasuredRad[i] = measured.positionRad(i);
            }
            haveMeasured = true;
            if (state == WatchdogState.SAFE_STATE) {
                // The joints may move (limp, pushed); keep the target where they are.
                shaper.restartAt(measured);
            } else if (resyncRequired && state == WatchdogState.HOLDING) {
                resync(now, measured);
            }
        }
        boolean held = sensors.poll(now, out.events, sensorLatch);
        sensorHold = held ? sensors.holdReason() : null;
        if (held && state == WatchdogState.ACTIVE) {
            enterHolding(now, "sensor limit: " + sensorHold);
        }
        if (newestCommandOrNull != null) {
            handleCommand(now, newestCommandOrNull, usable ? measured : null);
        }
        pollWatchdog(now);
        if (state == WatchdogState.ACTIVE && activeMode == CommandMode.EFFORT && !usable) {
            enterHolding(now, "effort mode needs usable measured state");
        }
        scaling.poll(now, out.events);
        writeOutput(measured, Math.min(elapsedSeconds, config.maxStepSeconds()));
    }

    private boolean checkMeasured(long now, JointState m) {
        String problem = measuredProblem(now, m);
        if (problem == null) {
            if (measuredValidity == -1) {
                out.events.add(
                        SafetyEvent.of(
                                now,
                                SafetyEvent.Type.MEASURED_STATE_VALID,
                                "measured state usable"));
                // The joints were not seen for a while (a servo that stopped answering, a
                // power cycle, a cable pulled): they may have moved, sagged or restarted with
                // torque off. Restart the output target from where they are now instead of
                // driving them back to the old target at the device's own speed.
                resyncRequired = true;
                if (state == WatchdogState.ACTIVE) {
                    enterHolding(now, "measured state came back; re-sync to it");
                }
            }
            measuredValidity = 1;
            return true;
        }
        if (measuredValidity != -1) {
            out.events.add(
                    SafetyEvent.of(
                            now,
                            SafetyEvent.Type.MEASURED_STATE_INVALID,
                            "measured state unusable: " + problem));
        }
        measuredValidity = -1;
        return false;
    }

    /** Why the measured state cannot be used, or {@code null}; allocates only for a problem. */
    private String measuredProblem(long now, JointState m) {
        if (m == null) {
            return "no measured state";
        }
        if (m.jointCount() != n) {
            return "measured.jointCount = " + m.jointCount() + "; allowed: exactly " + n;
        }
        if (now - m.timestampNanos() > config.maxMeasuredAgeNanos()) {
            return "measured.timestampNanos is "
                    + (now - m.timestampNanos()) / 1_000_000.0
                    + " ms old; allowed: at most "
                    + config.maxMeasuredAgeNanos() / 1_000_000.0
                    + " ms";
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(m.positionRad(i))) {
                return "measured.positionRad["
                        + i
                        + "] (joint '"
                        + joints[i].name()
                        + "') = "
                        + m.positionRad(i)
                        + "; allowed: a finite number";
            }
        }
        return null;
    }

    private void resync(long now, JointState measured) {
        shaper.restartAt(measured);
        resyncRequired = false;
        out.events.add(
                SafetyEvent.of(
                        now,
                        SafetyEvent.Type.RESYNCED,
                        "output target restarted from measured position (epoch "
                                + gate.epoch()
                                + ")"));
    }

    private void handleCommand(long now, Command c, JointState usableMeasured) {
        boolean needsSync = state == WatchdogState.SAFE_STATE || resyncRequired;
        SafetyEvent rejection =
                gate.admit(now, c, eStop.state(), needsSync, usableMeasured != null, sensorHold);
        if (rejection != null) {
            out.events.add(rejection);
            if (rejection.type() == SafetyEvent.Type.COMMAND_REJECTED
                    && state == WatchdogState.ACTIVE) {
                enterHolding(now, "invalid command");
            }
            return;
        }
        if (needsSync) {
            resync(now, usableMeasured);
        }
        shaper.follow(c, state != WatchdogState.ACTIVE || activeMode != c.mode());
        activeMode = c.mode();
        gate.applied(c);
        shaper.velocityScale(scaling.applied(now, c, out.events));
        lastAppliedSender = c.sender();
        long watchdogDeadline = saturatingAdd(now, config.holdTimeoutNanos());
        deadlineIsExpiry = c.expiryNanos() < watchdogDeadline;
        deadlineNanos = deadlineIsExpiry ? c.expiryNanos() : watchdogDeadline;
        if (state != WatchdogState.ACTIVE) {
            transition(
                    now,
                    WatchdogState.ACTIVE,
                    "fresh valid command "
                            + Long.toUnsignedString(c.sequence())
                            + " from '"
                            + c.sender()
                            + "'");
        }
    }

    private void pollWatchdog(long now) {
        if (state == WatchdogState.ACTIVE && now >= deadlineNanos) {
            if (deadlineIsExpiry) {
                out.events.add(
                        SafetyEvent.of(
                                now,
                                SafetyEvent.Type.COMMAND_EXPIRED,
                                "applied command (sender '"
                                        + lastAppliedSender
                                        + "') reached its expiry deadline"));
            }
            enterHolding(
                    now,
                    deadlineIsExpiry
                            ? "command expired"
                            : "no fresh command for "
                                    + config.holdTimeoutNanos() / 1_000_000.0
                                    + " ms");
        } else if (state == WatchdogState.HOLDING
                && now - holdingSinceNanos >= config.safeStateTimeoutNanos()) {
            enterSafeState(
                    now,
                    "holding for "
                            + config.safeStateTimeoutNanos() / 1_000_000.0
                            + " ms without a fresh command");
        }
    }

    private void enterHolding(long now, String reason) {
        holdingSinceNanos = now;
        if (activeMode == CommandMode.EFFORT && haveMeasured) {
            // Effort mode had no position target; hold where the joint is.
            shaper.restartAt(lastMeasuredRad);
        }
        transition(now, WatchdogState.HOLDING, reason);
    }

    private void enterSafeState(long now, String reason) {
        shaper.captureBrakePose(lastMeasuredRad, haveMeasured);
        transition(now, WatchdogState.SAFE_STATE, reason);
    }

    private void transition(long now, WatchdogState next, String reason) {
        if (!state.canGoTo(next)) {
            throw new IllegalStateException("watchdog transition " + state + " -> " + next);
        }
        SafetyEvent.Type type =
                switch (next) {
                    case ACTIVE -> SafetyEvent.Type.ENTERED_ACTIVE;
                    case HOLDING -> SafetyEvent.Type.ENTERED_HOLDING;
                    case SAFE_STATE -> SafetyEvent.Type.ENTERED_SAFE_STATE;
                };
        SafetyEvent e = SafetyEvent.of(now, type, state + " -> " + next + ": " + reason);
        if (state == WatchdogState.ACTIVE) {
            // The stream ended: a later command starts unscaled and unmeasured (ADR 0093).
            scaling.streamEnded();
            shaper.velocityScale(1.0);
        }
        state = next;
        emit(e);
    }

    /** Events raised inside a tick go out with it; others wait for the next tick. */
    private SafetyEvent emit(SafetyEvent e) {
        (inTick ? out.events : pending).add(e);
        return e;
    }

    private void writeOutput(JointState measured, double dt) {
        out.watchdogState = state;
        out.eStopState = eStop.state();
        for (int i = 0; i < n; i++) {
            out.effortLimit[i] = joints[i].maxEffort() * health.effortFraction(i);
            out.effort[i] = 0.0;
        }
        if (eStop.latched() || state == WatchdogState.SAFE_STATE) {
            shaper.writeSafe(out, config.safeStateAction(), config.brakeEffortFraction());
        } else if (state == WatchdogState.HOLDING) {
            shaper.writeHolding(out, dt);
        } else {
            shaper.writeActive(out, activeMode, measured, dt);
        }
    }

    /**
     * Latches the e-stop for a source that stays asserted until {@link #releaseEStop}; outputs are
     * the safe state from now on. Reset is refused while any source is asserted.
     */
    public synchronized SafetyEvent assertEStop(String source) {
        return latch(source, true, null);
    }

    /** Latches the e-stop without holding it asserted (a software or momentary trip). */
    public synchronized SafetyEvent triggerEStop(String source) {
        return latch(source, false, null);
    }

    /**
     * Latches the e-stop without holding it asserted.
     *
     * @param reason what the source said (cut to a line of {@value EStopLatch#MAX_REASON_CHARS}
     *     characters in the event), or {@code null}
     */
    public synchronized SafetyEvent triggerEStop(String source, String reason) {
        return latch(source, false, reason);
    }

    private SafetyEvent latch(String source, boolean held, String reason) {
        Objects.requireNonNull(source, "source");
        long now = clock.nanoTime();
        long before = eStop.changes();
        SafetyEvent e = emit(eStop.trip(now, source, held, reason));
        if (state != WatchdogState.SAFE_STATE) {
            enterSafeState(now, "e-stop by '" + source + "'");
        }
        resyncRequired = true;
        notifyIfChanged(before);
        return e;
    }

    /** A source stops asserting the e-stop. The latch stays until acknowledged and reset. */
    public synchronized SafetyEvent releaseEStop(String source) {
        long before = eStop.changes();
        SafetyEvent e =
                emit(eStop.release(clock.nanoTime(), Objects.requireNonNull(source, "source")));
        notifyIfChanged(before);
        return e;
    }

    /**
     * Acknowledges a latched e-stop; outputs stay safe. Refused unless LATCHED.
     *
     * @param by who acknowledges, named in the event
     */
    public synchronized SafetyEvent acknowledgeEStop(String by) {
        long before = eStop.changes();
        SafetyEvent e = emit(eStop.acknowledge(clock.nanoTime(), Objects.requireNonNull(by, "by")));
        notifyIfChanged(before);
        return e;
    }

    /**
     * Clears an acknowledged e-stop when no source is asserted. The supervisor stays in SAFE_STATE
     * until a fresh command arrives with usable measured state.
     *
     * @param by who resets, named in the event
     */
    public synchronized SafetyEvent resetEStop(String by) {
        long before = eStop.changes();
        SafetyEvent e = emit(eStop.reset(clock.nanoTime(), Objects.requireNonNull(by, "by")));
        notifyIfChanged(before);
        return e;
    }

    private void notifyIfChanged(long changesBefore) {
        if (eStop.changes() != changesBefore) {
            eStopListener.changed(eStop.snapshot());
        }
    }

    /** The latch as it is now, as the {@link EStopListener} is told. */
    public synchronized EStopSnapshot eStopSnapshot() {
        return eStop.snapshot();
    }

    /** Sources currently asserting the e-stop. */
    public synchronized Set<String> assertedEStopSources() {
        return eStop.assertedSources();
    }

    /**
     * Starts the command epoch after the current one ({@code CommandContract.epochAfter}), e.g.
     * around a driver swap: every command of an older epoch is stale from now on, an ACTIVE
     * supervisor holds, and commands resume only after the output target has been re-synced to
     * usable measured state. A loop with persisted epochs uses {@link #beginEpoch(long, List)}.
     *
     * @return the new epoch, to stamp on new commands
     */
    public synchronized long beginEpoch() {
        return startEpoch(CommandContract.epochAfter(gate.epoch()));
    }

    /** {@link #beginEpoch(long, List)} with the epoch after the current one. */
    public synchronized long beginEpoch(List<JointLimits> limits) {
        return beginEpoch(CommandContract.epochAfter(gate.epoch()), limits);
    }

    /**
     * Starts command epoch {@code epoch} with new effective limits, e.g. those recomputed for a
     * newly attached driver (ADR 0041). Same as {@link #beginEpoch()} otherwise; the output target
     * stays where it was (clamped into the new range) until the re-sync to measured state.
     *
     * @param epoch the new epoch, from a durable counter (1 to {@code CommandContract.MAX_EPOCH},
     *     not the current one)
     * @param limits one per joint, same names and order as {@link SafetyConfig#joints()}
     * @return {@code epoch}
     * @throws IllegalArgumentException naming the field when the epoch is out of range or current,
     *     the list does not match the joints or a jerk bound is unusable; nothing changes then
     */
    public synchronized long beginEpoch(long epoch, List<JointLimits> limits) {
        checkEpoch(epoch);
        if (epoch == gate.epoch()) {
            throw new IllegalArgumentException(
                    "epoch = " + epoch + "; allowed: any but the current one");
        }
        JointLimits[] next = checkedLimits(limits);
        if (!Arrays.equals(next, joints)) {
            shaper.applyLimits(next, JointShaper.shapersFor(next));
            joints = next;
            gate.limits(limits);
        }
        return startEpoch(epoch);
    }

    private static void checkEpoch(long epoch) {
        if (epoch < 1 || epoch > CommandContract.MAX_EPOCH) {
            throw new IllegalArgumentException(
                    "epoch = "
                            + epoch
                            + "; allowed: [1, "
                            + CommandContract.MAX_EPOCH
                            + "] (the frame header's unsigned 32 bits, 0 excluded)");
        }
    }

    private long startEpoch(long epoch) {
        long now = clock.nanoTime();
        gate.beginEpoch(epoch);
        scaling.streamEnded();
        shaper.velocityScale(1.0);
        resyncRequired = true;
        emit(
                SafetyEvent.of(
                        now,
                        SafetyEvent.Type.EPOCH_BEGUN,
                        "epoch "
                                + epoch
                                + " begun; older commands are stale; re-sync to measured state"
                                + " required"));
        if (state == WatchdogState.ACTIVE) {
            enterHolding(now, "epoch " + epoch + " begun");
        }
        return epoch;
    }

    private JointLimits[] checkedLimits(List<JointLimits> limits) {
        if (limits == null || limits.size() != n) {
            throw new IllegalArgumentException(
                    "limits has "
                            + (limits == null ? 0 : limits.size())
                            + " joints; allowed: exactly "
                            + n);
        }
        JointLimits[] next = limits.toArray(new JointLimits[0]);
        for (int i = 0; i < n; i++) {
            if (!next[i].name().equals(joints[i].name())) {
                throw new IllegalArgumentException(
                        "limits["
                                + i
                                + "].name = '"
                                + next[i].name()
                                + "'; allowed: '"
                                + joints[i].name()
                                + "'");
            }
            if (next[i].effortUnit() != joints[i].effortUnit()) {
                throw new IllegalArgumentException(
                        "limits["
                                + i
                                + "].effortUnit = "
                                + next[i].effortUnit()
                                + "; allowed: "
                                + joints[i].effortUnit());
            }
        }
        return next;
    }

    /** The limits in force in the current epoch, in joint order. */
    public synchronized List<JointLimits> limits() {
        return List.of(joints);
    }

    /** Command counters per command epoch (the epoch stamped on each command), oldest first. */
    public synchronized List<EpochStatistics> epochStatistics() {
        return gate.epochStatistics();
    }

    /** The current epoch; 0 before the first. */
    public synchronized long currentEpoch() {
        return gate.epoch();
    }

    /**
     * The sender's last applied sequence number in the current epoch (unsigned), 0 when it has
     * none; allocates nothing.
     */
    public synchronized long lastAppliedSequence(String sender) {
        return gate.lastAppliedSequence(sender);
    }

    /** Epoch, watchdog, e-stop and per-sender sequence floors: the retained supervisor document. */
    public synchronized SupervisorSnapshot snapshot() {
        return new SupervisorSnapshot(
                gate.epoch(),
                state,
                eStop.state(),
                gate.senderFloors(),
                scaling.reportedBandLabel(),
                scaling.reportedSender(),
                sensorHold,
                sensors.conditions());
    }

    /**
     * The guards of the configured sensor limits, in configuration order: the loop feeds each with
     * its sensor's samples and availability; the ticks read them.
     */
    public List<SensorGuard> sensorGuards() {
        return sensors.guards();
    }

    public synchronized WatchdogState watchdogState() {
        return state;
    }

    public synchronized EStopState eStopState() {
        return eStop.state();
    }

    /** Estimated winding temperature of a joint (see {@link ThermalParameters}). */
    public synchronized double estimatedWindingTemperatureDegC(int joint) {
        return health.estimatedTemperatureDegC(joint);
    }

    public synchronized SupervisorStatistics statistics() {
        return gate.statistics(
                ticks, state, eStop.state(), scaling, sensorHold, sensors.status(clock.nanoTime()));
    }

    /** Wear counters of all joints, including what was loaded at construction. */
    public synchronized WearSnapshot wearSnapshot() {
        return health.wearSnapshot();
    }

    public SafetyConfig config() {
        return config;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
