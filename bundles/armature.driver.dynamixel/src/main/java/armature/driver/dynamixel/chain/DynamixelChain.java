package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.HardwareError;
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
 * packets: {@link #readState} is a single sync read of present current, velocity and position (one
 * contiguous 10-byte block at address 126) from every servo, and {@link #writeGoalPositions} is a
 * single sync write of goal positions.
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
     * against the config ({@link BusEvent.Kind#CONFIG_MISMATCH}). Servos that do not answer are
     * listed as missing; the chain stays usable.
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
                    for (int id : ids) {
                        try {
                            bus.ping(id);
                            checkServoSettings(id, events);
                        } catch (DynamixelCommException e) {
                            events.addAll(e.allEvents());
                            missing.add(id);
                        }
                    }
                });
    }

    /**
     * Deadlines are only right if the servos use the return delay and status return level the
     * config assumes; a mismatch is reported rather than silently causing timeouts later.
     */
    private void checkServoSettings(int id, List<BusEvent> events)
            throws DynamixelCommException, PortLostException {
        long delayUnits =
                bus.read(id, XControlTable.RETURN_DELAY_TIME.address(), 1).paramUnsigned(0, 1);
        if (delayUnits * 2 != config.returnDelayMicros()) {
            events.add(
                    new BusEvent(
                            BusEvent.Kind.CONFIG_MISMATCH,
                            id,
                            "Return Delay Time is "
                                    + delayUnits * 2
                                    + " us, config returnDelayMicros="
                                    + config.returnDelayMicros()));
        }
        long level =
                bus.read(id, XControlTable.STATUS_RETURN_LEVEL.address(), 1).paramUnsigned(0, 1);
        if (level != config.statusReturnLevel()) {
            events.add(
                    new BusEvent(
                            BusEvent.Kind.CONFIG_MISMATCH,
                            id,
                            "Status Return Level is "
                                    + level
                                    + ", config statusReturnLevel="
                                    + config.statusReturnLevel()));
        }
    }

    /**
     * Reads present position, velocity and current of every joint into the caller's arrays (indexed
     * like {@link ChainConfig#joints()}); entries of servos that did not answer become NaN.
     */
    public CycleReport readState(
            double[] positionRad, double[] velocityRadPerSec, double[] currentAmp) {
        checkLength("positionRad", positionRad);
        checkLength("velocityRadPerSec", velocityRadPerSec);
        checkLength("currentAmp", currentAmp);
        List<BusEvent> events = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        CycleReport report =
                run(
                        events,
                        missing,
                        () -> {
                            bus.syncRead(
                                    XControlTable.STATE_BLOCK_ADDRESS,
                                    XControlTable.STATE_BLOCK_LENGTH,
                                    ids,
                                    replies,
                                    events);
                            JointStateDecoder.decode(
                                    config.joints(),
                                    replies,
                                    positionRad,
                                    velocityRadPerSec,
                                    currentAmp,
                                    events,
                                    missing);
                            for (StatusPacket r : replies) {
                                if (r != null) {
                                    trackAlert(r, events);
                                }
                            }
                        });
        if (!report.portOpen()) {
            java.util.Arrays.fill(positionRad, Double.NaN);
            java.util.Arrays.fill(velocityRadPerSec, Double.NaN);
            java.util.Arrays.fill(currentAmp, Double.NaN);
        }
        return report;
    }

    /** Decodes Hardware Error Status once when a servo starts alerting; forgets when it stops. */
    private void trackAlert(StatusPacket r, List<BusEvent> events) throws PortLostException {
        int id = r.id();
        if (!r.hardwareAlert()) {
            hardwareErrors.remove(id);
            return;
        }
        if (hardwareErrors.containsKey(id)) {
            return;
        }
        try {
            Set<HardwareError> errors = readHardwareErrors(id);
            hardwareErrors.put(id, errors);
            events.add(new BusEvent(BusEvent.Kind.HARDWARE_ALERT, id, errors.toString()));
        } catch (DynamixelCommException e) {
            events.addAll(e.allEvents());
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
        List<JointConfig> joints = config.joints();
        for (int i = 0; i < ids.length; i++) {
            JointConfig j = joints.get(i);
            double v = positionRad[i];
            long raw = Double.isFinite(v) ? j.rawPosition(v) : Long.MIN_VALUE;
            if (raw < j.minPositionRaw() || raw > j.maxPositionRaw()) {
                double a = j.jointPositionRad(j.minPositionRaw());
                double b = j.jointPositionRad(j.maxPositionRaw());
                throw new IllegalArgumentException(
                        String.format(
                                "positionRad[%d] (joint '%s')=%s is outside [%.4f, %.4f] rad",
                                i, j.name(), v, Math.min(a, b), Math.max(a, b)));
            }
            int o = i * 4;
            goalBytes[o] = (byte) raw;
            goalBytes[o + 1] = (byte) (raw >>> 8);
            goalBytes[o + 2] = (byte) (raw >>> 16);
            goalBytes[o + 3] = (byte) (raw >>> 24);
        }
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
        if (timeoutMillis < 20 || timeoutMillis > 2540 || timeoutMillis % 20 != 0) {
            throw new IllegalArgumentException(
                    "timeoutMillis=" + timeoutMillis + " must be a multiple of 20 within 20..2540");
        }
        return writeEach(XControlTable.BUS_WATCHDOG, timeoutMillis / 20);
    }

    /** Writes 0 to Bus Watchdog: disables it and clears a fired watchdog. */
    public CycleReport disarmBusWatchdog() {
        return writeEach(XControlTable.BUS_WATCHDOG, 0);
    }

    /** Reboots one servo (clears its hardware error; torque comes back off). */
    public CycleReport reboot(int id) {
        if (java.util.Arrays.stream(ids).noneMatch(x -> x == id)) {
            throw new IllegalArgumentException(
                    "id=" + id + " is not in this chain " + java.util.Arrays.toString(ids));
        }
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
