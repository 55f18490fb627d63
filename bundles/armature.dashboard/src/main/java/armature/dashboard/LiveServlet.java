package armature.dashboard;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code WS /api/live}: the live bridge's WebSocket (PLAN decision 5), for a logged-in session (its
 * cookie); 401 without one, 403 for a browser page of another origin ({@link Origins}). A Jetty
 * WebSocket servlet on the servlet whiteboard; the launcher turns Jetty's WebSocket support on
 * ({@code org.apache.felix.jetty.websocket.enable}).
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
    private final transient Dashboard dashboard;

    @Activate
    public LiveServlet(@Reference Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    /**
     * Refuses before the upgrade, in JSON like every other dashboard refusal (Jetty's upgrade
     * refusals are HTML pages); the creator below checks the same again for the upgrade itself.
     */
    @Override
    protected void service(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse resp)
            throws jakarta.servlet.ServletException, java.io.IOException {
        String origin = req.getHeader("Origin");
        if (!Origins.allowed(origin, req.getHeader("Host"))) {
            JsonReplies.error(
                    resp,
                    HttpServletResponse.SC_FORBIDDEN,
                    "cross-origin WebSocket refused: Origin '"
                            + origin
                            + "' is not this dashboard");
            return;
        }
        if (dashboard.sessions().find(ApiServlet.sessionToken(req)) == null) {
            JsonReplies.error(
                    resp, HttpServletResponse.SC_UNAUTHORIZED, "log in first (POST /api/login)");
            return;
        }
        super.service(req, resp);
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setIdleTimeout(Duration.ofMinutes(5));
        factory.setCreator(
                (req, resp) -> {
                    String origin = req.getHeader("Origin");
                    if (!Origins.allowed(origin, req.getHeader("Host"))) {
                        resp.sendError(
                                HttpServletResponse.SC_FORBIDDEN,
                                "cross-origin WebSocket refused: Origin '"
                                        + origin
                                        + "' is not this dashboard");
                        return null;
                    }
                    DashSession s =
                            dashboard
                                    .sessions()
                                    .find(ApiServlet.sessionToken(req.getHttpServletRequest()));
                    if (s == null) {
                        resp.sendError(
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "log in first (POST /api/login)");
                        return null;
                    }
                    return dashboard.feed(s).newSocket();
                });
    }
}
