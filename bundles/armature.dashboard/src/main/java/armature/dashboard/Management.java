package armature.dashboard;

import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Management requests sent by a session's own bus client, exactly as the CLI sends them
 * (docs/cli.md, "Management protocol"): the container's answer, or an {@link ApiError} that says
 * why not (400 with the container's own message, 403 when the broker refused, 504 on silence).
 */
final class Management {
    private Management() {}

    static JsonNode request(MessageBus bus, ManagementOperation op, Object body, Duration timeout) {
        try {
            return request(
                    bus, op, JsonReplies.JSON.writeValueAsBytes(body), ContentTypes.JSON, timeout);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode request(
            MessageBus bus, ManagementOperation op, byte[] payload, String type, Duration timeout) {
        Message req =
                Message.builder(ContainerTopics.of(bus.containerId()).management(op))
                        .payload(payload)
                        .qos(Qos.AT_LEAST_ONCE)
                        .contentType(type)
                        .build();
        Message reply;
        try {
            reply =
                    bus.request(req, timeout)
                            .toCompletableFuture()
                            .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                throw new ApiError(
                        HttpServletResponse.SC_GATEWAY_TIMEOUT,
                        "the container did not answer '"
                                + op.path()
                                + "' within "
                                + timeout.toSeconds()
                                + " s");
            }
            throw failed(bus, op, cause);
        } catch (TimeoutException e) {
            throw new ApiError(
                    HttpServletResponse.SC_GATEWAY_TIMEOUT,
                    "the container did not answer '" + op.path() + "'");
        }
        JsonNode body;
        try {
            body = JsonReplies.JSON.readTree(reply.payload());
        } catch (IOException e) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_GATEWAY, "unreadable reply to '" + op.path() + "'");
        }
        if (!"ok".equals(reply.userProperty(UserProperties.STATUS).orElse("ok"))) {
            throw new ApiError(
                    HttpServletResponse.SC_BAD_REQUEST,
                    body.path("error").asText(reply.payloadAsString()));
        }
        return body;
    }

    /**
     * Why a request got no answer: its session's bus closed under it (the dashboard restarting,
     * which a request about the dashboard's own feature or configuration does, or the session
     * ending), or the broker refusing it. A refused publish also costs the client its connection
     * (HiveMQ disconnects it), so a bus that is merely reconnecting still means a refusal: the role
     * probe counts on that 403.
     */
    static ApiError failed(MessageBus bus, ManagementOperation op, Throwable cause) {
        ConnectionState state = bus.state();
        if (state == ConnectionState.CLOSED || state == ConnectionState.FAILED) {
            return new ApiError(
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the dashboard closed this session's connection while '"
                            + op.path()
                            + "' ran: the dashboard restarted (a request that changes the"
                            + " dashboard's own feature or configuration restarts it) or the"
                            + " session ended. The request may have taken effect: reload the page,"
                            + " log in again and look");
        }
        return new ApiError(
                HttpServletResponse.SC_FORBIDDEN,
                "the broker refused '" + op.path() + "' for this user: " + cause.getMessage());
    }
}
