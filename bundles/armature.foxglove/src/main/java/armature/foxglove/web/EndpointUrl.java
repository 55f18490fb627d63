package armature.foxglove.web;

import armature.control.api.Endpoints;
import armature.foxglove.protocol.AccessToken;
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
        return Endpoints.httpBase(endpointProperty)
                .map(
                        base ->
                                base.replaceFirst("^http", "ws")
                                        + PATH.substring(1)
                                        + "?"
                                        + TOKEN_PARAMETER
                                        + "="
                                        + token.value());
    }
}
