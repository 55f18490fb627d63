package armature.control.loop;

import armature.bus.codec.CodecException;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.control.api.CommandContract;
import armature.control.api.UserProperties;
import armature.safety.Command;
import armature.safety.CommandMode;
import java.time.Duration;

/**
 * Decodes joint command frames ({@link FrameKind#JOINT_COMMAND}, one channel of one value per
 * joint, any element type: float64 and float32 alike) into supervisor commands. The frame header
 * carries epoch and sequence; the sender comes from the topic; the mode comes from the user
 * property {@link UserProperties#COMMAND_MODE} (default position); the optional user property
 * {@link UserProperties#UNCERTAINTY} becomes the command's uncertainty; the MQTT 5 message expiry
 * interval becomes the command's expiry deadline, counted from reception.
 *
 * <p>Shape and range are deliberately not checked here: the supervisor rejects wrong lengths and
 * out-of-range values with named events. Only bytes that are not a command frame at all, an unknown
 * mode and a malformed uncertainty are refused here. Not thread-safe (one instance per delivery
 * thread).
 */
public final class CommandFrames {
    /** The user property naming the command mode ({@link UserProperties#COMMAND_MODE}). */
    public static final String MODE_PROPERTY = UserProperties.COMMAND_MODE;

    /** The user property carrying the sender's uncertainty ({@link UserProperties#UNCERTAINTY}). */
    public static final String UNCERTAINTY_PROPERTY = UserProperties.UNCERTAINTY;

    private final FrameReader reader = new FrameReader();

    /** {@link #decode(String, byte[], String, String, Duration, long)} without an uncertainty. */
    public Command decode(
            String sender,
            byte[] payload,
            String modeProperty,
            Duration expiry,
            long receivedNanos) {
        return decode(sender, payload, modeProperty, null, expiry, receivedNanos);
    }

    /**
     * @param sender the sender level of the command topic
     * @param payload the message payload
     * @param modeProperty value of {@link #MODE_PROPERTY}, or {@code null} for position
     * @param uncertaintyProperty value of {@link #UNCERTAINTY_PROPERTY}, or {@code null} for none
     * @param expiry the message's remaining expiry interval as delivered, or {@code null}
     * @param receivedNanos when the message was received, on the loop's clock
     * @throws IllegalArgumentException naming the problem when the payload is not a command frame
     *     or the mode is unknown, or the uncertainty is malformed (never read as 0)
     */
    public Command decode(
            String sender,
            byte[] payload,
            String modeProperty,
            String uncertaintyProperty,
            Duration expiry,
            long receivedNanos) {
        try {
            reader.wrap(payload);
        } catch (CodecException e) {
            throw new IllegalArgumentException("command frame: " + e.getMessage(), e);
        }
        if (reader.kind() != FrameKind.JOINT_COMMAND) {
            throw new IllegalArgumentException(
                    "command frame kind = " + reader.kind() + "; allowed: JOINT_COMMAND");
        }
        if (reader.channels() != 1) {
            throw new IllegalArgumentException(
                    "command frame channels = " + reader.channels() + "; allowed: exactly 1");
        }
        CommandMode mode = mode(modeProperty);
        double uncertainty = CommandContract.parseUncertainty(uncertaintyProperty);
        double[] values = new double[reader.elementsPerChannel()];
        for (int i = 0; i < values.length; i++) {
            values[i] = reader.get(0, i);
        }
        long expiryNanos = Command.NO_EXPIRY;
        if (expiry != null) {
            long ns = expiry.toNanos();
            expiryNanos =
                    receivedNanos + ns < receivedNanos ? Command.NO_EXPIRY : receivedNanos + ns;
        }
        return new Command(
                sender, reader.epoch(), reader.sequence(), mode, values, expiryNanos, uncertainty);
    }

    static CommandMode mode(String property) {
        return switch (armature.control.api.CommandMode.parse(property)) {
            case POSITION -> CommandMode.POSITION;
            case VELOCITY -> CommandMode.VELOCITY;
            case EFFORT -> CommandMode.EFFORT;
        };
    }
}
