package armature.dashboard;

import java.util.Locale;

/**
 * Which {@code Host} headers a request that arrived on a loopback address may carry: loopback names
 * only, so that a DNS-rebinding page (its own name resolving to 127.0.0.1) is refused. A request
 * that arrived on another address (the dashboard bound to a LAN address by the operator) is not
 * checked here: that deployment chose to be reached by other names.
 */
final class Hosts {
    private Hosts() {}

    static boolean allowed(String host, String localAddress) {
        if (!loopback(localAddress)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String name = withoutPort(host.trim().toLowerCase(Locale.ROOT));
        return name.equals("localhost")
                || name.endsWith(".localhost")
                || name.startsWith("127.")
                        && name.chars().allMatch(c -> c == '.' || Character.isDigit(c))
                || name.equals("[::1]");
    }

    static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.startsWith("127.")
                || a.equals("::1")
                || a.equals("0:0:0:0:0:0:0:1")
                || a.startsWith("::ffff:127.");
    }

    /** The name without its {@code :port} (an IPv6 literal keeps its brackets). */
    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** A header value fit for an error message: at most 100 characters. */
    static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
