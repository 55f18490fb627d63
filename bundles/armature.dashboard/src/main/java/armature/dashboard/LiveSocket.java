package armature.dashboard;

import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** One page's live WebSocket (public: Jetty calls its listener methods through method handles). */
public final class LiveSocket implements Session.Listener.AutoDemanding {
    private volatile Session session;

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        send(Map.of("type", "hello"));
    }

    void send(Object message) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        try {
            s.sendText(JsonReplies.JSON.writeValueAsString(message), Callback.NOOP);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + message, e);
        }
    }
}
