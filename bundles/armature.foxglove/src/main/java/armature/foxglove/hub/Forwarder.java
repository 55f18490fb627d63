package armature.foxglove.hub;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.codec.CodecException;
import armature.control.api.AccessPolicy;
import armature.control.api.ContainerTopics;
import armature.control.api.Role;
import armature.control.api.log.RateLimitedLog;
import armature.foxglove.channel.ChannelCatalog;
import armature.foxglove.protocol.ServerMessages;
import armature.foxglove.protocol.StatusLevel;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;

/**
 * Bus messages to subscribed clients, on the bus's delivery thread: decodes or checks each message
 * once, then appends one Message Data frame per subscriber to its outbox (never waiting for a
 * client), and tells a client that fell behind how much it lost.
 */
final class Forwarder {
    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());
    private static final long DROP_REPORT_INTERVAL_NS = 5_000_000_000L;

    private final ContainerTopics topics;
    private final ObjectMapper json;
    private final ServerMessages out;
    private final Clock clock;

    /** A stream of bad frames is one warning per topic every 10 s, not 500 a second. */
    private final RateLimitedLog badMessages = new RateLimitedLog(LOG);

    Forwarder(ContainerTopics topics, ObjectMapper json, ServerMessages out, Clock clock) {
        this.topics = topics;
        this.json = json;
        this.out = out;
        this.clock = clock;
    }

    void deliver(ChannelState c, Message m) {
        if (!exposable(m.topic())) {
            return;
        }
        if (m.payload().length == 0) {
            c.lastRetained = null; // the retained message was cleared
            return;
        }
        if (m.retained()) {
            c.retainedTopic = true;
        }
        if (c.subscribers.isEmpty()) {
            return;
        }
        byte[] payload;
        try {
            payload = c.decoder != null ? c.decoder.decode(m.payload()) : jsonPayload(m);
        } catch (CodecException | IOException e) {
            badMessages.log(
                    Level.WARNING,
                    m.topic(),
                    () -> "not forwarded to Foxglove: " + m.topic() + ": " + e.getMessage());
            return;
        }
        if (c.retainedTopic) {
            c.lastRetained = payload;
        }
        long now = nowNs();
        for (ChannelState.Subscriber sub : c.subscribers) {
            sub.session().outbox().data(ServerMessages.messageData(sub.id(), now, payload));
            long dropped = sub.session().dropsToReport(System.nanoTime(), DROP_REPORT_INTERVAL_NS);
            if (dropped > 0) {
                status(
                        sub.session(),
                        StatusLevel.WARNING,
                        dropped
                                + " messages dropped: the client reads slower than the bus delivers (the newest are kept)");
            }
        }
    }

    /** A JSON payload as it is; one without a JSON content type only when it parses. */
    private byte[] jsonPayload(Message m) throws IOException {
        String type = m.contentType();
        if (type == null || !type.startsWith(ContentTypes.JSON)) {
            json.readTree(m.payload());
        }
        return m.payload();
    }

    /**
     * Whether an observer may see {@code topic}: it lies in this container's tree, and is neither a
     * management request nor a reply (the access policy's rules for observers).
     */
    boolean exposable(String topic) {
        return topic.startsWith(topics.root() + "/")
                && !topic.startsWith(topics.managementPrefix())
                && !topic.startsWith(topics.replyPrefix())
                && AccessPolicy.mayReceive(Role.OBSERVER, ChannelCatalog.OBSERVER_USER, topic);
    }

    void status(ClientSession s, StatusLevel level, String message) {
        s.outbox().text(out.status(level, message));
    }

    long nowNs() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
