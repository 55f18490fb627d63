package armature.foxglove.channel;

import armature.bus.api.ContentTypes;
import armature.bus.api.Topics;
import armature.control.api.AccessPolicy;
import armature.control.api.ContainerTopics;
import armature.control.api.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What docs/asyncapi.yaml says about the container's channels, read from the copy bundled as JSON:
 * which channels carry JSON (those the endpoint discovers by subscribing to them), and the JSON
 * Schema of each, every local {@code $ref} inlined so that it stands alone in an Advertise message
 * (several message types on one channel: {@code anyOf}).
 */
public final class ChannelCatalog {
    /** The user name the endpoint's reads are checked as (observer rules do not depend on it). */
    public static final String OBSERVER_USER = "foxglove";

    private static final String CONTAINER_PARAMETER = "{container}";
    private static final int MAX_REF_DEPTH = 32;

    /**
     * One documented channel.
     *
     * @param name the channel's key in the document
     * @param address its address with {@code {parameter}} levels
     * @param json whether every message on it is JSON
     * @param schema its JSON Schema, or null when it documents no JSON payload
     */
    private record Entry(
            String name, String address, Pattern pattern, boolean json, ObjectNode schema) {}

    private final List<Entry> entries;

    private ChannelCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param doc the AsyncAPI document as a tree
     * @throws IllegalArgumentException when it has no {@code channels}
     */
    public static ChannelCatalog of(JsonNode doc) {
        JsonNode channels = doc.path("channels");
        if (!channels.isObject()) {
            throw new IllegalArgumentException("the AsyncAPI document has no 'channels' object");
        }
        String defaultType = doc.path("defaultContentType").asText(ContentTypes.JSON);
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = channels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            String address = c.getValue().path("address").asText(null);
            if (address == null) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<JsonNode> payloads = new ArrayList<>();
            boolean allJson = true;
            int messages = 0;
            for (JsonNode ref : c.getValue().path("messages")) {
                messages++;
                JsonNode message = resolve(doc, ref);
                String type = message.path("contentType").asText(defaultType);
                if (!isJson(type)) {
                    allJson = false;
                    continue;
                }
                names.add(ref.path("$ref").asText(c.getKey()).replaceAll(".*/", ""));
                if (message.has("payload")) {
                    payloads.add(inline(doc, message.get("payload"), 0));
                }
            }
            ObjectNode schema = null;
            if (!payloads.isEmpty()) {
                if (payloads.size() == 1 && payloads.get(0).isObject()) {
                    schema = ((ObjectNode) payloads.get(0)).deepCopy();
                } else {
                    schema = JsonNodeFactory.instance.objectNode();
                    payloads.forEach(schema.putArray("anyOf")::add);
                }
                schema.put("title", String.join(" | ", names));
            }
            entries.add(
                    new Entry(
                            c.getKey(),
                            address,
                            pattern(address),
                            allJson && messages > 0,
                            schema));
        }
        return new ChannelCatalog(entries);
    }

    /**
     * The filters that find every JSON topic of {@code topics}' container an observer may read: one
     * per documented JSON channel, each parameter level a {@code +}. Frame and binary streams
     * (joint states at 500 Hz, camera images) are not among them, so discovery never carries them.
     */
    public List<String> discoveryFilters(ContainerTopics topics) {
        Set<String> filters = new LinkedHashSet<>();
        for (Entry e : entries) {
            // The container's own channels: those whose address, with this container's id for
            // its container parameter, lies in this container's tree.
            String own = e.address.replace(CONTAINER_PARAMETER, topics.containerId());
            if (!e.json || !own.startsWith(topics.root() + "/")) {
                continue;
            }
            String filter = own.replaceAll("\\{[^/]+}", "+");
            Topics.requireValidFilter(filter);
            // A sample topic of the filter, every wildcard a name, tells whether observers may
            // read it (management requests and replies are refused).
            if (AccessPolicy.mayReceive(
                    Role.OBSERVER, OBSERVER_USER, filter.replace("+", OBSERVER_USER))) {
                filters.add(filter);
            }
        }
        return List.copyOf(filters);
    }

    /** The documented channel {@code topic} belongs to, if any. */
    public Optional<String> channelOf(String topic) {
        return entry(topic).map(Entry::name);
    }

    /**
     * The JSON Schema for the messages on {@code topic}: the documented one, or a permissive one
     * (any JSON value) for a topic without a documented JSON payload.
     */
    public String jsonSchema(String topic) {
        Optional<Entry> e = entry(topic);
        if (e.isPresent() && e.get().schema != null) {
            return e.get().schema.toString();
        }
        ObjectNode any = JsonNodeFactory.instance.objectNode();
        any.put(
                "description",
                e.isPresent()
                        ? "channel " + e.get().name + " of docs/asyncapi.yaml (no payload schema)"
                        : "not documented in docs/asyncapi.yaml: any JSON value");
        return any.toString();
    }

    /** The schema name advertised for {@code topic}: {@code armature.<channel>}. */
    public String schemaName(String topic) {
        return "armature." + entry(topic).map(Entry::name).orElse("undocumented");
    }

    private Optional<Entry> entry(String topic) {
        for (Entry e : entries) {
            if (e.pattern.matcher(topic).matches()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return base.equals(ContentTypes.JSON) || base.endsWith("+json");
    }

    private static Pattern pattern(String address) {
        StringBuilder re = new StringBuilder();
        for (String level : address.split("/", -1)) {
            if (re.length() > 0) {
                re.append('/');
            }
            if (level.startsWith("{") && level.endsWith("}")) {
                re.append("[^/]+");
            } else {
                re.append(Pattern.quote(level));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null || !ref.startsWith("#/")) {
            return node;
        }
        return doc.at(ref.substring(1));
    }

    private static JsonNode inline(JsonNode doc, JsonNode node, int depth) {
        if (depth > MAX_REF_DEPTH) {
            // a recursive schema: cut off permissively rather than loop
            return JsonNodeFactory.instance.objectNode();
        }
        if (node.isObject()) {
            if (node.path("$ref").asText("").startsWith("#/")) {
                return inline(doc, resolve(doc, node), depth + 1);
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields()
                    .forEachRemaining(f -> copy.set(f.getKey(), inline(doc, f.getValue(), depth)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> copy.add(inline(doc, n, depth)));
            return copy;
        }
        return node;
    }
}
