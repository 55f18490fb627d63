package armature.itest;

import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Management requests over the container's own bus, as the CLI sends them (no token). */
final class MgmtClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageBus bus;
    private final ContainerTopics topics;

    MgmtClient(MessageBus bus) {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId());
    }

    /** Sends {@code status} until an answer comes: the management subscription is asynchronous. */
    JsonNode awaitAnswering(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return ok(
                        ManagementOperation.STATUS,
                        JSON.createObjectNode(),
                        Duration.ofMillis(500));
            } catch (ExecutionException notSubscribedYet) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("management did not answer within " + timeout);
                }
            }
        }
    }

    JsonNode ok(ManagementOperation op, Object body) throws Exception {
        return ok(op, body, TIMEOUT);
    }

    private JsonNode ok(ManagementOperation op, Object body, Duration timeout) throws Exception {
        Message r = send(op, JSON.writeValueAsBytes(body), ContentTypes.JSON, timeout);
        JsonNode n = JSON.readTree(r.payload());
        if (!"ok".equals(r.userProperty(BusProperties.STATUS_PROPERTY).orElse(""))) {
            throw new AssertionError(op.path() + " refused: " + n.path("error").asText());
        }
        return n;
    }

    /** The reason of a request that must be refused. */
    String refused(ManagementOperation op, Object body) throws Exception {
        return reasonOf(op, send(op, JSON.writeValueAsBytes(body), ContentTypes.JSON, TIMEOUT));
    }

    JsonNode deploy(byte[] jar) throws Exception {
        Message r = send(ManagementOperation.BUNDLES_INSTALL, jar, ContentTypes.OCTETS, TIMEOUT);
        if (!"ok".equals(r.userProperty(BusProperties.STATUS_PROPERTY).orElse(""))) {
            throw new AssertionError("deploy refused: " + r.payloadAsString());
        }
        return JSON.readTree(r.payload());
    }

    String deployRefused(byte[] jar) throws Exception {
        return reasonOf(
                ManagementOperation.BUNDLES_INSTALL,
                send(ManagementOperation.BUNDLES_INSTALL, jar, ContentTypes.OCTETS, TIMEOUT));
    }

    /** Sends raw bytes; returns the reply whatever its status. */
    Message raw(String operationPath, byte[] payload) throws Exception {
        return bus.request(
                        Message.builder(topics.managementPrefix() + operationPath)
                                .payload(payload)
                                .qos(Qos.AT_LEAST_ONCE)
                                .build(),
                        TIMEOUT)
                .toCompletableFuture()
                .get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    }

    private static String reasonOf(ManagementOperation op, Message r) throws IOException {
        if ("ok".equals(r.userProperty(BusProperties.STATUS_PROPERTY).orElse(""))) {
            throw new AssertionError(op.path() + " was accepted: " + r.payloadAsString());
        }
        return JSON.readTree(r.payload()).path("error").asText();
    }

    private Message send(ManagementOperation op, byte[] payload, String type, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return bus.request(
                        Message.builder(topics.management(op))
                                .payload(payload)
                                .contentType(type)
                                .qos(Qos.AT_LEAST_ONCE)
                                .build(),
                        timeout)
                .toCompletableFuture()
                .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    }
}
