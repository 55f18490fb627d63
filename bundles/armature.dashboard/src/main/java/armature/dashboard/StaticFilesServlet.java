package armature.dashboard;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import org.osgi.service.component.annotations.Component;

/**
 * The page: files under {@code web/} in this bundle (index.html, app.js, app.css, built at build
 * time; nothing is fetched from elsewhere) at {@code /}. Registered as the default servlet ({@code
 * /}), so every more specific pattern, such as {@code /api/*}, wins over it.
 */
@Component(
        name = "armature.dashboard.files",
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/",
            "osgi.http.whiteboard.servlet.name=armature.dashboard.files"
        })
public final class StaticFilesServlet extends ReadOnlyServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        String resource = StaticFiles.resource(path);
        URL url =
                resource == null
                        ? null
                        : StaticFilesServlet.class.getClassLoader().getResource(resource);
        if (url == null) {
            JsonReplies.error(resp, HttpServletResponse.SC_NOT_FOUND, "no such page: " + path);
            return;
        }
        resp.setContentType(StaticFiles.contentType(resource));
        // The page changes with the bundle, not with time: revalidate on each load.
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = url.openStream()) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
