package armature.driver.dynamixel.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A chain of emulated X-series servos behind one bus. Feed it the bytes a host sent ({@link
 * #receive}); it returns the replies to put on the wire, each due when its last byte would have
 * arrived on a real bus: every byte of every packet in both directions costs 10 bit times at the
 * configured baud rate, the bus is half duplex (an instruction waits for the wire to fall silent),
 * and each servo waits its Return Delay Time (address 9, 2 us per unit) before its status packet
 * (ADR 0078). Motor dynamics (per operating mode, see MotorModel), winding temperature, the
 * overheating shutdown and the bus watchdog run on the injected clock, advanced by {@link #tick()}
 * and on every {@link #receive}. Indirect Address/Data items are modelled, and faults can be
 * injected both into replies ({@link #injectFault}) and into how a servo takes writes ({@link
 * #failWrites}).
 *
 * <p>Thread-safe: a serving thread calls {@link #receive} while a test thread injects faults.
 */
public final class ServoChainEmulator {
    /** Gap between the pieces of a {@link Fault#SPLIT_WITH_GAPS} reply. */
    public static final long SPLIT_GAP_NANOS = ReplyPacer.SPLIT_GAP_NANOS;

    static final byte[] GARBAGE = ReplyPacer.GARBAGE;

    private final Map<Integer, EmulatedServo> servos = new LinkedHashMap<>();
    private final Map<Integer, Deque<Fault>> faults = new HashMap<>();
    private final Map<Integer, Long> lastAddressedNanos = new HashMap<>();
    private final Map<Integer, byte[]> registered = new HashMap<>();
    private final FrameReader reader = new FrameReader();
    private final InstructionDispatcher dispatcher;
    private final LongSupplier nanoClock;
    private final int baudRate;
    private boolean paceWire = true;

    /** Clock time at which the last byte put on the wire so far has left it. */
    private long busFreeAtNanos;

    private long lastStepNanos;
    private long instructionCount;
    private long crcErrorCount;

    /**
     * @param ids servo ids 0..252, unique
     * @param baudRate the configured bus rate; paces replies as a real bus would
     * @param returnDelayMicros every servo's Return Delay Time (even, 0..508)
     * @param timeConstantSeconds first-order motor time constant (> 0)
     * @param nanoClock time source for dynamics, watchdog and reply pacing
     */
    public ServoChainEmulator(
            int[] ids,
            int baudRate,
            int returnDelayMicros,
            double timeConstantSeconds,
            LongSupplier nanoClock) {
        int baudCode = baudCode(baudRate);
        if (returnDelayMicros < 0 || returnDelayMicros > 508 || returnDelayMicros % 2 != 0) {
            throw new IllegalArgumentException(
                    "returnDelayMicros=" + returnDelayMicros + " must be even and within 0..508");
        }
        if (!(timeConstantSeconds > 0) || Double.isInfinite(timeConstantSeconds)) {
            throw new IllegalArgumentException(
                    "timeConstantSeconds=" + timeConstantSeconds + " must be finite and > 0");
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("ids must name at least one servo, got none");
        }
        this.baudRate = baudRate;
        this.nanoClock = nanoClock;
        this.dispatcher = new InstructionDispatcher(servos, faults, registered, baudCode);
        this.lastStepNanos = nanoClock.getAsLong();
        this.busFreeAtNanos = lastStepNanos;
        for (int id : ids) {
            if (id < 0 || id > 252 || servos.containsKey(id)) {
                throw new IllegalArgumentException("id=" + id + " is outside 0..252 or repeated");
            }
            servos.put(
                    id,
                    new EmulatedServo(id, baudCode, returnDelayMicros / 2, timeConstantSeconds));
            lastAddressedNanos.put(id, lastStepNanos);
        }
    }

    /** A chain at the given rate with no return delay and a 20 ms motor time constant. */
    public static ServoChainEmulator of(int[] ids, int baudRate, LongSupplier nanoClock) {
        return new ServoChainEmulator(ids, baudRate, 0, 0.020, nanoClock);
    }

    private static int baudCode(int baudRate) {
        int[] rates = {9600, 57600, 115200, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 4_500_000};
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] == baudRate) {
                return i;
            }
        }
        throw new IllegalArgumentException("baudRate=" + baudRate + " is not an X-series rate");
    }

    /**
     * With pacing off, replies are due as soon as return delays allow, as if the wire were
     * infinitely fast; benchmarks use this to separate driver overhead from bus time.
     */
    public synchronized void setWirePacing(boolean paceWire) {
        this.paceWire = paceWire;
    }

    /** Nanoseconds {@code bytes} bytes occupy on the wire (10 bits per byte). */
    public long wireNanos(int bytes) {
        return ReplyPacer.wireNanos(baudRate, bytes);
    }

    // ---- test/operator controls -------------------------------------------------------------

    /**
     * Queues {@code count} occurrences of {@code fault} for the next replies of servo {@code id}.
     */
    public synchronized void injectFault(int id, Fault fault, int count) {
        servo(id);
        Deque<Fault> q = faults.computeIfAbsent(id, k -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            q.add(fault);
        }
    }

    /** A servo that stops answering (as if unplugged) or starts again. */
    public synchronized void setResponding(int id, boolean responding) {
        servo(id).setResponding(responding);
    }

    /**
     * Cuts a servo's power and restores it: the RAM area as after a reboot (torque off, Bus
     * Watchdog 0, hardware errors cleared, the goal at the present position); the EEPROM area
     * (mode, limits, indirect addresses) stays.
     */
    public synchronized void powerCycle(int id) {
        dispatcher.restart(servo(id));
    }

    /**
     * Puts a new servo in place of one: the whole control table at its factory defaults (indirect
     * addresses included) but with the same id and baud rate, at the old one's position.
     */
    public synchronized void replaceWithNew(int id) {
        EmulatedServo s = servo(id);
        s.factoryReset(true, true);
        registered.remove(s.key());
    }

    /**
     * Raises hardware error bits (Hardware Error Status, address 70): torque goes off and every
     * reply carries the alert bit until a reboot.
     */
    public synchronized void raiseHardwareError(int id, int errorBits) {
        EmulatedServo s = servo(id);
        s.set(Register.HARDWARE_ERROR_STATUS, s.get(Register.HARDWARE_ERROR_STATUS) | errorBits);
        s.set(Register.TORQUE_ENABLE, 0);
    }

    public synchronized long presentPositionRaw(int id) {
        return servo(id).get(Register.PRESENT_POSITION);
    }

    public synchronized long goalPositionRaw(int id) {
        return servo(id).get(Register.GOAL_POSITION);
    }

    public synchronized boolean torqueEnabled(int id) {
        return servo(id).torqueOn();
    }

    /** Raw Bus Watchdog byte: 0 off, 1..127 armed (x 20 ms), 255 (-1) fired. */
    public synchronized int busWatchdogRaw(int id) {
        return (int) servo(id).get(Register.BUS_WATCHDOG);
    }

    /**
     * The Bus Watchdog byte the host last wrote, or -1 when it never wrote one: what the driver
     * armed, whether or not the watchdog has fired since (it fires 100 ms after the last packet
     * when nothing drives the chain, e.g. before a loop attaches).
     */
    public synchronized int busWatchdogWrittenRaw(int id) {
        return servo(id).watchdogWritten();
    }

    public synchronized int hardwareErrorStatus(int id) {
        return (int) servo(id).get(Register.HARDWARE_ERROR_STATUS);
    }

    /**
     * Thermal model of every servo: {@code dT/dt = heating * I^2 - (T - ambient) / coolingTau}. The
     * default (0.3 degC per A^2 s, 300 s, 36 degC) heats a servo by a few degrees per minute at
     * stall currents; tests use a much hotter model to reach the limit in a moment.
     */
    public synchronized void setThermalModel(
            double ambientDegC,
            double heatingDegCPerAmpSquaredSecond,
            double coolingTimeConstantSeconds) {
        if (!Double.isFinite(ambientDegC)
                || !(heatingDegCPerAmpSquaredSecond >= 0)
                || Double.isInfinite(heatingDegCPerAmpSquaredSecond)
                || !(coolingTimeConstantSeconds > 0)
                || Double.isInfinite(coolingTimeConstantSeconds)) {
            throw new IllegalArgumentException(
                    "thermal model ambientDegC="
                            + ambientDegC
                            + ", heatingDegCPerAmpSquaredSecond="
                            + heatingDegCPerAmpSquaredSecond
                            + ", coolingTimeConstantSeconds="
                            + coolingTimeConstantSeconds
                            + " must be finite, heating >= 0 and cooling > 0");
        }
        for (EmulatedServo s : servos.values()) {
            s.setThermal(ambientDegC, heatingDegCPerAmpSquaredSecond, coolingTimeConstantSeconds);
        }
    }

    /** Sets a servo's winding temperature (test setup); the model evolves it from there. */
    public synchronized void setTemperatureDegC(int id, double temperatureDegC) {
        servo(id).setTemperatureDegC(temperatureDegC);
    }

    public synchronized double temperatureDegC(int id) {
        return servo(id).temperatureDegC();
    }

    /**
     * Makes host writes that touch {@code address} on servo {@code id} fail as {@code how} says
     * (null clears it): a servo refusing or dropping out in the middle of a mode change.
     */
    public synchronized void failWrites(int id, int address, WriteFailure how) {
        servo(id).failWrites(address, how);
    }

    /**
     * Operating Mode (address 11): 0 current, 1 velocity, 3 position, 4 extended, 5 current-based
     * position, 16 PWM.
     */
    public synchronized int operatingMode(int id) {
        return (int) servo(id).get(Register.OPERATING_MODE);
    }

    public synchronized long goalCurrentRaw(int id) {
        return servo(id).get(Register.GOAL_CURRENT);
    }

    public synchronized long goalVelocityRaw(int id) {
        return servo(id).get(Register.GOAL_VELOCITY);
    }

    public synchronized long presentCurrentRaw(int id) {
        return servo(id).get(Register.PRESENT_CURRENT);
    }

    public synchronized long presentVelocityRaw(int id) {
        return servo(id).get(Register.PRESENT_VELOCITY);
    }

    /** The control table address that Indirect Address {@code slot + 1} names. */
    public synchronized int indirectTarget(int id, int slot) {
        return servo(id).indirectTarget(slot);
    }

    /** Sets any register directly, bypassing access rules (test setup: limits, status level). */
    public synchronized void poke(int id, int address, long value) {
        Register r = Register.startingAt(address);
        if (r == null) {
            throw new IllegalArgumentException("no register starts at address " + address);
        }
        servo(id).set(r, value);
    }

    /**
     * Moves the emulated motor to {@code raw} counts at once (test setup); it stays there while
     * torque is off.
     */
    public synchronized void placeAt(int id, long raw) {
        servo(id).placeAt(raw);
    }

    /** Valid instruction packets received so far. */
    public synchronized long instructionCount() {
        return instructionCount;
    }

    /** Instruction packets whose CRC did not match. */
    public synchronized long crcErrorCount() {
        return crcErrorCount;
    }

    private EmulatedServo servo(int id) {
        EmulatedServo s = servos.get(id);
        if (s == null) {
            throw new IllegalArgumentException(
                    "id=" + id + " is not in this chain " + servos.keySet());
        }
        return s;
    }

    // ---- time -----------------------------------------------------------------------------

    /** Advances dynamics and the bus watchdog to the clock's present time. */
    public synchronized void tick() {
        long now = nanoClock.getAsLong();
        double dt = (now - lastStepNanos) * 1e-9;
        lastStepNanos = now;
        for (Map.Entry<Integer, EmulatedServo> e : servos.entrySet()) {
            EmulatedServo s = e.getValue();
            s.step(dt);
            int wd = (int) s.get(Register.BUS_WATCHDOG);
            if (wd >= 1 && wd <= 127) {
                long limit = wd * 20_000_000L;
                if (now - lastAddressedNanos.get(e.getKey()) > limit) {
                    s.set(Register.BUS_WATCHDOG, 0xFF);
                    s.set(Register.TORQUE_ENABLE, 0);
                }
            }
        }
    }

    // ---- protocol -------------------------------------------------------------------------

    /**
     * Processes received bytes; returns what the chain sends back, in order. The first
     * transmission's delay counts from this call, each later one's from the one before it.
     */
    public synchronized List<Transmission> receive(byte[] data, int off, int len) {
        tick();
        long now = nanoClock.getAsLong();
        List<Transmission> out = new ArrayList<>();
        ReplyPacer pacer = new ReplyPacer(baudRate, paceWire, busFreeAtNanos - now, out);
        for (InstructionFrame f : reader.accept(data, off, len)) {
            pacer.instruction(f.wireBytes());
            handle(f, now, pacer);
        }
        busFreeAtNanos = now + pacer.wireFreeAtNanos();
        return out;
    }

    private void handle(InstructionFrame f, long now, ReplyPacer pacer) {
        if (!f.crcOk()) {
            crcErrorCount++;
            EmulatedServo s = dispatcher.onBus(f.id());
            if (s != null && s.responding()) {
                dispatcher.reply(s, 0x03, new byte[0], pacer);
            }
            return;
        }
        instructionCount++;
        boolean broadcast = f.id() == WireFormat.BROADCAST;
        for (Map.Entry<Integer, EmulatedServo> e : servos.entrySet()) {
            if (broadcast || e.getValue().id() == f.id()) {
                lastAddressedNanos.put(e.getKey(), now);
            }
        }
        dispatcher.dispatch(f, pacer);
    }
}
