package armature.dashboard;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * A dashboard servlet that only reads: GET and HEAD; any other method is refused by {@link
 * Methods}.
 */
public abstract class ReadOnlyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final List<String> ALLOWED = List.of("GET", "HEAD");

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp)
            throws ServletException, IOException {
        if (!Methods.refused(req, resp, ALLOWED)) {
            super.service(req, resp);
        }
    }
}
