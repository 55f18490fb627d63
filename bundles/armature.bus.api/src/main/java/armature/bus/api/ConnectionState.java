package armature.bus.api;

/** Connection state of the bus to its broker. */
public enum ConnectionState {
    CONNECTING,
    CONNECTED,
    /** Lost the broker; reconnecting with backoff. Publications fail fast meanwhile. */
    RECONNECTING,
    /**
     * Gave up for good: the broker handed this client's session to another client with the same
     * client id (MQTT 5 reason 0x8E). The bus does not reconnect; the implementation's last error
     * says why. Only closing follows.
     */
    FAILED,
    /** Closed by its owner. */
    CLOSED
}
