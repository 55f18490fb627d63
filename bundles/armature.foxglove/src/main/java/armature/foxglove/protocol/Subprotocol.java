package armature.foxglove.protocol;

import java.util.List;
import java.util.Optional;

/** The WebSocket subprotocol of the Foxglove WebSocket protocol, version 1. */
public final class Subprotocol {
    /** What a client must offer in {@code Sec-WebSocket-Protocol}. */
    public static final String V1 = "foxglove.websocket.v1";

    private Subprotocol() {}

    /**
     * The subprotocol to accept from those a client offers: {@link #V1}, or none (the upgrade is
     * refused; a client that offers nothing or something else speaks another protocol).
     */
    public static Optional<String> select(List<String> offered) {
        return offered != null && offered.contains(V1) ? Optional.of(V1) : Optional.empty();
    }
}
