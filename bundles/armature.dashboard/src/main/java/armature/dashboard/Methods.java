package armature.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The HTTP methods a dashboard servlet serves. Any other is answered here, in JSON like every other
 * refusal, with the {@code Allow} header: 405 (Jetty's own answer was an empty 405 for PUT and
 * DELETE, 501 for PATCH, and an {@code OPTIONS} that listed TRACE, which is refused); {@code
 * OPTIONS} gets 204 with the methods, and no CORS header, so other sites' pages still may not call.
 */
public final class Methods {
    private Methods() {}

    /**
     * Answers a request whose method is not one of {@code allowed}; returns whether it did (the
     * servlet then does nothing more).
     */
    public static boolean refused(
            HttpServletRequest req, HttpServletResponse resp, List<String> allowed)
            throws IOException {
        String method = req.getMethod();
        if (allowed.contains(method)) {
            return false;
        }
        String allow = String.join(", ", allowed);
        resp.setHeader("Allow", allow);
        if ("OPTIONS".equals(method)) {
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return true;
        }
        JsonReplies.send(
                resp,
                HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                Map.of(
                        "error",
                        method + " " + req.getRequestURI() + " is not served; allowed: " + allow));
        return true;
    }
}
