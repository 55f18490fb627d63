package armature.driver.dynamixel.emulator;

import java.util.Arrays;
import java.util.List;

/**
 * Turns one instruction's replies into timed {@link Transmission}s: each waits for the wire time of
 * what went before (the instruction, then earlier replies) plus the servo's return delay, and
 * injected faults reshape the bytes.
 */
final class ReplyPacer {
    static final long SPLIT_GAP_NANOS = 300_000;
    static final byte[] GARBAGE = {0x00, 0x13, (byte) 0xAA, (byte) 0xFF, 0x55};

    private final int baudRate;
    private final boolean paceWire;
    private final List<Transmission> out;
    private long owedNanos;

    /** With {@code paceWire} false only return delays and split gaps are kept (wire time is 0). */
    ReplyPacer(int baudRate, boolean paceWire, long instructionWireNanos, List<Transmission> out) {
        this.baudRate = baudRate;
        this.paceWire = paceWire;
        this.out = out;
        this.owedNanos = instructionWireNanos;
    }

    static long wireNanos(int baudRate, int bytes) {
        return bytes * 10L * 1_000_000_000L / baudRate;
    }

    void send(long extraDelayNanos, byte[] bytes) {
        out.add(new Transmission(owedNanos + extraDelayNanos, bytes));
        owedNanos = paceWire ? wireNanos(baudRate, bytes.length) : 0;
    }

    /** Sends {@code packet} damaged by {@code fault}; {@code fromStranger} is used for WRONG_ID. */
    void sendFaulty(Fault fault, long returnDelayNanos, byte[] packet, byte[] fromStranger) {
        switch (fault) {
            case DROP_REPLY -> owedNanos += returnDelayNanos; // the silent slot still takes time
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
