package armature.foxglove.web;

import armature.foxglove.hub.ClientSession;
import armature.foxglove.hub.FoxgloveHub;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One accepted WebSocket connection, handed to the hub (public: Jetty calls it through method
 * handles).
 */
public final class FoxgloveSocket implements Session.Listener.AutoDemanding {
    private final FoxgloveHub hub;
    private volatile ClientSession client;

    FoxgloveSocket(FoxgloveHub hub) {
        this.hub = hub;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        client = hub.open(new JettyTransport(session));
    }

    @Override
    public void onWebSocketText(String message) {
        ClientSession c = client;
        if (c != null) {
            hub.onText(c, message);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        ClientSession c = client;
        if (c != null) {
            hub.onBinary(c);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed();
    }

    private void closed() {
        ClientSession c = client;
        if (c != null) {
            hub.close(c);
        }
    }
}
