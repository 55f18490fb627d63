package armature.bus.api;

/** A bus operation failed; the message names the topic and the reason. */
public class BusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BusException(String message) {
        super(message);
    }

    public BusException(String message, Throwable cause) {
        super(message, cause);
    }
}
