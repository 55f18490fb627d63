package armature.control.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How a bundle announces a URL it serves (the dashboard, the Foxglove endpoint): an OSGi service,
 * of any type, with the properties {@link #NAME_PROPERTY} and {@link #URL_PROPERTY}. Management
 * lists every such service in {@code status --json} under its name, and {@code armature run} prints
 * them once the container is ready. The URL is built from the HTTP runtime's own {@code
 * osgi.http.endpoint} property ({@link #httpBase}), never guessed.
 */
public final class Endpoints {
    /** The endpoint's name, the key it gets in {@code status --json} ({@code dashboard}). */
    public static final String NAME_PROPERTY = "armature.endpoint";

    /** The URL a local client opens. */
    public static final String URL_PROPERTY = "armature.endpoint.url";

    /** The LDAP filter that finds every announced endpoint. */
    public static final String FILTER = "(" + NAME_PROPERTY + "=*)";

    private Endpoints() {}

    /**
     * The base URL of the HTTP server, ending in '/', from the servlet runtime's {@code
     * osgi.http.endpoint} property (a String, String[] or collection of URLs, as the whiteboard
     * specification allows): its first {@code http://} URL, else its first {@code https://} one;
     * empty when it names neither (the server has not bound yet, or names only a relative path).
     */
    public static Optional<String> httpBase(Object osgiHttpEndpoint) {
        List<String> urls = new ArrayList<>();
        if (osgiHttpEndpoint instanceof String s) {
            urls.add(s);
        } else if (osgiHttpEndpoint instanceof String[] a) {
            urls.addAll(List.of(a));
        } else if (osgiHttpEndpoint instanceof Collection<?> c) {
            c.forEach(e -> urls.add(String.valueOf(e)));
        }
        return urls.stream()
                .filter(u -> u != null && u.startsWith("http://"))
                .findFirst()
                .or(
                        () ->
                                urls.stream()
                                        .filter(u -> u != null && u.startsWith("https://"))
                                        .findFirst())
                .map(u -> u.endsWith("/") ? u : u + "/");
    }
}
