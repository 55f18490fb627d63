package armature.foxglove.protocol;

/**
 * A client message the server cannot use; the message names the field, the value and what is
 * allowed, and is sent back to the client as an error Status.
 */
public final class ProtocolException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
