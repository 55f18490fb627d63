package armature.driver.dynamixel.serial;

/**
 * Reply deadlines computed from the wire: bytes at 10 bits each (8N1 plus start bit), the servos'
 * return delay before each reply, and a fixed allowance for the host side (USB adapter latency
 * timer, OS scheduling). A pty moves bytes at memory speed whatever its configured rate, so the
 * allowance dominates there; on a real 57600 bps bus the wire time does.
 *
 * @param baudRate configured bits per second
 * @param returnDelayMicros the servos' Return Delay Time in microseconds (0..508)
 * @param hostLatencyMicros allowance for adapter and scheduler latency per transaction
 */
public record BusTiming(int baudRate, int returnDelayMicros, int hostLatencyMicros) {
    public BusTiming {
        if (baudRate < 9600 || baudRate > 10_500_000) {
            throw new IllegalArgumentException(
                    "baudRate=" + baudRate + " is outside 9600..10500000");
        }
        if (returnDelayMicros < 0 || returnDelayMicros > 508) {
            throw new IllegalArgumentException(
                    "returnDelayMicros=" + returnDelayMicros + " is outside 0..508");
        }
        if (hostLatencyMicros < 0 || hostLatencyMicros > 1_000_000) {
            throw new IllegalArgumentException(
                    "hostLatencyMicros=" + hostLatencyMicros + " is outside 0..1000000");
        }
    }

    /** Nanoseconds one byte occupies on the wire. */
    public double byteTimeNanos() {
        return 10.0 * 1e9 / baudRate;
    }

    /**
     * Deadline in nanoseconds for a transaction that sends {@code requestBytes} and expects {@code
     * replies} status packets of {@code replyBytesEach} bytes, counted from the start of sending.
     */
    public long transactionTimeoutNanos(int requestBytes, int replies, int replyBytesEach) {
        double wire = (requestBytes + (double) replies * replyBytesEach) * byteTimeNanos();
        double delays = replies * returnDelayMicros * 1e3;
        return (long) Math.ceil(wire + delays) + hostLatencyMicros * 1_000L;
    }

    /**
     * How long the line must stay silent before a resync considers stale replies gone: the time of
     * a maximal status packet plus one return delay, at least the host allowance.
     */
    public long quietNanos() {
        return (long) (64 * byteTimeNanos())
                + returnDelayMicros * 1_000L
                + hostLatencyMicros * 1_000L;
    }
}
