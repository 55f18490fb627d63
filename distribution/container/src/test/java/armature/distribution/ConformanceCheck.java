package armature.distribution;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.codec.CodecException;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks recorded messages against docs/asyncapi.yaml: every topic belongs to one channel; QoS,
 * retain flag and content type are the documented ones; every JSON payload and its user properties
 * validate against a message of the channel (a reply against the reply messages of the request it
 * answers, matched by correlation data); every frame a container sends decodes with the kind its
 * channel documents. Record (from any thread), then {@link #check()}.
 */
final class ConformanceCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_PAYLOAD_CHARS = 1500;

    private final AsyncApiDocument doc;
    private final PayloadSchemas schemas;
    private final List<Message> recorded = new ArrayList<>();
    private final Map<String, String> requestChannelByCorrelation = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> jsonValidated = new TreeMap<>();
    private final Map<String, Integer> framesDecoded = new TreeMap<>();
    private final Map<String, Integer> cleared = new TreeMap<>();
    private final Set<String> invalidOnPurpose = new java.util.HashSet<>();

    ConformanceCheck(AsyncApiDocument doc) {
        this.doc = doc;
        this.schemas = new PayloadSchemas(doc);
    }

    /** Records a message seen on the bus; thread-safe. */
    void record(Message m) {
        synchronized (recorded) {
            recorded.add(m);
        }
    }

    /**
     * Records a request the test sent and the reply it got. The request as built carries no
     * correlation data (the bus adds it), so it is recorded with the reply's; a client that may not
     * read management traffic still gets its own exchanges checked.
     */
    void recordExchange(Message request, Message reply) {
        record(
                request.toBuilder()
                        .correlationData(reply.correlationData())
                        .responseTopic(reply.topic())
                        .build());
        record(reply);
    }

    /** How many messages were recorded on {@code topic}. */
    long count(String topic) {
        synchronized (recorded) {
            return recorded.stream().filter(m -> m.topic().equals(topic)).count();
        }
    }

    int size() {
        synchronized (recorded) {
            return recorded.size();
        }
    }

    /** Checks everything recorded; returns the failures, each naming topic, payload and errors. */
    List<String> check() {
        synchronized (recorded) {
            return checkAll();
        }
    }

    private List<String> checkAll() {
        // Requests first, so a reply that overtook its request on the way is still matched.
        for (Message m : recorded) {
            doc.channelOf(m.topic())
                    .filter(c -> m.correlationData() != null && isRequestChannel(c))
                    .ifPresent(
                            c ->
                                    requestChannelByCorrelation.put(
                                            key(m.correlationData()), c.name()));
        }
        for (Message m : recorded) {
            checkOne(m);
        }
        return failures;
    }

    /** Channel name to the number of JSON messages that validated. */
    Map<String, Integer> jsonValidated() {
        return jsonValidated;
    }

    /** Channel name to the number of binary frames that decoded. */
    Map<String, Integer> framesDecoded() {
        return framesDecoded;
    }

    /** Channel name to the number of retained messages cleared (empty payloads). */
    Map<String, Integer> cleared() {
        return cleared;
    }

    private void checkOne(Message m) {
        Optional<AsyncApiDocument.Channel> found;
        try {
            found = doc.channelOf(m.topic());
        } catch (IllegalStateException ambiguous) {
            fail(m, ambiguous.getMessage());
            return;
        }
        if (found.isEmpty()) {
            fail(m, "no channel of docs/asyncapi.yaml has this topic");
            return;
        }
        AsyncApiDocument.Channel c = found.get();
        List<AsyncApiDocument.Operation> ops = doc.operationsOf(c);
        boolean retained = ops.stream().anyMatch(o -> Boolean.TRUE.equals(o.retain()));
        Set<Integer> qos =
                ops.stream().map(AsyncApiDocument.Operation::qos).collect(Collectors.toSet());
        if (m.retained() && !retained) {
            fail(
                    m,
                    "delivered as retained, but channel "
                            + c.name()
                            + " is documented retain: false");
        }
        if (!qos.contains(m.qos().level())) {
            fail(m, "QoS " + m.qos().level() + ", channel " + c.name() + " documents " + qos);
        }
        byte[] payload = m.payload();
        if (payload.length == 0) {
            if (retained) {
                cleared.merge(c.name(), 1, Integer::sum);
                return;
            }
            if (!isRequestChannel(c)) {
                fail(
                        m,
                        "empty payload on "
                                + c.name()
                                + ", which is neither retained nor a request");
                return;
            }
            payload = "{}".getBytes(StandardCharsets.UTF_8);
        }
        String contentType = m.contentType() == null ? ContentTypes.JSON : m.contentType();
        List<String> candidates = candidates(m, c, contentType);
        if (candidates.isEmpty()) {
            return; // fail() already said why
        }
        if (ContentTypes.JSON.equals(contentType)) {
            checkJson(m, c, payload, candidates);
        } else if (ContentTypes.FRAME.equals(contentType)) {
            checkFrame(m, c, payload, candidates);
        }
    }

    private List<String> candidates(Message m, AsyncApiDocument.Channel c, String contentType) {
        List<String> messages = c.messages();
        if (c.name().equals("reply")) {
            String request =
                    m.correlationData() == null
                            ? null
                            : requestChannelByCorrelation.get(key(m.correlationData()));
            if (request == null) {
                fail(m, "a reply to no recorded request (correlation data unknown)");
                return List.of();
            }
            boolean error = "error".equals(m.userProperties().get("armature-status"));
            messages =
                    doc.operationsOf(doc.channel(request)).stream()
                            .flatMap(o -> o.replyMessages().stream())
                            .filter(p -> p.endsWith("/errorReply") == error)
                            .toList();
        }
        List<String> out =
                messages.stream()
                        .filter(
                                p ->
                                        contentType.equals(
                                                doc.message(p)
                                                        .path("contentType")
                                                        .asText(
                                                                doc.root()
                                                                        .path("defaultContentType")
                                                                        .asText())))
                        .toList();
        if (out.isEmpty()) {
            fail(m, "content type " + contentType + " is not documented for channel " + c.name());
        }
        return out;
    }

    private void checkJson(
            Message m, AsyncApiDocument.Channel c, byte[] payload, List<String> candidates) {
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            fail(m, "not JSON: " + e.getMessage());
            return;
        }
        Map<String, List<String>> errors = new TreeMap<>();
        for (String candidate : candidates) {
            List<String> e = new ArrayList<>(schemas.payloadErrors(candidate, json));
            e.addAll(
                    schemas.headerErrors(candidate, m.userProperties()).stream()
                            .map(h -> "user properties: " + h)
                            .toList());
            if (e.isEmpty()) {
                jsonValidated.merge(c.name(), 1, Integer::sum);
                return;
            }
            errors.put(candidate.substring(candidate.lastIndexOf('/') + 1), e);
        }
        fail(m, "does not match any message of channel " + c.name() + ": " + errors);
    }

    /** A payload the test sends on purpose to see it refused: not checked. */
    void allowInvalid(byte[] payload) {
        synchronized (recorded) {
            invalidOnPurpose.add(key(payload));
        }
    }

    private void checkFrame(
            Message m, AsyncApiDocument.Channel c, byte[] payload, List<String> candidates) {
        if (invalidOnPurpose.contains(key(payload))) {
            return;
        }
        List<String> headers = schemas.headerErrors(candidates.get(0), m.userProperties());
        if (!headers.isEmpty()) {
            fail(m, "user properties: " + headers);
        }
        FrameKind expected =
                candidates.stream().anyMatch(p -> p.endsWith("jointCommandFrame"))
                        ? FrameKind.JOINT_COMMAND
                        : FrameKind.JOINT_STATE;
        try {
            FrameReader r = new FrameReader();
            r.wrap(payload);
            if (r.kind() != expected) {
                fail(
                        m,
                        "frame kind "
                                + r.kind()
                                + ", channel "
                                + c.name()
                                + " carries "
                                + expected);
                return;
            }
            framesDecoded.merge(c.name(), 1, Integer::sum);
        } catch (CodecException e) {
            fail(m, "not a frame: " + e.getMessage());
        }
    }

    private static boolean isRequestChannel(AsyncApiDocument.Channel c, AsyncApiDocument doc) {
        return doc.operationsOf(c).stream().anyMatch(o -> !o.replyMessages().isEmpty());
    }

    private boolean isRequestChannel(AsyncApiDocument.Channel c) {
        return isRequestChannel(c, doc);
    }

    private void fail(Message m, String why) {
        String shown =
                ContentTypes.FRAME.equals(m.contentType())
                        ? m.payload().length + " bytes of frame"
                        : m.payloadAsString();
        if (shown.length() > SHOWN_PAYLOAD_CHARS) {
            shown = shown.substring(0, SHOWN_PAYLOAD_CHARS) + "...";
        }
        failures.add(
                m.topic()
                        + " ["
                        + m.contentType()
                        + ", QoS "
                        + m.qos().level()
                        + (m.retained() ? ", retained" : "")
                        + ", "
                        + m.userProperties()
                        + "]\n  payload: "
                        + shown
                        + "\n  "
                        + why);
    }

    private static String key(byte[] correlation) {
        return Base64.getEncoder().encodeToString(correlation);
    }
}
