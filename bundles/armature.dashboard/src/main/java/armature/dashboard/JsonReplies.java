package armature.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** Writes the dashboard's JSON replies: a document, or {@code {"error": "..."}} with a status. */
final class JsonReplies {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonReplies() {}

    static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        // Replies carry live state: a cached one would be a lie.
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void ok(HttpServletResponse resp, Object body) throws IOException {
        send(resp, HttpServletResponse.SC_OK, body);
    }

    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        send(resp, status, Map.of("error", message));
    }
}
