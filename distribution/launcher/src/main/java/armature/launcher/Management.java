package armature.launcher;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ManagementOperation;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Management requests (request/response on {@code mgmt/<operation>}) of one invocation. */
final class Management {
    private final Invocation inv;

    Management(Invocation inv) {
        this.inv = inv;
    }

    /** {@code {"key": value}}. */
    static ObjectNode body(String key, String value) {
        ObjectNode n = JsonDocs.object();
        n.put(key, value);
        return n;
    }

    JsonNode request(ManagementOperation op, ObjectNode body) {
        return request(op, body.toString().getBytes(StandardCharsets.UTF_8), ContentTypes.JSON);
    }

    /**
     * Sends one request and waits for the reply.
     *
     * @return the reply's JSON body
     * @throws Cli.Refused when the container answers with an error
     * @throws Cli.Unreachable when it does not answer within --timeout
     */
    JsonNode request(ManagementOperation op, byte[] payload, String contentType) {
        Duration timeout = inv.timeout();
        Message.Builder req =
                Message.builder(inv.topics().management(op))
                        .payload(payload)
                        .qos(Qos.AT_LEAST_ONCE)
                        .contentType(contentType);
        Message reply;
        try {
            reply = inv.bus().request(req.build(), timeout).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new Cli.Unreachable(
                        "container '"
                                + inv.home().containerId()
                                + "' did not answer '"
                                + op.path()
                                + "' within "
                                + timeout.toSeconds()
                                + " s (is it running on "
                                + inv.bus().brokerUrl()
                                + "?)");
            }
            throw Cli.busFailure("send '" + op.path() + "'", inv.user(), e);
        }
        JsonNode body;
        try {
            body = JsonDocs.MAPPER.readTree(reply.payload());
        } catch (IOException e) {
            throw new Cli.Refused("unreadable reply to '" + op.path() + "': " + e.getMessage());
        }
        if (!"ok".equals(reply.userProperty(UserProperties.STATUS).orElse("ok"))) {
            throw new Cli.Refused(body.path("error").asText(reply.payloadAsString()));
        }
        return body;
    }
}
