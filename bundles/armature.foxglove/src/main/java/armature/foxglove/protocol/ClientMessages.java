package armature.foxglove.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses client text messages. Thread-safe. */
public final class ClientMessages {
    /** Ops of the protocol that need a capability Armature's endpoint does not declare. */
    private static final Set<String> CAPABILITY_OPS =
            Set.of(
                    "advertise",
                    "unadvertise",
                    "getParameters",
                    "setParameters",
                    "subscribeParameterUpdates",
                    "unsubscribeParameterUpdates",
                    "subscribeConnectionGraph",
                    "unsubscribeConnectionGraph",
                    "fetchAsset");

    private final ObjectMapper json;

    public ClientMessages(ObjectMapper json) {
        // Text after the message ("{...} trailing") is refused like any other malformed message.
        this.json =
                json.copy()
                        .enable(
                                com.fasterxml.jackson.databind.DeserializationFeature
                                        .FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * @throws ProtocolException naming the field, the value and what is allowed
     */
    public ClientMessage parse(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(
                    "client message is not JSON: "
                            + e.getOriginalMessage()
                            + "; allowed: a JSON object with 'op'");
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(
                    "client message is " + describe(root) + "; allowed: a JSON object with 'op'");
        }
        JsonNode op = root.get("op");
        if (op == null || !op.isTextual()) {
            throw new ProtocolException(
                    "field 'op' is " + describe(op) + "; allowed: subscribe, unsubscribe");
        }
        return switch (op.asText()) {
            case "subscribe" -> subscribe(root);
            case "unsubscribe" -> unsubscribe(root);
            default -> {
                if (CAPABILITY_OPS.contains(op.asText())) {
                    yield new ClientMessage.Unsupported(op.asText());
                }
                throw new ProtocolException(
                        "field 'op' is '" + op.asText() + "'; allowed: subscribe, unsubscribe");
            }
        };
    }

    private static ClientMessage subscribe(JsonNode root) {
        JsonNode subs = array(root, "subscriptions");
        List<ClientMessage.SubscriptionRequest> out = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            JsonNode s = subs.get(i);
            String at = "subscriptions[" + i + "]";
            if (!s.isObject()) {
                throw new ProtocolException(
                        "field '" + at + "' is " + describe(s) + "; allowed: {id, channelId}");
            }
            out.add(
                    new ClientMessage.SubscriptionRequest(
                            uint32(s.get("id"), at + ".id"),
                            uint32(s.get("channelId"), at + ".channelId")));
        }
        return new ClientMessage.Subscribe(out);
    }

    private static ClientMessage unsubscribe(JsonNode root) {
        JsonNode ids = array(root, "subscriptionIds");
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            out.add(uint32(ids.get(i), "subscriptionIds[" + i + "]"));
        }
        return new ClientMessage.Unsubscribe(out);
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode a = root.get(field);
        if (a == null || !a.isArray()) {
            throw new ProtocolException(
                    "field '" + field + "' is " + describe(a) + "; allowed: an array");
        }
        return a;
    }

    private static long uint32(JsonNode n, String field) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ProtocolException(
                    "field '"
                            + field
                            + "' is "
                            + describe(n)
                            + "; allowed: an integer from 0 to "
                            + Ids.MAX_UINT32);
        }
        return Ids.requireUint32(field, n.asLong());
    }

    private static String describe(JsonNode n) {
        if (n == null) {
            return "missing";
        }
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
