package armature.dashboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the HTTP runtime's {@code osgi.http.endpoint} service property (a String, String[] or
 * collection of URLs, as the servlet whiteboard specification allows) so that the dashboard's URL
 * is the one Jetty really listens on (port 0 becomes the chosen port), never a guess.
 */
final class EndpointUrls {
    private EndpointUrls() {}

    /** Every URL the property names, in order. */
    static List<String> all(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) {
            out.add(s);
        } else if (property instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (property instanceof Collection<?> c) {
            c.forEach(e -> out.add(String.valueOf(e)));
        }
        out.removeIf(u -> u == null || u.isBlank());
        return out;
    }

    /**
     * The plain-HTTP base URL, ending in '/', or null when the property names none. An https URL is
     * taken when there is no http one.
     */
    static String base(Object property) {
        List<String> urls = all(property);
        String chosen =
                urls.stream()
                        .filter(u -> u.startsWith("http://"))
                        .findFirst()
                        .orElse(urls.stream().findFirst().orElse(null));
        if (chosen == null) {
            return null;
        }
        return chosen.endsWith("/") ? chosen : chosen + "/";
    }
}
