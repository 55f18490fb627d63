package armature.dashboard;

import java.util.Locale;
import java.util.Map;

/**
 * Maps a request path to a resource under {@code web/} in this bundle and names its content type.
 * Pure, so that path handling (the index default, traversal refusal) is unit-tested without a
 * server.
 */
final class StaticFiles {
    static final String ROOT = "web/";

    private static final Map<String, String> TYPES =
            Map.ofEntries(
                    Map.entry("html", "text/html; charset=utf-8"),
                    Map.entry("js", "text/javascript; charset=utf-8"),
                    Map.entry("mjs", "text/javascript; charset=utf-8"),
                    Map.entry("css", "text/css; charset=utf-8"),
                    Map.entry("json", "application/json"),
                    Map.entry("map", "application/json"),
                    Map.entry("svg", "image/svg+xml"),
                    Map.entry("png", "image/png"),
                    Map.entry("jpg", "image/jpeg"),
                    Map.entry("ico", "image/x-icon"),
                    Map.entry("woff2", "font/woff2"),
                    Map.entry("wasm", "application/wasm"),
                    Map.entry("txt", "text/plain; charset=utf-8"));

    private StaticFiles() {}

    /**
     * The bundle resource for a request path ({@code /} and any path ending in {@code /} mean its
     * {@code index.html}), or null for a path that tries to leave {@code web/}.
     */
    static String resource(String requestPath) {
        String p = requestPath == null || requestPath.isEmpty() ? "/" : requestPath;
        if (p.endsWith("/")) {
            p = p + "index.html";
        }
        for (String segment : p.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.contains("\\")) {
                return null;
            }
        }
        return ROOT + p.substring(1);
    }

    /** Content type by file extension; octet-stream for anything unknown. */
    static String contentType(String resource) {
        int dot = resource.lastIndexOf('.');
        String ext = dot < 0 ? "" : resource.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
