package armature.foxglove.web;

import armature.foxglove.hub.FoxgloveHub;
import armature.foxglove.protocol.AccessToken;
import armature.foxglove.protocol.Subprotocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/**
 * The WebSocket upgrade at {@link EndpointUrl#PATH}: accepts a client that shows the token and
 * offers {@code foxglove.websocket.v1}, refuses everyone else before any data flows.
 */
final class FoxgloveServlet extends JettyWebSocketServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(FoxgloveServlet.class.getName());

    /** Client messages are small JSON (subscribe lists); anything larger is not Foxglove. */
    private static final long MAX_CLIENT_MESSAGE_BYTES = 1 << 20;

    private final transient FoxgloveHub hub;
    private final transient AccessToken token;

    FoxgloveServlet(FoxgloveHub hub, AccessToken token) {
        this.hub = hub;
        this.token = token;
    }

    /**
     * Refuses before the upgrade with a JSON body naming why (Jetty's upgrade refusals are HTML
     * pages); the creator checks the same again for the upgrade itself. The token is never echoed.
     */
    @Override
    protected void service(
            jakarta.servlet.http.HttpServletRequest req,
            jakarta.servlet.http.HttpServletResponse resp)
            throws jakarta.servlet.ServletException, IOException {
        String[] given = req.getParameterMap().get(EndpointUrl.TOKEN_PARAMETER);
        if (given == null || given.length != 1 || !token.matches(given[0])) {
            LOG.log(
                    Level.WARNING,
                    "Foxglove connection from "
                            + req.getRemoteAddr()
                            + " refused: "
                            + (given == null ? "no token" : "wrong token"));
            refuse(
                    resp,
                    403,
                    "the Foxglove endpoint needs the token of the URL in `armature status --json`"
                            + " (field foxglove)");
            return;
        }
        super.service(req, resp);
    }

    private static void refuse(
            jakarta.servlet.http.HttpServletResponse resp, int status, String why)
            throws IOException {
        byte[] body =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsBytes(java.util.Map.of("error", why));
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        // Foxglove clients send nothing while they only watch: no idle timeout.
        factory.setIdleTimeout(Duration.ZERO);
        factory.setMaxTextMessageSize(MAX_CLIENT_MESSAGE_BYTES);
        factory.setMaxBinaryMessageSize(MAX_CLIENT_MESSAGE_BYTES);
        factory.setCreator(this::create);
    }

    private Object create(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) {
        try {
            List<String> given = request.getParameterMap().get(EndpointUrl.TOKEN_PARAMETER);
            if (given == null || given.size() != 1 || !token.matches(given.get(0))) {
                LOG.log(
                        Level.WARNING,
                        "Foxglove connection from "
                                + request.getRemoteSocketAddress()
                                + " refused: "
                                + (given == null ? "no token" : "wrong token"));
                response.sendForbidden(
                        "the Foxglove endpoint needs the token of the URL in `armature status"
                                + " --json` (field foxglove)");
                return null;
            }
            Optional<String> protocol = Subprotocol.select(request.getSubProtocols());
            if (protocol.isEmpty()) {
                response.sendError(
                        400,
                        "subprotocol "
                                + request.getSubProtocols()
                                + " is not supported; allowed: "
                                + Subprotocol.V1);
                return null;
            }
            response.setAcceptedSubProtocol(protocol.get());
            return new FoxgloveSocket(hub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
