package armature.distribution;

import armature.control.api.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/asyncapi.yaml as the tests need it: channels with their address patterns, roles, messages
 * and the MQTT bindings of their operations, and the request operations' reply messages. YAML
 * anchors are not resolved by Jackson, so the document must not use them (a channel read here would
 * then lack its fields and the tests fail).
 */
final class AsyncApiDocument {
    static final Path REPO = Path.of(System.getProperty("armature.repo", "../.."));
    static final Path FILE = REPO.resolve("docs/asyncapi.yaml");

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    /**
     * One channel.
     *
     * @param name the key under {@code channels}
     * @param address the address with {@code {parameter}} levels
     * @param parameters parameter name to its allowed values (empty list: any one level)
     * @param messages the channel's messages as pointers into {@code components/messages}
     * @param publishers roles of {@code x-armature-roles.publish}
     * @param subscribers roles of {@code x-armature-roles.subscribe}
     */
    record Channel(
            String name,
            String address,
            Map<String, List<String>> parameters,
            List<String> messages,
            Set<Role> publishers,
            Set<Role> subscribers) {

        /** Whether {@code topic} is this channel's address with one allowed level per parameter. */
        boolean matches(String topic) {
            String[] a = address.split("/", -1);
            String[] t = topic.split("/", -1);
            if (a.length != t.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                Matcher m = PARAMETER.matcher(a[i]);
                if (m.matches()) {
                    List<String> allowed = parameters.getOrDefault(m.group(1), List.of());
                    if (t[i].isEmpty() || (!allowed.isEmpty() && !allowed.contains(t[i]))) {
                        return false;
                    }
                } else if (!a[i].equals(t[i])) {
                    return false;
                }
            }
            return true;
        }

        /** The address with each parameter replaced by {@code values.get(name)}. */
        String topic(Map<String, String> values) {
            Matcher m = PARAMETER.matcher(address);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = values.get(m.group(1));
                if (v == null) {
                    throw new IllegalArgumentException(
                            "no sample value for parameter '" + m.group(1) + "' of " + name);
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(v));
            }
            return m.appendTail(sb).toString();
        }
    }

    /**
     * One operation.
     *
     * @param name the key under {@code operations}
     * @param action send (the container publishes) or receive
     * @param channel the channel's name
     * @param qos the MQTT binding's QoS, or -1 when missing
     * @param retain the MQTT binding's retain flag, or null when missing
     * @param replyMessages pointers of the reply messages, empty for no reply
     */
    record Operation(
            String name,
            String action,
            String channel,
            int qos,
            Boolean retain,
            List<String> replyMessages) {}

    private final JsonNode root;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    AsyncApiDocument(Path yaml) throws IOException {
        root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        root.path("channels").fields().forEachRemaining(e -> channels.put(e.getKey(), channel(e)));
        root.path("operations")
                .fields()
                .forEachRemaining(e -> operations.put(e.getKey(), operation(e)));
        if (channels.isEmpty()) {
            throw new IllegalStateException(yaml + " declares no channel");
        }
    }

    static AsyncApiDocument load() throws IOException {
        return new AsyncApiDocument(FILE);
    }

    JsonNode root() {
        return root;
    }

    List<Channel> channels() {
        return List.copyOf(channels.values());
    }

    Channel channel(String name) {
        Channel c = channels.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no channel '" + name + "'");
        }
        return c;
    }

    List<Operation> operations() {
        return List.copyOf(operations.values());
    }

    List<Operation> operationsOf(Channel c) {
        return operations.values().stream().filter(o -> o.channel().equals(c.name())).toList();
    }

    /** Every channel whose address matches {@code topic}. */
    List<Channel> channelsOf(String topic) {
        return channels.values().stream().filter(c -> c.matches(topic)).toList();
    }

    /** The one channel whose address matches {@code topic}. */
    Optional<Channel> channelOf(String topic) {
        List<Channel> found = channelsOf(topic);
        if (found.size() > 1) {
            throw new IllegalStateException(
                    "'"
                            + topic
                            + "' matches several channels: "
                            + found.stream().map(Channel::name).toList());
        }
        return found.stream().findFirst();
    }

    List<String> addresses() {
        return channels.values().stream().map(Channel::address).toList();
    }

    /** The node a local reference ({@code #/a/b}) points to. */
    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are used: " + ref);
        }
        JsonNode n = root.at(ref.substring(1));
        if (n.isMissingNode()) {
            throw new IllegalArgumentException("reference " + ref + " points nowhere");
        }
        return n;
    }

    /** Follows {@code $ref}s until a message object; returns its pointer. */
    String messagePointer(String ref) {
        String current = ref;
        for (int i = 0; i < 8; i++) {
            JsonNode n = resolve(current);
            if (!n.has("$ref")) {
                return current;
            }
            current = n.get("$ref").asText();
        }
        throw new IllegalStateException("reference chain too long from " + ref);
    }

    /** The message object a pointer leads to. */
    JsonNode message(String pointer) {
        return resolve(messagePointer(pointer));
    }

    private Channel channel(Map.Entry<String, JsonNode> e) {
        JsonNode c = e.getValue();
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        c.path("parameters")
                .fields()
                .forEachRemaining(
                        p -> {
                            List<String> allowed = new ArrayList<>();
                            p.getValue().path("enum").forEach(v -> allowed.add(v.asText()));
                            parameters.put(p.getKey(), allowed);
                        });
        List<String> messages = new ArrayList<>();
        c.path("messages")
                .fields()
                .forEachRemaining(
                        m -> messages.add("#/channels/" + e.getKey() + "/messages/" + m.getKey()));
        JsonNode roles = c.path("x-armature-roles");
        return new Channel(
                e.getKey(),
                c.path("address").asText(),
                parameters,
                messages,
                roles(roles.path("publish")),
                roles(roles.path("subscribe")));
    }

    private static Set<Role> roles(JsonNode list) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        list.forEach(r -> out.add(Role.parse(r.asText())));
        return out;
    }

    private static Operation operation(Map.Entry<String, JsonNode> e) {
        JsonNode o = e.getValue();
        JsonNode mqtt = o.path("bindings").path("mqtt");
        List<String> replies = new ArrayList<>();
        o.path("reply").path("messages").forEach(m -> replies.add(m.path("$ref").asText()));
        String channelRef = o.path("channel").path("$ref").asText();
        return new Operation(
                e.getKey(),
                o.path("action").asText(),
                channelRef.substring(channelRef.lastIndexOf('/') + 1),
                mqtt.path("qos").asInt(-1),
                mqtt.has("retain") ? mqtt.get("retain").asBoolean() : null,
                replies);
    }
}
