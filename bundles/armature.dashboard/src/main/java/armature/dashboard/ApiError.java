package armature.dashboard;

/** A request the dashboard refuses: the HTTP status and the text of {@code {"error": ...}}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    final long retryAfterSeconds;

    ApiError(int status, String message) {
        this(status, message, 0);
    }

    ApiError(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
