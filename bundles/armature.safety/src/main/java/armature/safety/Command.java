package armature.safety;

/**
 * One command from a policy or other source. Deliberately not validated on construction: a broken
 * policy must lead to a named rejection event and a hold, never to an exception in the control
 * loop. {@link SafetySupervisor#tick} validates it.
 *
 * <p>The supervisor copies {@code values} when it accepts the command; the caller may reuse the
 * array afterwards.
 *
 * @param sender who sent it: the sender level of the command topic (the broker user name); the
 *     sequence numbers of different senders are independent. {@code null} is rejected.
 * @param epoch the supervisor epoch the command was produced in ({@link
 *     SafetySupervisor#currentEpoch()})
 * @param sequence unsigned 64-bit, per sender within an epoch: above the sender's last applied one
 *     by at most {@code CommandContract.MAX_SEQUENCE_STEP} (the first counts from 0)
 * @param mode what {@code values} mean; {@code null} stands for an unknown mode and is rejected
 * @param values one value per joint, in the supervisor's joint order and the mode's unit
 * @param expiryNanos clock time at which the command must no longer be followed, or {@link
 *     #NO_EXPIRY}
 * @param uncertainty how unsure the sender was, a finite number {@code >= 0} (the user property
 *     {@code armature-uncertainty}), or {@link #NO_UNCERTAINTY} when it has no measure; the
 *     supervisor scales the velocity limits by its {@link UncertaintyCurve} while it follows the
 *     command. Negative or infinite values are rejected.
 */
public record Command(
        String sender,
        long epoch,
        long sequence,
        CommandMode mode,
        double[] values,
        long expiryNanos,
        double uncertainty) {

    /** {@code expiryNanos} value of a command that only the watchdog times out. */
    public static final long NO_EXPIRY = Long.MAX_VALUE;

    /** {@code uncertainty} of a command whose sender has no measure of it. */
    public static final double NO_UNCERTAINTY = Double.NaN;

    /** A command without an uncertainty ({@link #NO_UNCERTAINTY}). */
    public Command(
            String sender,
            long epoch,
            long sequence,
            CommandMode mode,
            double[] values,
            long expiryNanos) {
        this(sender, epoch, sequence, mode, values, expiryNanos, NO_UNCERTAINTY);
    }

    /** The sender of {@link #of}: commands made in the same process (tests, benchmarks). */
    public static final String IN_PROCESS = "in-process";

    /** A command of sender {@link #IN_PROCESS} without its own expiry deadline. */
    public static Command of(long epoch, long sequence, CommandMode mode, double... values) {
        return new Command(IN_PROCESS, epoch, sequence, mode, values, NO_EXPIRY);
    }

    /** A command without its own expiry deadline. */
    public static Command of(
            String sender, long epoch, long sequence, CommandMode mode, double... values) {
        return new Command(sender, epoch, sequence, mode, values, NO_EXPIRY);
    }

    /** This command with {@code uncertainty} instead of its own. */
    public Command withUncertainty(double uncertainty) {
        return new Command(sender, epoch, sequence, mode, values, expiryNanos, uncertainty);
    }

    /** Whether the command carries an uncertainty (anything but NaN). */
    public boolean hasUncertainty() {
        return !Double.isNaN(uncertainty);
    }

    /** Whether the command carries its own expiry deadline. */
    public boolean hasExpiry() {
        return expiryNanos != NO_EXPIRY;
    }
}
