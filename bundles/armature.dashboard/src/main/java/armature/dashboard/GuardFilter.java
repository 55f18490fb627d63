package armature.dashboard;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;

/**
 * In front of every page and endpoint of the dashboard's context: refuses {@code TRACE} and {@code
 * TRACK} (a servlet would echo the request, cookie included), and, on a connection that arrived on
 * a loopback address, a {@code Host} that is not a loopback name ({@link Hosts}): a page of another
 * site that rebinds its DNS name to 127.0.0.1 sends its own name, so it cannot reach the dashboard
 * through the user's browser.
 */
@Component(
        name = "armature.dashboard.guard",
        service = Filter.class,
        property = {
            "osgi.http.whiteboard.filter.pattern=/*",
            "osgi.http.whiteboard.filter.name=armature.dashboard.guard",
            "osgi.http.whiteboard.filter.asyncSupported=true"
        })
public final class GuardFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req)
                || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        String method = req.getMethod();
        if ("TRACE".equalsIgnoreCase(method) || "TRACK".equalsIgnoreCase(method)) {
            resp.setHeader("Allow", "GET, POST");
            JsonReplies.error(
                    resp,
                    HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    method + " is not served (it would echo the request, its cookie included)");
            return;
        }
        String host = req.getHeader("Host");
        if (!Hosts.allowed(host, req.getLocalAddr())) {
            JsonReplies.error(
                    resp,
                    421, // Misdirected Request
                    "Host '"
                            + Hosts.shown(host)
                            + "' is not this dashboard's: on a loopback address it answers"
                            + " localhost, 127.0.0.1 and [::1] (with any port) only");
            return;
        }
        chain.doFilter(request, response);
    }
}
