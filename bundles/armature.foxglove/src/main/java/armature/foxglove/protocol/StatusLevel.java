package armature.foxglove.protocol;

/** The level of a Status message, with its wire code. */
public enum StatusLevel {
    INFO(0),
    WARNING(1),
    ERROR(2);

    private final int code;

    StatusLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
