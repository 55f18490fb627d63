package armature.dashboard;

import armature.bus.api.ContentTypes;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.Names;
import armature.control.api.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The page's REST endpoints under {@code /api/} (docs/dashboard.md): login and session, status,
 * loops, e-stop, features, deploy and configuration. Every action is done by the session's own bus
 * client, so the broker's rules for the user decide, as for the CLI. A POST must carry {@code
 * X-Armature: 1} (a cross-site form cannot set it); errors are {@code {"error": "..."}}.
 */
@Component(
        name = "armature.dashboard.api",
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=/api/*",
            "osgi.http.whiteboard.servlet.name=armature.dashboard.api",
            "osgi.http.whiteboard.servlet.multipart.enabled=true",
            "osgi.http.whiteboard.servlet.multipart.maxFileSize=" + ApiServlet.MAX_JAR_BYTES
        })
public final class ApiServlet extends HttpServlet {

    @Override
    protected void service(
            jakarta.servlet.http.HttpServletRequest req,
            jakarta.servlet.http.HttpServletResponse resp)
            throws jakarta.servlet.ServletException, java.io.IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (!Methods.refused(req, resp, allowed(List.of(path.substring(1).split("/", -1))))) {
            super.service(req, resp);
        }
    }

    /** The methods an endpoint takes, as the Allow header names them. */
    static List<String> allowed(List<String> p) {
        if (otherMethod(p, false) != null) {
            return List.of("POST"); // POST only
        }
        if (otherMethod(p, true) != null) {
            return List.of("GET", "HEAD"); // GET only
        }
        return List.of("GET", "HEAD", "POST");
    }

    private static final long serialVersionUID = 1L;

    /** The largest jar a deploy takes: management's request limit, which carries it as it is. */
    static final long MAX_JAR_BYTES = 64L * 1024 * 1024;

    /** The largest JSON body an endpoint reads. */
    static final int MAX_JSON_BYTES = 1 << 20;

    /** The session cookie (HttpOnly, SameSite=Strict). */
    static final String COOKIE = "armature_session";

    /** The header every POST carries (CSRF guard). */
    static final String CSRF_HEADER = "X-Armature";

    private final transient Dashboard dashboard;

    @Activate
    public ApiServlet(@Reference Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    static String sessionToken(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, false);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, true);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, boolean post)
            throws IOException {
        try {
            if (post && !"1".equals(req.getHeader(CSRF_HEADER))) {
                throw new ApiError(
                        HttpServletResponse.SC_FORBIDDEN,
                        "a POST must carry the header " + CSRF_HEADER + ": 1");
            }
            String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
            List<String> p = List.of(path.substring(1).split("/", -1));
            if (post && path.equals("/login")) {
                login(req, resp);
                return;
            }
            if (!post && path.equals("/session")) {
                dashboard.pageOpened();
            }
            String token = sessionToken(req);
            DashSession s = dashboard.sessions().find(token);
            if (s == null) {
                throw new ApiError(
                        HttpServletResponse.SC_UNAUTHORIZED,
                        dashboard
                                .sessions()
                                .endedWhy(token)
                                .orElse(
                                        "not logged in (or the session was idle too long): POST"
                                                + " /api/login"));
            }
            if (!post && p.size() == 3 && p.get(0).equals("cameras") && p.get(2).equals("frame")) {
                frame(resp, s, name(p.get(1), "camera"), seq(req.getParameter("seq")));
                return;
            }
            JsonReplies.ok(resp, route(req, resp, post, p, s));
        } catch (ApiError e) {
            if (e.retryAfterSeconds > 0) {
                resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds));
            }
            JsonReplies.error(resp, e.status, e.getMessage());
        } catch (RuntimeException e) {
            JsonReplies.error(
                    resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, String.valueOf(e));
        }
    }

    private Object route(
            HttpServletRequest req,
            HttpServletResponse resp,
            boolean post,
            List<String> p,
            DashSession s)
            throws IOException {
        String head = p.get(0);
        int n = p.size();
        if (post && head.equals("logout") && n == 1) {
            dashboard.sessions().remove(s.token);
            resp.addHeader(
                    "Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
            return Map.of("user", s.user, "loggedOut", true);
        }
        if (!post && head.equals("session") && n == 1) {
            return sessionDoc(s);
        }
        if (!post && head.equals("status") && n == 1) {
            return status(s);
        }
        if (!post && head.equals("loops") && n == 1) {
            return LoopsReport.read(s.bus);
        }
        if (post && head.equals("estop") && n == 3) {
            return Map.of(
                    "estop",
                    EStops.request(
                            s,
                            ContainerTopics.of(s.bus.containerId()).loop(name(p.get(1), "loop")),
                            p.get(2),
                            dashboard.timeout()));
        }
        if (head.equals("features")) {
            requireOperator(s, "manage features");
            if (!post && n == 1) {
                return Management.request(
                        s.bus, ManagementOperation.FEATURES_LIST, Map.of(), dashboard.timeout());
            }
            if (post && n == 3 && (p.get(2).equals("install") || p.get(2).equals("uninstall"))) {
                ManagementOperation op =
                        p.get(2).equals("install")
                                ? ManagementOperation.FEATURES_INSTALL
                                : ManagementOperation.FEATURES_UNINSTALL;
                return Management.request(
                        s.bus, op, Map.of("name", p.get(1)), dashboard.timeout().multipliedBy(6));
            }
        }
        if (post && head.equals("deploy") && n == 1) {
            requireOperator(s, "deploy bundles");
            return Management.request(
                    s.bus,
                    ManagementOperation.BUNDLES_INSTALL,
                    jar(req),
                    ContentTypes.OCTETS,
                    dashboard.timeout().multipliedBy(6));
        }
        if (head.equals("config") && n == 2) {
            requireOperator(s, "read or change configuration");
            String pid = p.get(1);
            if (pid.isEmpty()) {
                throw new ApiError(
                        HttpServletResponse.SC_BAD_REQUEST,
                        "no configuration PID in the path: /api/config/<pid>");
            }
            if (!post) {
                return Management.request(
                        s.bus,
                        ManagementOperation.CONFIG_GET,
                        Map.of("pid", pid),
                        dashboard.timeout());
            }
            JsonNode body = readJson(req);
            if (!body.isObject()) {
                throw new ApiError(
                        HttpServletResponse.SC_BAD_REQUEST,
                        "config set needs a JSON object {\"key\": value, ...}");
            }
            Map<String, Object> req2 = new LinkedHashMap<>();
            req2.put("pid", pid);
            req2.put("properties", body);
            return Management.request(
                    s.bus, ManagementOperation.CONFIG_SET, req2, dashboard.timeout());
        }
        String other = otherMethod(p, post);
        if (other != null) {
            resp.setHeader("Allow", other);
            throw new ApiError(
                    HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    req.getMethod()
                            + " /api/"
                            + String.join("/", p)
                            + ": this endpoint takes "
                            + other);
        }
        throw new ApiError(
                HttpServletResponse.SC_NOT_FOUND,
                "no endpoint "
                        + req.getMethod()
                        + " /api/"
                        + String.join("/", p)
                        + " (docs/dashboard.md)");
    }

    /**
     * The method an endpoint of this path takes when it is not the one asked for (a GET of a POST
     * endpoint, or the reverse), or null when no endpoint has this path.
     */
    static String otherMethod(List<String> p, boolean post) {
        String head = p.get(0);
        int n = p.size();
        boolean getOnly =
                n == 1 && List.of("session", "status", "loops").contains(head)
                        || n == 1 && head.equals("features");
        boolean postOnly =
                n == 1 && List.of("login", "logout", "deploy").contains(head)
                        || n == 3
                                && head.equals("estop")
                                && List.of("trip", "acknowledge", "reset").contains(p.get(2))
                        || n == 3
                                && head.equals("features")
                                && List.of("install", "uninstall").contains(p.get(2));
        if (post && getOnly) {
            return "GET";
        }
        if (!post && postOnly) {
            return "POST";
        }
        return null;
    }

    /** The {@code seq} query parameter of a frame request: a frame number, or the newest. */
    private static long seq(String text) {
        if (text == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "seq '" + text + "' is not a frame number; leave it out for the newest frame");
        }
    }

    /**
     * A frame of a camera as the session's live feed received it ({@code seq} while it is among the
     * last kept, else the newest), as an image the browser shows (raw pixels encoded to PNG); never
     * cached, since the next request wants the next frame.
     */
    private static void frame(HttpServletResponse resp, DashSession s, String camera, long seq)
            throws IOException {
        LiveFeed feed = s.feedIfAny();
        CameraFrames.Frame f = feed == null ? null : feed.frame(camera, seq);
        if (f == null) {
            throw new ApiError(
                    HttpServletResponse.SC_NOT_FOUND,
                    "no frame of camera "
                            + camera
                            + " yet (frames reach a session while one of its pages is open)");
        }
        CameraFrames.Image image;
        try {
            image = CameraFrames.browserImage(f);
        } catch (IllegalArgumentException e) {
            throw new ApiError(
                    422, // Unprocessable Content: the frame is there but cannot be shown
                    "frame " + f.seq() + " of camera " + camera + ": " + e.getMessage());
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(image.contentType());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Armature-Frame-Seq", Long.toString(f.seq()));
        resp.setContentLength(image.bytes().length);
        resp.getOutputStream().write(image.bytes());
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonNode body = readJson(req);
        DashSession s =
                dashboard
                        .logins()
                        .login(
                                body.path("user").asText(null),
                                body.path("password").asText(null),
                                req.getRemoteAddr());
        dashboard.sessions().remove(sessionToken(req));
        resp.addHeader(
                "Set-Cookie", COOKIE + "=" + s.token + "; Path=/; HttpOnly; SameSite=Strict");
        JsonReplies.ok(resp, sessionDoc(s));
    }

    private static Map<String, Object> sessionDoc(DashSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", s.user);
        m.put("role", s.role.wireName());
        m.put("container", s.bus.containerId());
        return m;
    }

    /**
     * An operator gets the status document from management; an observer the retained summary it may
     * read, marked partial.
     */
    private Object status(DashSession s) throws IOException {
        if (s.role == Role.OPERATOR) {
            return Management.request(
                    s.bus, ManagementOperation.STATUS, Map.of(), dashboard.timeout());
        }
        String topic = ContainerTopics.of(s.bus.containerId()).status();
        byte[] summary = Retained.read(s.bus, topic).get(topic);
        ObjectNode out = JsonReplies.JSON.createObjectNode();
        if (summary != null) {
            out.setAll((ObjectNode) JsonReplies.JSON.readTree(summary));
        } else {
            out.put("container", s.bus.containerId());
        }
        out.put("broker", s.bus.brokerUrl());
        out.put("partial", true);
        return out;
    }

    private static void requireOperator(DashSession s, String what) {
        if (s.role != Role.OPERATOR) {
            throw new ApiError(
                    HttpServletResponse.SC_FORBIDDEN,
                    "user '" + s.user + "' is an observer: only operators may " + what);
        }
    }

    private static String name(String value, String what) {
        if (!Names.isValid(value)) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    what + " '" + value + "' must be 1-64 letters, digits, '_', '.' or '-'");
        }
        return value;
    }

    private static JsonNode readJson(HttpServletRequest req) {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_JSON_BYTES + 1);
            if (body.length > MAX_JSON_BYTES) {
                // read the rest (within reason) so that the client, still sending, gets the 413
                // instead of a reset connection
                long skipped = 0;
                byte[] sink = new byte[64 * 1024];
                int n;
                while (skipped < 64L * MAX_JSON_BYTES && (n = in.read(sink)) > 0) {
                    skipped += n;
                }
            }
        } catch (IOException e) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST, "cannot read the body: " + e.getMessage());
        }
        if (body.length > MAX_JSON_BYTES) {
            throw new ApiError(
                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "the body is over " + MAX_JSON_BYTES + " bytes, the limit for JSON requests");
        }
        try {
            JsonNode n = JsonReplies.JSON.readTree(body);
            return n == null ? JsonReplies.JSON.missingNode() : n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "the body is not JSON: "
                            + e.getOriginalMessage()
                            + (at == null
                                    ? ""
                                    : " (line "
                                            + at.getLineNr()
                                            + ", column "
                                            + at.getColumnNr()
                                            + ")"));
        } catch (IOException e) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST, "the body is not JSON: " + e.getMessage());
        }
    }

    private static ApiError jarTooLarge(long bytes) {
        return new ApiError(
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "the upload is "
                        + (bytes < 0 ? "over the limit" : bytes + " bytes")
                        + "; a deployed jar may have at most "
                        + MAX_JAR_BYTES
                        + " bytes (64 MiB)");
    }

    /** Whether a multipart parse failed on the size limit: anywhere in its causes. */
    static boolean overTheLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            // jetty-http 12.0 MultiPartFormData's own messages for its size limits
            if (m.startsWith("max file size exceeded")
                    || m.startsWith("max length exceeded")
                    || m.startsWith("max memory file size exceeded")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] jar(HttpServletRequest req) {
        long length = req.getContentLengthLong();
        if (length > MAX_JAR_BYTES + (1 << 20)) {
            throw jarTooLarge(length);
        }
        Part part;
        try {
            part = req.getPart("bundle");
        } catch (IllegalStateException e) {
            // the container's multipart limit (maxFileSize) was passed while parsing
            throw jarTooLarge(length);
        } catch (IOException | ServletException e) {
            if (overTheLimit(e)) {
                // Without a Content-Length (a chunked upload) Jetty finds the limit while
                // parsing and reports it wrapped in its parse error.
                throw jarTooLarge(length);
            }
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "deploy needs a multipart/form-data body with the jar in field 'bundle': "
                            + e.getMessage());
        }
        if (part == null || part.getSize() == 0) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "deploy: no jar in multipart field 'bundle'");
        }
        if (part.getSize() > MAX_JAR_BYTES) {
            throw jarTooLarge(part.getSize());
        }
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "deploy: cannot read the upload: " + e.getMessage());
        }
    }
}
