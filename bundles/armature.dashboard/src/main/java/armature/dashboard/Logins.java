package armature.dashboard;

import armature.bus.api.BusClients;
import armature.bus.api.ClientBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A login (PLAN decision 4): the broker checks the user's own name and password by accepting or
 * refusing a bus client of theirs; the role is what the broker then lets that client do: a
 * management request succeeds for an operator; an observer may read the container's status but not
 * ask management; a device may do neither and is refused.
 */
final class Logins {
    private static final System.Logger LOG = System.getLogger(Logins.class.getName());

    /** The longest broker user name (armature.broker's rule); longer ones are refused unread. */
    static final int MAX_USER_CHARS = 64;

    private final BusClients clients;
    private final Sessions sessions;
    private final Duration timeout;
    private final LoginThrottle throttle;

    Logins(BusClients clients, Sessions sessions, Duration timeout, LoginThrottle throttle) {
        this.clients = clients;
        this.sessions = sessions;
        this.timeout = timeout;
        this.throttle = throttle;
    }

    /**
     * @param address the client's address, for the failed-login limit
     * @throws ApiError 429 with a Retry-After when the user or address failed too often lately
     */
    DashSession login(String user, String password, String address) {
        if (user == null || user.isBlank() || password == null) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "login needs a JSON body {\"user\": ..., \"password\": ...}");
        }
        if (user.length() > MAX_USER_CHARS) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "the user name has "
                            + user.length()
                            + " characters; broker user names have at most "
                            + MAX_USER_CHARS);
        }
        var wait = throttle.blocked(user, address);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new ApiError(
                    429,
                    "too many failed logins for user '"
                            + user
                            + "' or from "
                            + address
                            + " (at most "
                            + LoginThrottle.PER_USER
                            + " per user and "
                            + LoginThrottle.PER_ADDRESS
                            + " per address in "
                            + LoginThrottle.WINDOW.toSeconds()
                            + " s); try again in "
                            + seconds
                            + " s",
                    seconds);
        }
        if (sessions.size() >= Sessions.TOTAL) {
            sessions.sweep();
            if (sessions.size() >= Sessions.TOTAL) {
                throw new ApiError(
                        HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "the dashboard holds "
                                + sessions.size()
                                + " sessions, its limit of "
                                + Sessions.TOTAL
                                + ": log out of one, or wait for an idle one to end",
                        30);
            }
        }
        String token = sessions.newToken();
        ClientBus bus;
        try {
            bus =
                    clients.open(
                                    user,
                                    password.toCharArray(),
                                    "dash-" + token.substring(0, 12),
                                    timeout.toMillis())
                            .toCompletableFuture()
                            .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        } catch (IllegalArgumentException e) {
            // a name the broker's users cannot have (its rules name what is allowed)
            throw new ApiError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new ApiError(HttpServletResponse.SC_BAD_REQUEST, bad.getMessage());
            }
            String why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            boolean refused = why != null && why.contains("refused the login");
            if (refused) {
                throttle.failed(user, address);
            }
            throw new ApiError(
                    refused
                            ? HttpServletResponse.SC_UNAUTHORIZED
                            : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    refused ? why : "cannot log in: " + why);
        } catch (TimeoutException e) {
            throw new ApiError(
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the broker did not answer the login");
        }
        try {
            Role role = probeRole(bus);
            if (role == Role.DEVICE) {
                throw new ApiError(
                        HttpServletResponse.SC_FORBIDDEN,
                        "user '"
                                + user
                                + "' may not read the container's state (a device login);"
                                + " the dashboard is for operators and observers");
            }
            DashSession s = new DashSession(token, user, role, bus, sessions.now());
            sessions.makeRoomFor(user);
            sessions.add(s);
            throttle.succeeded(user);
            return s;
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    /**
     * Reading the container's status first (a device may not), then a management request (only an
     * operator may): in this order because a refused publish may cost the client its connection.
     * Only the broker's refusal (403) makes an observer; a management request that gets no answer
     * fails the login rather than guess.
     */
    private Role probeRole(ClientBus bus) {
        try {
            bus.subscribe(ContainerTopics.of(bus.containerId()).status(), Qos.AT_MOST_ONCE, m -> {})
                    .toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .cancel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.DEBUG, "role probe: status refused: " + e);
            return Role.DEVICE;
        }
        try {
            Management.request(bus, ManagementOperation.STATUS, Map.of(), timeout);
            return Role.OPERATOR;
        } catch (ApiError e) {
            if (e.status != HttpServletResponse.SC_FORBIDDEN) {
                // Silence is not a refusal: an operator whose probe times out on a busy container
                // must not be logged in as an observer without being told.
                throw new ApiError(
                        HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "cannot tell this login's role: " + e.getMessage() + "; try again");
            }
            LOG.log(Level.DEBUG, "role probe: management refused: " + e.getMessage());
            return Role.OBSERVER;
        }
    }
}
