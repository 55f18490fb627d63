package armature.bus.api;

/** Content types Armature sets on every message it publishes. */
public final class ContentTypes {
    /** UTF-8 JSON, for low-rate and third-party messages. */
    public static final String JSON = "application/json";

    /**
     * The compact binary numeric frame for high-rate streams (joint states, commands, observations,
     * actions); layout in docs/adr/0003-binary-frame-format.md.
     */
    public static final String FRAME = "application/vnd.armature.frame.v1";

    /** Plain UTF-8 text. */
    public static final String TEXT = "text/plain; charset=utf-8";

    /** Opaque bytes (for example a bundle jar). */
    public static final String OCTETS = "application/octet-stream";

    private ContentTypes() {}
}
