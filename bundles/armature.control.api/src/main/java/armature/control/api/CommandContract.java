package armature.control.api;

/**
 * The rules a joint command stream must follow to be applied (ADR 0070, {@code docs/control.md}).
 *
 * <ul>
 *   <li><b>Topic and sender.</b> Frames go to {@link LoopTopics#command(String)} with the sender's
 *       broker user name as the last level.
 *   <li><b>Frame.</b> A JOINT_COMMAND frame (ADR 0003) with one channel holding one value per joint
 *       in the loop's joint order (the order of the state frame), float32 or float64; NaN and
 *       infinity are rejected. The mode is the user property {@link UserProperties#COMMAND_MODE}.
 *   <li><b>Epoch.</b> The frame header's epoch (unsigned 32-bit, never 0) must be the loop's
 *       current epoch: read it from the newest state frame or the retained {@link
 *       LoopTopics#supervisor()} document. Epochs come from a counter persisted before each epoch
 *       is used, so they do not repeat across restarts: a frame stamped before a restart or a
 *       driver swap is never applied. A loop whose counter file is gone starts at a random epoch in
 *       [{@link #MIN_RANDOM_EPOCH}, {@link #MAX_RANDOM_EPOCH}).
 *   <li><b>Sequence.</b> The header's sequence number is an unsigned 64-bit counter, per sender
 *       within an epoch: each applied frame must be above the sender's last applied one and at most
 *       {@link #MAX_SEQUENCE_STEP} above it (the first frame of an epoch counts from 0). A
 *       restarted sender continues above the floor in the retained supervisor document ({@code
 *       senders.<name>}). One sender's numbers never affect another's.
 *   <li><b>Rate.</b> The watchdog holds the joints when no command was applied for the loop's hold
 *       timeout (default {@value #DEFAULT_HOLD_TIMEOUT_MILLIS} ms) and goes to the safe state after
 *       the safe-state timeout (default {@value #DEFAULT_SAFE_STATE_TIMEOUT_MILLIS} ms): stream at
 *       {@value #RECOMMENDED_COMMAND_RATE_HZ} Hz or faster, never below {@value
 *       #MIN_COMMAND_RATE_HZ} Hz with the defaults.
 *   <li><b>Expiry.</b> An MQTT 5 message expiry interval, if set, is the frame's deadline from
 *       reception; an expired frame is rejected.
 *   <li><b>Uncertainty.</b> The optional user property {@link UserProperties#UNCERTAINTY} says how
 *       unsure the sender was ({@link #parseUncertainty}); the supervisor slows the joints down as
 *       it rises. A malformed value refuses the frame; a sender that sent it earlier in an unbroken
 *       stream and then leaves it out is treated as most unsure (docs/control.md).
 *   <li><b>Timestamp.</b> The frame header's timestamp is the sender's own clock in nanoseconds,
 *       carried for latency measurement; the loop does not interpret it.
 * </ul>
 */
public final class CommandContract {
    /** Smallest epoch a loop without a persisted epoch counter starts at (2^31). */
    public static final long MIN_RANDOM_EPOCH = 1L << 31;

    /**
     * Bound (exclusive) of a random first epoch: leaves 2^24 epochs before the 32-bit counter wraps
     * back to 1.
     */
    public static final long MAX_RANDOM_EPOCH = (1L << 32) - (1L << 24);

    /** Largest epoch; the one after it is 1 (0 is never an epoch). */
    public static final long MAX_EPOCH = 0xFFFF_FFFFL;

    /** Largest step between a sender's consecutive applied sequence numbers. */
    public static final long MAX_SEQUENCE_STEP = 1L << 32;

    /** Senders a loop keeps sequence floors for within one epoch; more are refused. */
    public static final int MAX_SENDERS_PER_EPOCH = 64;

    /** Default watchdog hold timeout of a loop. */
    public static final long DEFAULT_HOLD_TIMEOUT_MILLIS = 100;

    /** Default watchdog safe-state timeout of a loop. */
    public static final long DEFAULT_SAFE_STATE_TIMEOUT_MILLIS = 2000;

    /** Lowest command rate that keeps a loop with the default hold timeout out of HOLDING. */
    public static final int MIN_COMMAND_RATE_HZ = 10;

    /** The rate the CLI and the examples stream at. */
    public static final int RECOMMENDED_COMMAND_RATE_HZ = 50;

    // JSON's number grammar without a sign: no NaN, Infinity, hex, '+' or blanks.
    private static final java.util.regex.Pattern UNCERTAINTY_SYNTAX =
            java.util.regex.Pattern.compile("(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** What {@link #parseUncertainty} accepts, in words for error messages. */
    public static final String UNCERTAINTY_ALLOWED =
            "a finite decimal number >= 0 such as 0.12 (leave the property out when there is no"
                    + " measure)";

    private CommandContract() {}

    /** The epoch after {@code epoch}: one more, or 1 after {@link #MAX_EPOCH}. */
    public static long epochAfter(long epoch) {
        return epoch >= MAX_EPOCH || epoch < 1 ? 1 : epoch + 1;
    }

    /**
     * Whether {@code sequence} may follow {@code lastApplied} for one sender: above it, unsigned,
     * by at most {@link #MAX_SEQUENCE_STEP}.
     */
    public static boolean sequenceAcceptable(long lastApplied, long sequence) {
        return Long.compareUnsigned(sequence, lastApplied) > 0
                && Long.compareUnsigned(sequence - lastApplied, MAX_SEQUENCE_STEP) <= 0;
    }

    /**
     * Reads the user property {@link UserProperties#UNCERTAINTY}: {@code null} (absent) is NaN, no
     * measure; otherwise a decimal number in JSON's syntax without a sign ({@code 0}, {@code 0.12},
     * {@code 1.5e-3}) whose value is finite.
     *
     * @throws IllegalArgumentException naming the property, the value and what is allowed, for
     *     anything else: empty, negative, NaN, infinity, or a number too large for a double. A
     *     malformed value is never read as 0.
     */
    public static double parseUncertainty(String property) {
        if (property == null) {
            return Double.NaN;
        }
        if (property.length() <= 64 && UNCERTAINTY_SYNTAX.matcher(property).matches()) {
            double u = Double.parseDouble(property);
            if (Double.isFinite(u)) {
                return u;
            }
        }
        throw new IllegalArgumentException(
                UserProperties.UNCERTAINTY
                        + " = '"
                        + (property.length() <= 64 ? property : property.substring(0, 64) + "...")
                        + "'; allowed: "
                        + UNCERTAINTY_ALLOWED);
    }

    /**
     * The property value for {@code uncertainty}, or {@code null} (leave the property out) when it
     * is NaN.
     *
     * @throws IllegalArgumentException when it is negative or infinite
     */
    public static String uncertaintyProperty(double uncertainty) {
        if (Double.isNaN(uncertainty)) {
            return null;
        }
        if (!(uncertainty >= 0) || Double.isInfinite(uncertainty)) {
            throw new IllegalArgumentException(
                    "uncertainty = " + uncertainty + "; allowed: " + UNCERTAINTY_ALLOWED);
        }
        return Double.toString(uncertainty == 0 ? 0.0 : uncertainty); // -0.0 is written as 0.0
    }
}
