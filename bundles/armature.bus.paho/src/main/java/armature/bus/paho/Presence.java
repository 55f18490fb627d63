package armature.bus.paho;

import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The container's presence on its retained {@code state} topic: the birth ({@code online}) after
 * each connection, the last will ({@code offline}, {@code connection lost}) the broker publishes
 * when the connection dies, and the clean {@code offline} ({@code shutdown}). Every document names
 * the boot id, so a reader can tell this run's retained state from an earlier run's.
 *
 * <p>Timestamps say what they are: {@code startedAt} is when this bus was created, {@code
 * connectedAt} when the connection the document belongs to was opened, {@code timestamp} when the
 * document was published. The will has no {@code timestamp}: it is composed at connect time and the
 * broker publishes it later, at a moment the container cannot know.
 */
final class Presence {
    private static final System.Logger LOG = System.getLogger(Presence.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BusSettings settings;
    private final ContainerTopics topics;
    private final String bootId;
    private final Clock clock;
    private final Instant startedAt;
    private volatile Instant connectedAt;

    Presence(BusSettings settings, ContainerTopics topics, String bootId, Clock clock) {
        this.settings = settings;
        this.topics = topics;
        this.bootId = bootId;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    String bootId() {
        return bootId;
    }

    /** The last will for a connection being opened now. */
    Message will() {
        connectedAt = clock.instant();
        return document("offline", "connection lost", false);
    }

    /** The birth after a connection. */
    Message birth(boolean reconnect) {
        return document("online", reconnect ? "reconnected" : "started", true);
    }

    /** The clean shutdown: replaces the birth, so the will is not needed. */
    Message offline() {
        return document("offline", "shutdown", true);
    }

    /**
     * Watches the state topic for another run's document arriving live (the will of a client this
     * one took the session from, published after the birth) and announces again, so that the
     * retained state of a live container says online.
     *
     * @param live whether announcing now makes sense (connected and not closing)
     */
    MessageHandler guard(
            Function<Message, ? extends CompletionStage<Void>> publish, BooleanSupplier live) {
        return m -> {
            if (m.retained() || bootId.equals(m.userProperty(UserProperties.BOOT).orElse(""))) {
                return;
            }
            if (live.getAsBoolean()) {
                LOG.log(
                        Level.INFO,
                        "state of another run (boot "
                                + m.userProperty(UserProperties.BOOT).orElse("none")
                                + ") replaced this container's birth; announcing again");
                publish.apply(birth(true));
            }
        };
    }

    private Message document(String state, String reason, boolean stamped) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("container", settings.containerId());
        doc.put("state", state);
        doc.put("reason", reason);
        doc.put("broker", settings.brokerUrl());
        doc.put("bootId", bootId);
        doc.put("startedAt", startedAt.toString());
        Instant connected = connectedAt;
        if (connected != null) {
            doc.put("connectedAt", connected.toString());
        }
        if (stamped) {
            doc.put("timestamp", clock.instant().toString());
        }
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the state document", e);
        }
        return Message.builder(topics.state())
                .payload(payload)
                .qos(Qos.AT_LEAST_ONCE)
                .retained(true)
                .contentType(ContentTypes.JSON)
                .userProperty(BusProperties.SENDER_PROPERTY, settings.containerId())
                .userProperty(UserProperties.BOOT, bootId)
                .build();
    }
}
