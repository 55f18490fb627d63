package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.HardwareError;
import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.controltable.StateBlock;
import armature.driver.dynamixel.controltable.XControlTable;
import armature.driver.dynamixel.protocol.StatusPacket;
import armature.driver.dynamixel.serial.JSerialCommLink;
import armature.driver.dynamixel.serial.PortLostException;
import armature.driver.dynamixel.serial.SerialLink;
import armature.driver.dynamixel.serial.SerialLinkOpener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One Dynamixel bus with its joints, driven from one control thread. Each control cycle costs two
 * packets: {@link #readState} is a single sync read of the {@link StateBlock} (present current,
 * velocity, position, temperature, hardware error status and torque enable, packed through indirect
 * addressing into 13 contiguous bytes) from every servo, and a goal write is a single sync write
 * ({@link #writeGoalPositions}, {@link #writeGoalVelocities}, {@link #writeGoalCurrents}). {@link
 * #setOperatingMode} changes modes with the safe sequence of {@link ServoReconfiguration}.
 *
 * <p>Nothing here throws for bus trouble during a cycle: every method returns a {@link CycleReport}
 * naming missing servos, hardware alerts and wire faults, and fills the entries of servos that did
 * not answer with NaN so stale values cannot pass for fresh ones. If the port disappears the report
 * says {@link BusEvent.Kind#PORT_LOST}; later calls try to reopen it (at most once per {@link
 * ChainConfig#reopenIntervalMillis()}) and report {@link BusEvent.Kind#PORT_REOPENED}. Reopening
 * never changes servo state (torque, watchdog): that is the caller's decision.
 *
 * <p>Not thread-safe.
 */
public final class DynamixelChain implements AutoCloseable {
    private final ChainConfig config;
    private final SerialLinkOpener opener;
    private final LongSupplier nanoClock;
    private final int[] ids;
    private final StatusPacket[] replies;
    private final byte[] goalBytes;
    private final Map<Integer, Set<HardwareError>> hardwareErrors = new HashMap<>();
    private final ServoInfo[] infos;
    private final OperatingMode[] modes;
    private final JointReadings scratch;

    private SerialLink link;
    private DynamixelBus bus;
    private boolean everOpened;
    private long nextReopenNanos;

    public DynamixelChain(ChainConfig config, SerialLinkOpener opener, LongSupplier nanoClock) {
        this.config = config;
        this.opener = opener;
        this.nanoClock = nanoClock;
        this.ids = config.ids();
        this.replies = new StatusPacket[ids.length];
        this.goalBytes = new byte[ids.length * XControlTable.GOAL_POSITION.size()];
        this.infos = new ServoInfo[ids.length];
        this.modes = new OperatingMode[ids.length];
        this.scratch = new JointReadings(ids.length);
    }

    /** A chain on a real serial device through jSerialComm, timed by {@link System#nanoTime()}. */
    public static DynamixelChain create(ChainConfig config) {
        return new DynamixelChain(config, JSerialCommLink::open, System::nanoTime);
    }

    public ChainConfig config() {
        return config;
    }

    /**
     * Opens the port, pings every servo and checks its Return Delay Time and Status Return Level
     * against the config ({@link BusEvent.Kind#CONFIG_MISMATCH}), reads its mode and limits ({@link
     * #servoInfo}) and points its Indirect Addresses at the {@link StateBlock} (with torque off if
     * they must change; {@link BusEvent.Kind#SETUP_FAILED} if that fails). Servos that do not
     * answer or cannot be set up are listed as missing; the chain stays usable.
     *
     * @throws PortLostException when the device cannot be opened
     */
    public CycleReport open() throws PortLostException {
        if (link == null) {
            attach(opener.open(config.portPath(), config.baudRate()));
        }
        everOpened = true;
        List<BusEvent> events = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        return run(
                events,
                missing,
                () -> {
                    for (int i = 0; i < ids.length; i++) {
                        setUp(i, events, missing);
                    }
                });
    }

    /** What {@link #open()} does to one servo: ping, check, read its info, indirect addresses. */
    private void setUp(int i, List<BusEvent> events, List<Integer> missing)
            throws PortLostException {
        int id = ids[i];
        try {
            Retry.onWireFault(() -> bus.ping(id), events);
            ServoSetup.checkSettings(bus, id, config, events);
            infos[i] = ServoSetup.readInfo(bus, id, events);
            modes[i] = infos[i].operatingMode();
            String failed =
                    ServoSetup.ensureStateBlock(bus, id, infos[i], expectWriteReply(), events);
            if (failed != null) {
                events.add(new BusEvent(BusEvent.Kind.SETUP_FAILED, id, failed));
                missing.add(id);
            }
        } catch (DynamixelCommException e) {
            events.addAll(e.allEvents());
            missing.add(id);
        }
    }

    /**
     * Sets one servo up again as {@link #open()} did, e.g. after it stopped answering and came
     * back: it may have restarted, or be another servo with the same id whose indirect addresses do
     * not point at the {@link StateBlock} yet (its state reads would be garbage).
     */
    public CycleReport setUpAgain(int id) {
        int i = indexOf(id);
        List<BusEvent> events = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        return run(events, missing, () -> setUp(i, events, missing));
    }

    /**
     * Reads present position, velocity and current of every joint into the caller's arrays (indexed
     * like {@link ChainConfig#joints()}); entries of servos that did not answer become NaN. The
     * same single sync read as {@link #readState(JointReadings)}.
     */
    public CycleReport readState(
            double[] positionRad, double[] velocityRadPerSec, double[] currentAmp) {
        checkLength("positionRad", positionRad);
        checkLength("velocityRadPerSec", velocityRadPerSec);
        checkLength("currentAmp", currentAmp);
        CycleReport report = readState(scratch);
        System.arraycopy(scratch.positionRad, 0, positionRad, 0, ids.length);
        System.arraycopy(scratch.velocityRadPerSec, 0, velocityRadPerSec, 0, ids.length);
        System.arraycopy(scratch.currentAmp, 0, currentAmp, 0, ids.length);
        return report;
    }

    /**
     * One sync read of the {@link StateBlock} from every servo into {@code out}. Hardware errors
     * come with the data, so the report's {@link CycleReport#hardwareErrors()} is current every
     * cycle; a {@link BusEvent.Kind#HARDWARE_ALERT} event marks each change.
     */
    public CycleReport readState(JointReadings out) {
        if (out.size() != ids.length) {
            throw new IllegalArgumentException(
                    "readings for " + out.size() + " joints; the chain has " + ids.length);
        }
        List<BusEvent> events = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        CycleReport report =
                run(
                        events,
                        missing,
                        () -> {
                            bus.syncRead(
                                    StateBlock.ADDRESS, StateBlock.LENGTH, ids, replies, events);
                            JointStateDecoder.decode(
                                    config.joints(), replies, out, events, missing);
                            for (int i = 0; i < ids.length; i++) {
                                trackHardwareErrors(ids[i], out.hardwareErrorBits[i], events);
                            }
                        });
        if (!report.portOpen()) {
            out.invalidateAll();
        }
        return report;
    }

    /**
     * Remembers each servo's hardware errors; reports changes once. Unknown (-1) keeps the last.
     */
    private void trackHardwareErrors(int id, int bits, List<BusEvent> events) {
        if (bits < 0 || (bits == 0 && !hardwareErrors.containsKey(id))) {
            return; // the steady state: nothing to decode, nothing to allocate
        }
        Set<HardwareError> now = HardwareError.decode(bits);
        Set<HardwareError> before = hardwareErrors.get(id);
        if (now.isEmpty()) {
            hardwareErrors.remove(id);
            return;
        }
        if (!now.equals(before)) {
            hardwareErrors.put(id, now);
            events.add(new BusEvent(BusEvent.Kind.HARDWARE_ALERT, id, now.toString()));
        }
    }

    /** Reads and decodes one servo's Hardware Error Status (address 70). */
    public Set<HardwareError> readHardwareErrors(int id)
            throws DynamixelCommException, PortLostException {
        requireOpen();
        StatusPacket p =
                bus.read(
                        id,
                        XControlTable.HARDWARE_ERROR_STATUS.address(),
                        XControlTable.HARDWARE_ERROR_STATUS.size());
        return HardwareError.decode((int) p.paramUnsigned(0, 1));
    }

    /**
     * Sends every joint's goal position in one sync write (servos do not reply to it).
     *
     * @throws IllegalArgumentException for a wrong-length array, a non-finite value or a value
     *     outside the joint's configured raw range (nothing is sent then)
     */
    public CycleReport writeGoalPositions(double[] positionRad) {
        checkLength("positionRad", positionRad);
        GoalEncoding.positions(config.joints(), positionRad, goalBytes);
        List<BusEvent> events = new ArrayList<>();
        return run(
                events,
                new ArrayList<>(),
                () ->
                        bus.syncWrite(
                                XControlTable.GOAL_POSITION.address(),
                                XControlTable.GOAL_POSITION.size(),
                                ids,
                                goalBytes));
    }

    /** Enables or disables torque on every servo, one confirmed write each. */
    public CycleReport setTorque(boolean enabled) {
        return writeEach(XControlTable.TORQUE_ENABLE, enabled ? 1 : 0);
    }

    /**
     * Arms every servo's bus watchdog: a servo that hears no instruction for {@code timeoutMillis}
     * stops (see the ADR for what the emulator models). Must be re-armed after it fires.
     *
     * @param timeoutMillis 20..2540, a multiple of 20 (the item's unit)
     */
    public CycleReport armBusWatchdog(int timeoutMillis) {
        checkWatchdogTimeout(timeoutMillis);
        return writeEach(XControlTable.BUS_WATCHDOG, timeoutMillis / 20);
    }

    /**
     * Arms one servo's bus watchdog again, e.g. after it restarted (a power cycle clears it): first
     * writes 0, which clears a watchdog that fired, then the timeout.
     *
     * @param timeoutMillis 20..2540, a multiple of 20
     */
    public CycleReport rearmBusWatchdog(int id, int timeoutMillis) {
        checkWatchdogTimeout(timeoutMillis);
        indexOf(id);
        List<BusEvent> events = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        int address = XControlTable.BUS_WATCHDOG.address();
        return run(
                events,
                missing,
                () -> {
                    try {
                        bus.write(
                                id,
                                address,
                                XControlTable.BUS_WATCHDOG.encode(0),
                                expectWriteReply());
                        bus.write(
                                id,
                                address,
                                XControlTable.BUS_WATCHDOG.encode(timeoutMillis / 20),
                                expectWriteReply());
                    } catch (DynamixelCommException e) {
                        events.addAll(e.allEvents());
                        missing.add(id);
                    }
                });
    }

    /**
     * Arms every servo's bus watchdog again: writes 0 (which clears a watchdog that fired), then
     * the timeout.
     */
    public CycleReport rearmBusWatchdogs(int timeoutMillis) {
        CycleReport cleared = disarmBusWatchdog();
        if (!cleared.portOpen()) {
            return cleared;
        }
        return armBusWatchdog(timeoutMillis);
    }

    /** Writes 0 to Bus Watchdog: disables it and clears a fired watchdog. */
    public CycleReport disarmBusWatchdog() {
        return writeEach(XControlTable.BUS_WATCHDOG, 0);
    }

    /** Reboots one servo (clears its hardware error; torque comes back off). */
    public CycleReport reboot(int id) {
        indexOf(id);
        List<BusEvent> events = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        return run(
                events,
                missing,
                () -> {
                    try {
                        bus.reboot(id, config.statusReturnLevel() == 2);
                        hardwareErrors.remove(id);
                    } catch (DynamixelCommException e) {
                        events.addAll(e.allEvents());
                        missing.add(id);
                    }
                });
    }

    /** What open() read from joint {@code index}'s servo; null if it did not answer. */
    public ServoInfo servoInfo(int index) {
        return infos[index];
    }

    /** The mode joint {@code index}'s servo is in as far as the chain knows; null when unknown. */
    public OperatingMode operatingMode(int index) {
        return modes[index];
    }

    /**
     * Puts every servo not already in {@code target} into it, one servo at a time, each with the
     * sequence of {@link ServoReconfiguration} (hold, torque off, write, read back, neutral goal at
     * the present position, torque back on if it was on). A servo that fails is left with torque
     * off and its mode unknown; servos that switched stay switched, holding their neutral goal, so
     * no servo moves in a mode the caller did not ask for.
     *
     * @param goalCurrentRaw per joint, the Goal Current cap to set when {@code target} is {@link
     *     OperatingMode#CURRENT_BASED_POSITION}; null for each servo's Current Limit
     */
    public ModeChangeReport setOperatingMode(OperatingMode target, int[] goalCurrentRaw) {
        if (goalCurrentRaw != null && goalCurrentRaw.length != ids.length) {
            throw new IllegalArgumentException(
                    "goalCurrentRaw length=" + goalCurrentRaw.length + " must be " + ids.length);
        }
        List<BusEvent> events = new ArrayList<>();
        List<Integer> switched = new ArrayList<>();
        Map<Integer, String> failures = new HashMap<>();
        CycleReport r =
                run(
                        events,
                        new ArrayList<>(),
                        () -> {
                            for (int i = 0; i < ids.length; i++) {
                                if (modes[i] == target) {
                                    continue;
                                }
                                String failed = switchOne(i, target, goalCurrentRaw, events);
                                if (failed == null) {
                                    switched.add(ids[i]);
                                } else {
                                    failures.put(ids[i], failed);
                                    events.add(
                                            new BusEvent(
                                                    BusEvent.Kind.MODE_SWITCH_FAILED,
                                                    ids[i],
                                                    failed));
                                }
                            }
                        });
        if (!r.portOpen()) {
            for (int i = 0; i < ids.length; i++) {
                if (modes[i] != target && !failures.containsKey(ids[i])) {
                    failures.put(ids[i], "port lost before the switch");
                }
            }
        }
        return new ModeChangeReport(r.portOpen(), switched, failures, r.events());
    }

    private String switchOne(int i, OperatingMode target, int[] goalCurrentRaw, List<BusEvent> ev)
            throws PortLostException {
        int cap =
                goalCurrentRaw != null
                        ? goalCurrentRaw[i]
                        : infos[i] != null ? infos[i].currentLimitRaw() : 0;
        OperatingMode from = modes[i];
        // Unknown until read back: a failure between torque off and the read-back leaves it so.
        modes[i] = null;
        return new ServoReconfiguration(bus, ids[i], expectWriteReply(), ev)
                .switchMode(from, target, cap, verified -> modes[i] = verified);
    }

    /**
     * Sends every joint's goal velocity in one sync write.
     *
     * @throws IllegalArgumentException for a wrong-length array, a non-finite value or one beyond
     *     the servo's Velocity Limit (nothing is sent then)
     */
    public CycleReport writeGoalVelocities(double[] velocityRadPerSec) {
        checkLength("velocityRadPerSec", velocityRadPerSec);
        byte[] data = GoalEncoding.velocities(config.joints(), infos, velocityRadPerSec);
        return syncWriteGoal(XControlTable.GOAL_VELOCITY, data);
    }

    /**
     * Sends every joint's goal current in one sync write (current mode: the current; current-based
     * position mode: the cap).
     *
     * @throws IllegalArgumentException for a wrong-length array, a non-finite value or one beyond
     *     the servo's Current Limit (nothing is sent then)
     */
    public CycleReport writeGoalCurrents(double[] currentAmp) {
        checkLength("currentAmp", currentAmp);
        byte[] data = GoalEncoding.currents(config.joints(), infos, currentAmp);
        return syncWriteGoal(XControlTable.GOAL_CURRENT, data);
    }

    private CycleReport syncWriteGoal(XControlTable item, byte[] data) {
        return run(
                new ArrayList<>(),
                new ArrayList<>(),
                () -> bus.syncWrite(item.address(), item.size(), ids, data));
    }

    private boolean expectWriteReply() {
        return config.statusReturnLevel() == 2;
    }

    private CycleReport writeEach(XControlTable item, long value) {
        byte[] data = item.encode(value);
        boolean expectReply = config.statusReturnLevel() == 2;
        List<BusEvent> events = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        return run(
                events,
                missing,
                () -> {
                    for (int id : ids) {
                        try {
                            bus.write(id, item.address(), data, expectReply);
                        } catch (DynamixelCommException e) {
                            events.addAll(e.allEvents());
                            missing.add(id);
                        }
                    }
                });
    }

    @FunctionalInterface
    private interface BusWork {
        void run() throws PortLostException;
    }

    /** Runs work with port-loss handling and turns the outcome into a report. */
    private CycleReport run(List<BusEvent> events, List<Integer> missing, BusWork work) {
        if (link == null && !tryReopen(events)) {
            return new CycleReport(false, allIds(), hardwareErrors, events);
        }
        try {
            work.run();
        } catch (PortLostException e) {
            events.add(new BusEvent(BusEvent.Kind.PORT_LOST, -1, e.getMessage()));
            detach();
            return new CycleReport(false, allIds(), hardwareErrors, events);
        }
        return new CycleReport(true, missing, hardwareErrors, events);
    }

    private boolean tryReopen(List<BusEvent> events) {
        if (!everOpened) {
            throw new IllegalStateException("chain on " + config.portPath() + " was never opened");
        }
        long now = nanoClock.getAsLong();
        if (now - nextReopenNanos < 0) {
            return false;
        }
        try {
            attach(opener.open(config.portPath(), config.baudRate()));
            events.add(new BusEvent(BusEvent.Kind.PORT_REOPENED, -1, config.portPath()));
            return true;
        } catch (PortLostException e) {
            nextReopenNanos = now + config.reopenIntervalMillis() * 1_000_000L;
            return false;
        }
    }

    private void attach(SerialLink l) {
        link = l;
        bus = new DynamixelBus(l, config.timing(), nanoClock);
    }

    private void detach() {
        if (link != null) {
            link.close();
        }
        link = null;
        bus = null;
        nextReopenNanos = nanoClock.getAsLong() + config.reopenIntervalMillis() * 1_000_000L;
    }

    private void requireOpen() throws PortLostException {
        if (bus == null) {
            throw new PortLostException("port " + config.portPath() + " is not open");
        }
    }

    /** Where servo {@code id} is in the chain; an id not in it is refused, naming the chain. */
    private int indexOf(int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "id=" + id + " is not in this chain " + java.util.Arrays.toString(ids));
    }

    private static void checkWatchdogTimeout(int timeoutMillis) {
        if (timeoutMillis < 20 || timeoutMillis > 2540 || timeoutMillis % 20 != 0) {
            throw new IllegalArgumentException(
                    "timeoutMillis=" + timeoutMillis + " must be a multiple of 20 within 20..2540");
        }
    }

    private List<Integer> allIds() {
        return java.util.Arrays.stream(ids).boxed().toList();
    }

    private void checkLength(String field, double[] values) {
        if (values == null || values.length != ids.length) {
            throw new IllegalArgumentException(
                    field
                            + " length="
                            + (values == null ? "null" : values.length)
                            + " must equal the joint count "
                            + ids.length);
        }
    }

    /** True while the port is open (false after a loss until it has been reopened). */
    public boolean isPortOpen() {
        return link != null;
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
        link = null;
        bus = null;
    }
}
