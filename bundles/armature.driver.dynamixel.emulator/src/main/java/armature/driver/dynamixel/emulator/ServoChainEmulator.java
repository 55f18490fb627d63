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
 * #receive}); it returns the replies to put on the wire, each with the delay a real bus would show:
 * the instruction's own wire time, each servo's return delay, and the wire time of the replies
 * before it at the configured baud rate. Motor dynamics and the bus watchdog run on the injected
 * clock, advanced by {@link #tick()} and on every {@link #receive}.
 *
 * <p>Thread-safe: a serving thread calls {@link #receive} while a test thread injects faults.
 */
public final class ServoChainEmulator {
    /** Gap between the pieces of a {@link Fault#SPLIT_WITH_GAPS} reply. */
    public static final long SPLIT_GAP_NANOS = 300_000;

    static final byte[] GARBAGE = {0x00, 0x13, (byte) 0xAA, (byte) 0xFF, 0x55};

    private final Map<Integer, EmulatedServo> servos = new LinkedHashMap<>();
    private final Map<Integer, Deque<Fault>> faults = new HashMap<>();
    private final Map<Integer, Long> lastAddressedNanos = new HashMap<>();
    private final Map<Integer, byte[]> registered = new HashMap<>();
    private final FrameReader reader = new FrameReader();
    private final LongSupplier nanoClock;
    private final int baudRate;
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
        this.lastStepNanos = nanoClock.getAsLong();
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

    /** Nanoseconds {@code bytes} bytes occupy on the wire (10 bits per byte). */
    public long wireNanos(int bytes) {
        return bytes * 10L * 1_000_000_000L / baudRate;
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

    public synchronized int hardwareErrorStatus(int id) {
        return (int) servo(id).get(Register.HARDWARE_ERROR_STATUS);
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
        for (EmulatedServo s : servos.values()) {
            s.step(dt);
            int wd = (int) s.get(Register.BUS_WATCHDOG);
            if (wd >= 1 && wd <= 127) {
                long limit = wd * 20_000_000L;
                if (now - lastAddressedNanos.get(s.id()) > limit) {
                    s.set(Register.BUS_WATCHDOG, 0xFF);
                    s.set(Register.TORQUE_ENABLE, 0);
                }
            }
        }
    }

    // ---- protocol -------------------------------------------------------------------------

    /** Processes received bytes; returns what the chain sends back, in order. */
    public synchronized List<Transmission> receive(byte[] data, int off, int len) {
        tick();
        List<Transmission> out = new ArrayList<>();
        for (InstructionFrame f : reader.accept(data, off, len)) {
            handle(f, out);
        }
        return out;
    }

    private void handle(InstructionFrame f, List<Transmission> out) {
        long instructionWire = wireNanos(7 + 3 + f.params().length);
        Pacer pacer = new Pacer(instructionWire, out);
        if (!f.crcOk()) {
            crcErrorCount++;
            EmulatedServo s = servos.get(f.id());
            if (s != null && s.responding()) {
                reply(s, 0x03, new byte[0], pacer);
            }
            return;
        }
        instructionCount++;
        long now = nanoClock.getAsLong();
        byte[] p = f.params();
        boolean broadcast = f.id() == WireFormat.BROADCAST;
        for (EmulatedServo s : servos.values()) {
            if (broadcast || s.id() == f.id()) {
                lastAddressedNanos.put(s.id(), now);
            }
        }
        switch (f.instruction()) {
            case 0x01 -> forTargets(f.id(), s -> reply(s, 0, pingData(), pacer));
            case 0x02 -> {
                if (broadcast || p.length != 4) {
                    return;
                }
                unicast(
                        f.id(),
                        s -> readReply(s, WireFormat.u16(p, 0), WireFormat.u16(p, 2), pacer));
            }
            case 0x03, 0x04 -> {
                if (p.length < 3) {
                    return;
                }
                int address = WireFormat.u16(p, 0);
                byte[] value = java.util.Arrays.copyOfRange(p, 2, p.length);
                boolean reg = f.instruction() == 0x04;
                forTargets(
                        f.id(),
                        s -> {
                            int err;
                            if (reg) {
                                registered.put(s.id(), p.clone());
                                s.set(Register.REGISTERED_INSTRUCTION, 1);
                                err = 0;
                            } else {
                                err = s.write(address, value);
                            }
                            if (!broadcast && s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                                reply(s, err, new byte[0], pacer);
                            }
                        });
            }
            case 0x05 ->
                    forTargets(
                            f.id(),
                            s -> {
                                byte[] r = registered.remove(s.id());
                                int err = 0x02;
                                if (r != null) {
                                    err =
                                            s.write(
                                                    WireFormat.u16(r, 0),
                                                    java.util.Arrays.copyOfRange(r, 2, r.length));
                                    s.set(Register.REGISTERED_INSTRUCTION, 0);
                                }
                                if (!broadcast && s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                                    reply(s, err, new byte[0], pacer);
                                }
                            });
            case 0x06, 0x08 ->
                    unicast(
                            f.id(),
                            s -> {
                                if (s.get(Register.STATUS_RETURN_LEVEL) == 2) {
                                    reply(s, 0, new byte[0], pacer);
                                }
                                reboot(s);
                            });
            case 0x82 -> {
                if (p.length < 5) {
                    return;
                }
                int address = WireFormat.u16(p, 0);
                int length = WireFormat.u16(p, 2);
                for (int i = 4; i < p.length; i++) {
                    EmulatedServo s = servos.get(p[i] & 0xFF);
                    if (s != null) {
                        readReply(s, address, length, pacer);
                    }
                }
            }
            case 0x83 -> {
                if (p.length < 4) {
                    return;
                }
                int address = WireFormat.u16(p, 0);
                int length = WireFormat.u16(p, 2);
                for (int i = 4; length > 0 && i + 1 + length <= p.length; i += 1 + length) {
                    EmulatedServo s = servos.get(p[i] & 0xFF);
                    if (s != null) {
                        s.write(address, java.util.Arrays.copyOfRange(p, i + 1, i + 1 + length));
                    }
                }
            }
            case 0x92 -> {
                for (int i = 0; i + 5 <= p.length; i += 5) {
                    EmulatedServo s = servos.get(p[i] & 0xFF);
                    if (s != null) {
                        readReply(s, WireFormat.u16(p, i + 1), WireFormat.u16(p, i + 3), pacer);
                    }
                }
            }
            case 0x93 -> {
                int i = 0;
                while (i + 5 <= p.length) {
                    int length = WireFormat.u16(p, i + 3);
                    if (i + 5 + length > p.length) {
                        break;
                    }
                    EmulatedServo s = servos.get(p[i] & 0xFF);
                    if (s != null) {
                        s.write(
                                WireFormat.u16(p, i + 1),
                                java.util.Arrays.copyOfRange(p, i + 5, i + 5 + length));
                    }
                    i += 5 + length;
                }
            }
            default -> unicast(f.id(), s -> reply(s, 0x02, new byte[0], pacer));
        }
    }

    private void reboot(EmulatedServo s) {
        s.set(Register.TORQUE_ENABLE, 0);
        s.set(Register.HARDWARE_ERROR_STATUS, 0);
        s.set(Register.BUS_WATCHDOG, 0);
        s.set(Register.GOAL_POSITION, Math.round(s.positionCounts()));
        registered.remove(s.id());
    }

    private byte[] pingData() {
        return new byte[] {
            (byte) (EmulatedServo.MODEL_XM430_W350 & 0xFF),
            (byte) (EmulatedServo.MODEL_XM430_W350 >> 8),
            (byte) EmulatedServo.FIRMWARE
        };
    }

    private void readReply(EmulatedServo s, int address, int length, Pacer pacer) {
        if (s.get(Register.STATUS_RETURN_LEVEL) == 0) {
            return;
        }
        byte[] data = s.read(address, length);
        if (data == null) {
            reply(s, EmulatedServo.ERR_ACCESS, new byte[0], pacer);
        } else {
            reply(s, 0, data, pacer);
        }
    }

    private void forTargets(int id, java.util.function.Consumer<EmulatedServo> action) {
        if (id == WireFormat.BROADCAST) {
            servos.values().forEach(action);
        } else {
            unicast(id, action);
        }
    }

    private void unicast(int id, java.util.function.Consumer<EmulatedServo> action) {
        EmulatedServo s = servos.get(id);
        if (s != null) {
            action.accept(s);
        }
    }

    private void reply(EmulatedServo s, int error, byte[] data, Pacer pacer) {
        if (!s.responding()) {
            return;
        }
        int errorByte = error | (s.get(Register.HARDWARE_ERROR_STATUS) != 0 ? 0x80 : 0);
        byte[] packet = WireFormat.status(s.id(), errorByte, data);
        long returnDelay = s.get(Register.RETURN_DELAY_TIME) * 2_000L;
        Deque<Fault> q = faults.get(s.id());
        Fault fault = q == null ? null : q.poll();
        if (fault == null) {
            pacer.send(returnDelay, packet);
            return;
        }
        switch (fault) {
            case DROP_REPLY -> pacer.silence(returnDelay);
            case CORRUPT_CRC -> {
                packet[packet.length - 1] ^= 0x01;
                pacer.send(returnDelay, packet);
            }
            case TRUNCATE ->
                    pacer.send(returnDelay, java.util.Arrays.copyOf(packet, packet.length / 2));
            case WRONG_ID ->
                    pacer.send(returnDelay, WireFormat.status(strangerId(), errorByte, data));
            case SPLIT_WITH_GAPS -> {
                int a = packet.length / 3;
                int b = 2 * packet.length / 3;
                pacer.send(returnDelay, java.util.Arrays.copyOfRange(packet, 0, a));
                pacer.send(SPLIT_GAP_NANOS, java.util.Arrays.copyOfRange(packet, a, b));
                pacer.send(SPLIT_GAP_NANOS, java.util.Arrays.copyOfRange(packet, b, packet.length));
            }
            case GARBAGE_BEFORE -> {
                byte[] withGarbage = new byte[GARBAGE.length + packet.length];
                System.arraycopy(GARBAGE, 0, withGarbage, 0, GARBAGE.length);
                System.arraycopy(packet, 0, withGarbage, GARBAGE.length, packet.length);
                pacer.send(returnDelay, withGarbage);
            }
        }
    }

    private int strangerId() {
        for (int id = 252; id >= 0; id--) {
            if (!servos.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("every id is in use");
    }

    /** Computes each transmission's delay: wire time of what went before plus return delays. */
    private final class Pacer {
        private final List<Transmission> out;
        private long owedNanos;

        Pacer(long instructionWireNanos, List<Transmission> out) {
            this.out = out;
            this.owedNanos = instructionWireNanos;
        }

        void send(long extraDelayNanos, byte[] bytes) {
            out.add(new Transmission(owedNanos + extraDelayNanos, bytes));
            owedNanos = wireNanos(bytes.length);
        }

        /** A reply slot that stays silent still takes the bus time the host would wait for it. */
        void silence(long extraDelayNanos) {
            owedNanos += extraDelayNanos;
        }
    }
}
