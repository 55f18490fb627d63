package armature.foxglove.web;

import armature.foxglove.protocol.AccessToken;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The URL a local Foxglove client opens: the HTTP server's own endpoint (the servlet runtime's
 * {@code osgi.http.endpoint} property, never guessed) with {@code ws:} for {@code http:}, the
 * endpoint's path, and the token in the query.
 */
public final class EndpointUrl {
    /** Where the endpoint's servlet is registered, relative to the HTTP server's root. */
    public static final String PATH = "/foxglove";

    /** The query parameter carrying the token. */
    public static final String TOKEN_PARAMETER = "token";

    private EndpointUrl() {}

    /**
     * @param endpointProperty the runtime's {@code osgi.http.endpoint}: a String, String[] or
     *     collection of URLs such as {@code http://127.0.0.1:8480/}
     * @return the WebSocket URL, or empty when the runtime names no http or https endpoint yet
     */
    public static Optional<String> of(Object endpointProperty, AccessToken token) {
        for (String url : urls(endpointProperty)) {
            String base;
            if (url.startsWith("http://")) {
                base = "ws://" + url.substring("http://".length());
            } else if (url.startsWith("https://")) {
                base = "wss://" + url.substring("https://".length());
            } else {
                continue;
            }
            if (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return Optional.of(base + PATH + "?" + TOKEN_PARAMETER + "=" + token.value());
        }
        return Optional.empty();
    }

    private static List<String> urls(Object p) {
        List<String> out = new ArrayList<>();
        if (p instanceof String s) {
            out.add(s);
        } else if (p instanceof String[] a) {
            out.addAll(Arrays.asList(a));
        } else if (p instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
