package armature.dashboard;

import jakarta.servlet.Servlet;
import java.time.Duration;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.osgi.service.component.annotations.Component;

/**
 * {@code WS /api/live}: the live bridge's WebSocket (PLAN decision 5). A Jetty WebSocket servlet on
 * the servlet whiteboard; the http feature turns Jetty's WebSocket support on ({@code
 * org.apache.felix.jetty.websocket.enable}).
 */
@Component(
        name = "armature.dashboard.live",
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/api/live",
            "osgi.http.whiteboard.servlet.name=armature.dashboard.live",
            "osgi.http.whiteboard.servlet.asyncSupported=true"
        })
public final class LiveServlet extends JettyWebSocketServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setIdleTimeout(Duration.ofMinutes(5));
        factory.setCreator((req, resp) -> new LiveSocket());
    }
}
