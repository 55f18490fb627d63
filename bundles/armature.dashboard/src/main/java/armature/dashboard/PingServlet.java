package armature.dashboard;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code GET /api/ping}: answers without a login, so that a probe (and the tests) can tell that the
 * dashboard is served before anyone logs in.
 */
@Component(
        name = "armature.dashboard.ping",
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/api/ping",
            "osgi.http.whiteboard.servlet.name=armature.dashboard.ping"
        })
public final class PingServlet extends ReadOnlyServlet {
    private static final long serialVersionUID = 1L;
    private final transient String containerId;

    @Activate
    public PingServlet(BundleContext context) {
        this.containerId = String.valueOf(context.getProperty("armature.container.id"));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("container", containerId);
        JsonReplies.ok(resp, body);
    }
}
