package armature.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON Schemas of the channels of an AsyncAPI 3 document (docs/asyncapi.yaml, parsed into a
 * tree by the caller): a topic matches a channel's address with one level per parameter (from its
 * {@code enum} when it has one); the schema is the payload of the channel's JSON messages, with
 * every {@code $ref} to {@code #/components/schemas} inlined so that it stands alone in an MCAP
 * Schema record (several messages: {@code anyOf}).
 */
public final class AsyncApiSchemas implements SchemaSource {
    private static final int MAX_REF_DEPTH = 32;

    /**
     * One documented channel.
     *
     * @param name the channel's key in the document
     * @param address its address, {@code {parameter}} for a parameter level
     * @param json whether it has messages and every one of them is JSON
     */
    public record Channel(String name, String address, boolean json) {}

    private record Entry(Channel channel, Pattern address, NamedSchema schema) {}

    private final List<Entry> entries;

    private AsyncApiSchemas(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @param doc the whole AsyncAPI document
     * @throws IllegalArgumentException when it has no {@code channels}
     */
    public static AsyncApiSchemas of(JsonNode doc) {
        JsonNode channels = doc.path("channels");
        if (!channels.isObject()) {
            throw new IllegalArgumentException("the AsyncAPI document has no 'channels'");
        }
        String defaultType = doc.path("defaultContentType").asText("application/json");
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = channels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            JsonNode channel = c.getValue();
            String address = channel.path("address").asText(null);
            if (address == null) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<JsonNode> payloads = new ArrayList<>();
            int messages = 0;
            boolean allJson = true;
            for (JsonNode ref : channel.path("messages")) {
                messages++;
                JsonNode message = resolve(doc, ref);
                String base = Payload.baseType(message.path("contentType").asText(defaultType));
                boolean json =
                        base != null && (base.equals("application/json") || base.endsWith("+json"));
                allJson &= json;
                if (json && message.has("payload")) {
                    names.add(ref.path("$ref").asText(c.getKey()).replaceAll(".*/", ""));
                    payloads.add(inline(doc, message.get("payload"), 0));
                }
            }
            Channel described = new Channel(c.getKey(), address, allJson && messages > 0);
            Pattern pattern = pattern(address, channel.path("parameters"));
            if (payloads.isEmpty()) {
                // A frame or binary channel: documented, but without a JSON Schema.
                entries.add(new Entry(described, pattern, null));
                continue;
            }
            ObjectNode schema;
            if (payloads.size() == 1) {
                schema =
                        payloads.get(0).isObject()
                                ? ((ObjectNode) payloads.get(0)).deepCopy()
                                : JsonNodeFactory.instance.objectNode();
            } else {
                schema = JsonNodeFactory.instance.objectNode();
                payloads.forEach(schema.putArray("anyOf")::add);
            }
            schema.put("title", String.join(" | ", names));
            entries.add(
                    new Entry(
                            described,
                            pattern,
                            new NamedSchema(
                                    "armature." + c.getKey(),
                                    Encodings.JSON_SCHEMA,
                                    schema.toString().getBytes(StandardCharsets.UTF_8))));
        }
        return new AsyncApiSchemas(entries);
    }

    @Override
    public Optional<NamedSchema> jsonSchema(String topic) {
        // The first documented channel the topic belongs to decides, with or without a schema.
        for (Entry e : entries) {
            if (e.address.matcher(topic).matches()) {
                return Optional.ofNullable(e.schema);
            }
        }
        return Optional.empty();
    }

    /** The documented channel a topic belongs to, for messages. */
    public Optional<String> channelOf(String topic) {
        return entries.stream()
                .filter(e -> e.address.matcher(topic).matches())
                .map(e -> e.channel.name())
                .findFirst();
    }

    /** Every documented channel, in the document's order. */
    public List<Channel> channels() {
        return entries.stream().map(Entry::channel).toList();
    }

    private static Pattern pattern(String address, JsonNode parameters) {
        StringBuilder re = new StringBuilder();
        for (String level : address.split("/", -1)) {
            if (re.length() > 0) {
                re.append('/');
            }
            if (level.startsWith("{") && level.endsWith("}")) {
                JsonNode values =
                        parameters.path(level.substring(1, level.length() - 1)).path("enum");
                if (values.isArray() && values.size() > 0) {
                    List<String> alternatives = new ArrayList<>();
                    values.forEach(v -> alternatives.add(Pattern.quote(v.asText())));
                    re.append("(?:").append(String.join("|", alternatives)).append(')');
                } else {
                    re.append("[^/]+");
                }
            } else {
                re.append(Pattern.quote(level));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** A {@code {$ref: '#/...'}} node resolved in the document; any other node as it is. */
    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asText(null);
        if (ref == null || !ref.startsWith("#/")) {
            return node;
        }
        return doc.at(ref.substring(1));
    }

    /** A copy of {@code node} with every local {@code $ref} replaced by what it points at. */
    private static JsonNode inline(JsonNode doc, JsonNode node, int depth) {
        if (depth > MAX_REF_DEPTH) {
            // A recursive schema: cut it off permissively rather than loop.
            return JsonNodeFactory.instance.objectNode();
        }
        if (node.isObject()) {
            if (node.has("$ref") && node.get("$ref").asText("").startsWith("#/")) {
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
