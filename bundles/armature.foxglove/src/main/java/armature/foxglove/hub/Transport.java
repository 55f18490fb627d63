package armature.foxglove.hub;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One client connection as the hub sees it (a Jetty WebSocket session in the container, a list in
 * tests). Sends are asynchronous: {@code done} runs once per send, with {@code null} on success or
 * the failure; the hub never has more than one send in flight per client.
 */
public interface Transport {
    void sendText(String text, Consumer<Throwable> done);

    void sendBinary(ByteBuffer data, Consumer<Throwable> done);

    /** Closes the connection with a WebSocket close code and reason. */
    void close(int code, String reason);

    /**
     * Ends the connection of a client that reads nothing: the close frame may never get through, so
     * the connection is dropped too.
     */
    default void abort(int code, String reason) {
        close(code, reason);
    }

    /** Who is connected, for logs (the remote address). */
    String describe();
}
