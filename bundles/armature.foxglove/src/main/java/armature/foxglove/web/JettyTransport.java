package armature.foxglove.web;

import armature.foxglove.hub.Transport;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A Jetty WebSocket session as the hub's transport. */
final class JettyTransport implements Transport {
    private final Session session;

    /** Read at open: after a close the session no longer knows it. */
    private final String remote;

    JettyTransport(Session session) {
        this.session = session;
        this.remote = String.valueOf(session.getRemoteSocketAddress());
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        session.sendText(text, callback(done));
    }

    @Override
    public void sendBinary(ByteBuffer data, Consumer<Throwable> done) {
        session.sendBinary(data, callback(done));
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }

    @Override
    public void abort(int code, String reason) {
        session.close(code, reason, Callback.NOOP);
        session.disconnect();
    }

    @Override
    public String describe() {
        return remote;
    }

    private static Callback callback(Consumer<Throwable> done) {
        return Callback.from(() -> done.accept(null), done::accept);
    }
}
