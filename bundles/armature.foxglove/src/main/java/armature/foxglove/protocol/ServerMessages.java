package armature.foxglove.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Encodes what the server sends: the JSON text messages (serverInfo, status, advertise,
 * unadvertise) and the binary Message Data frame. Thread-safe.
 */
public final class ServerMessages {
    /** Opcode of a binary Message Data frame. */
    public static final byte OP_MESSAGE_DATA = 0x01;

    /** Opcode byte, subscription id (uint32 LE), receive timestamp (uint64 LE, ns). */
    public static final int MESSAGE_DATA_HEADER_BYTES = 1 + 4 + 8;

    private final ObjectMapper json;

    public ServerMessages(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The first message on every connection. Armature's endpoint is read-only, so it declares no
     * capabilities (no client publishing, parameters, services or time).
     */
    public String serverInfo(String name, String sessionId, Map<String, String> metadata) {
        ObjectNode o = op("serverInfo");
        o.put("name", name);
        o.putArray("capabilities");
        ObjectNode meta = o.putObject("metadata");
        metadata.forEach(meta::put);
        o.put("sessionId", sessionId);
        return text(o);
    }

    public String status(StatusLevel level, String message) {
        ObjectNode o = op("status");
        o.put("level", level.code());
        o.put("message", message);
        return text(o);
    }

    public String advertise(Collection<Channel> channels) {
        ObjectNode o = op("advertise");
        ArrayNode a = o.putArray("channels");
        for (Channel c : channels) {
            ObjectNode n = a.addObject();
            n.put("id", c.id());
            n.put("topic", c.topic());
            n.put("encoding", c.encoding());
            n.put("schemaName", c.schemaName());
            n.put("schema", c.schema());
            n.put("schemaEncoding", c.schemaEncoding());
        }
        return text(o);
    }

    public String unadvertise(List<Long> channelIds) {
        ObjectNode o = op("unadvertise");
        ArrayNode a = o.putArray("channelIds");
        channelIds.forEach(a::add);
        return text(o);
    }

    /**
     * A Message Data frame: opcode 0x01, the client's subscription id, the receive time and the
     * payload, integers little-endian.
     *
     * @param subscriptionId the id the client chose in its Subscribe
     * @param receiveTimeNs when the server received the message [ns since 1970-01-01T00:00Z]
     */
    public static ByteBuffer messageData(long subscriptionId, long receiveTimeNs, byte[] payload) {
        Ids.requireUint32("subscriptionId", subscriptionId);
        ByteBuffer b =
                ByteBuffer.allocate(MESSAGE_DATA_HEADER_BYTES + payload.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put(OP_MESSAGE_DATA);
        b.putInt((int) subscriptionId);
        b.putLong(receiveTimeNs);
        b.put(payload);
        return b.flip();
    }

    private ObjectNode op(String op) {
        ObjectNode o = json.createObjectNode();
        o.put("op", op);
        return o;
    }

    private String text(ObjectNode o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
