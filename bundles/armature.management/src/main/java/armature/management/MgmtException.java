package armature.management;

/** A management request that cannot be carried out; the message is sent back to the requester. */
class MgmtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MgmtException(String message) {
        super(message);
    }

    MgmtException(String message, Throwable cause) {
        super(message, cause);
    }
}
