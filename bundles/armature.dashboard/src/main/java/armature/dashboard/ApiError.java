package armature.dashboard;

/** A request the dashboard refuses: the HTTP status and the text of {@code {"error": ...}}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
