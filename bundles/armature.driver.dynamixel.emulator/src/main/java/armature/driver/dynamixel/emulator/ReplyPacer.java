package armature.driver.dynamixel.emulator;

import java.util.Arrays;
import java.util.List;

/**
 * The half-duplex bus as a timeline, for the instructions of one {@link ServoChainEmulator#receive}
 * call. Times are offsets from the moment the bytes were received. Every byte on the wire, in
 * either direction, costs 10 bit times (start, 8 data, stop): an instruction occupies the bus from
 * when it could start (the bus is free) for its whole length; a status packet starts after the
 * servo's return delay, counted from the end of what was on the wire before it, and is handed out
 * as a {@link Transmission} only when its last byte would have arrived (ADR 0078). Injected faults
 * reshape the bytes but are charged the same way.
 */
final class ReplyPacer {
    static final long SPLIT_GAP_NANOS = 300_000;
    static final byte[] GARBAGE = {0x00, 0x13, (byte) 0xAA, (byte) 0xFF, 0x55};

    private final int baudRate;
    private final boolean paceWire;
    private final List<Transmission> out;

    /** When the wire is next free (the end of the last instruction or status byte). */
    private long wireFreeAtNanos;

    /** When the previous transmission was handed out; delays are relative to it. */
    private long lastDeliveredAtNanos;

    /**
     * @param busBusyForNanos how long the wire stays busy with bytes from earlier calls (>= 0)
     * @param paceWire false: wire time is 0, only return delays and split gaps are kept
     */
    ReplyPacer(int baudRate, boolean paceWire, long busBusyForNanos, List<Transmission> out) {
        this.baudRate = baudRate;
        this.paceWire = paceWire;
        this.out = out;
        this.wireFreeAtNanos = Math.max(0, busBusyForNanos);
    }

    /**
     * Nanoseconds {@code bytes} bytes occupy the wire at {@code baudRate}, rounded up so that the
     * emulator never delivers early.
     */
    static long wireNanos(int baudRate, int bytes) {
        return (bytes * 10L * 1_000_000_000L + baudRate - 1) / baudRate;
    }

    private long wire(int bytes) {
        return paceWire ? wireNanos(baudRate, bytes) : 0;
    }

    /** The host's instruction of {@code wireBytes} bytes goes on the wire as soon as it is free. */
    void instruction(int wireBytes) {
        wireFreeAtNanos += wire(wireBytes);
    }

    /** Offset from the receive moment at which the wire falls silent after everything so far. */
    long wireFreeAtNanos() {
        return wireFreeAtNanos;
    }

    /**
     * A packet (or piece) that starts {@code gapNanos} after the wire falls silent and is delivered
     * when its last byte is in.
     */
    void send(long gapNanos, byte[] bytes) {
        long lastByteInAt = wireFreeAtNanos + gapNanos + wire(bytes.length);
        out.add(new Transmission(lastByteInAt - lastDeliveredAtNanos, bytes));
        lastDeliveredAtNanos = lastByteInAt;
        wireFreeAtNanos = lastByteInAt;
    }

    /** Sends {@code packet} damaged by {@code fault}; {@code fromStranger} is used for WRONG_ID. */
    void sendFaulty(Fault fault, long returnDelayNanos, byte[] packet, byte[] fromStranger) {
        switch (fault) {
            case DROP_REPLY -> wireFreeAtNanos += returnDelayNanos; // the silent slot takes time
            case CORRUPT_CRC -> {
                byte[] bad = packet.clone();
                bad[bad.length - 1] ^= 0x01;
                send(returnDelayNanos, bad);
            }
            case TRUNCATE -> send(returnDelayNanos, Arrays.copyOf(packet, packet.length / 2));
            case WRONG_ID -> send(returnDelayNanos, fromStranger);
            case SPLIT_WITH_GAPS -> {
                int a = packet.length / 3;
                int b = 2 * packet.length / 3;
                send(returnDelayNanos, Arrays.copyOfRange(packet, 0, a));
                send(SPLIT_GAP_NANOS, Arrays.copyOfRange(packet, a, b));
                send(SPLIT_GAP_NANOS, Arrays.copyOfRange(packet, b, packet.length));
            }
            case GARBAGE_BEFORE -> {
                byte[] withGarbage = new byte[GARBAGE.length + packet.length];
                System.arraycopy(GARBAGE, 0, withGarbage, 0, GARBAGE.length);
                System.arraycopy(packet, 0, withGarbage, GARBAGE.length, packet.length);
                send(returnDelayNanos, withGarbage);
            }
        }
    }
}
