package armature.dashboard;

import java.util.Locale;

/**
 * Cross-site WebSocket hijacking guard: a browser always sends {@code Origin} on a WebSocket
 * handshake, and a page of another site must not ride on a logged-in user's cookie. Clients that
 * are not browsers send no {@code Origin} and are let through (they still need the session cookie).
 */
final class Origins {
    private Origins() {}

    /**
     * Whether a handshake with this {@code Origin} header may proceed on a server reached as {@code
     * host} (the {@code Host} header): no origin, or an http(s) origin naming exactly that host and
     * port.
     */
    static boolean allowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        String h = host.trim().toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }
}
