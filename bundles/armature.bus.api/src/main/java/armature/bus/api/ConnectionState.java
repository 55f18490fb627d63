package armature.bus.api;

/** Connection state of the bus to its broker. */
public enum ConnectionState {
    CONNECTING,
    CONNECTED,
    /** Lost the broker; reconnecting with backoff. Publications fail fast meanwhile. */
    RECONNECTING,
    CLOSED
}
