package armature.foxglove.channel;

import armature.bus.api.Topics;
import armature.control.api.AccessPolicy;
import armature.control.api.ContainerTopics;
import armature.control.api.Role;
import armature.record.AsyncApiSchemas;
import armature.record.NamedSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What docs/asyncapi.yaml says about the container's channels, for the Foxglove endpoint: which
 * channels to discover (the documented JSON channels an observer may read) and each topic's JSON
 * Schema and schema name. The document is read by {@link AsyncApiSchemas}, the same reader the MCAP
 * recorder uses, so a recording and a live Foxglove view name and describe a topic alike.
 */
public final class ChannelCatalog {
    /** The user name the endpoint's reads are checked as (observer rules do not depend on it). */
    public static final String OBSERVER_USER = "foxglove";

    private static final String CONTAINER_PARAMETER = "{container}";

    private final AsyncApiSchemas schemas;

    private ChannelCatalog(AsyncApiSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * @param doc the AsyncAPI document as a tree
     * @throws IllegalArgumentException when it has no {@code channels}
     */
    public static ChannelCatalog of(JsonNode doc) {
        return new ChannelCatalog(AsyncApiSchemas.of(doc));
    }

    /**
     * The filters that find every JSON topic of {@code topics}' container an observer may read: one
     * per documented JSON channel, each parameter level a {@code +}. Frame and binary streams
     * (joint states at 500 Hz, camera images) are not among them, so discovery never carries them.
     */
    public List<String> discoveryFilters(ContainerTopics topics) {
        Set<String> filters = new LinkedHashSet<>();
        for (AsyncApiSchemas.Channel c : schemas.channels()) {
            // The container's own channels: those whose address, with this container's id for
            // its container parameter, lies in this container's tree.
            String own = c.address().replace(CONTAINER_PARAMETER, topics.containerId());
            if (!c.json() || !own.startsWith(topics.root() + "/")) {
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
        return schemas.channelOf(topic);
    }

    /**
     * The JSON Schema for the messages on {@code topic}: the documented one, or a permissive one
     * (any JSON value) for a topic without a documented JSON payload.
     */
    public String jsonSchema(String topic) {
        Optional<NamedSchema> documented = schemas.jsonSchema(topic);
        if (documented.isPresent()) {
            return new String(documented.get().data(), StandardCharsets.UTF_8);
        }
        ObjectNode any = JsonNodeFactory.instance.objectNode();
        any.put(
                "description",
                channelOf(topic)
                        .map(c -> "channel " + c + " of docs/asyncapi.yaml (no payload schema)")
                        .orElse("not documented in docs/asyncapi.yaml: any JSON value"));
        return any.toString();
    }

    /** The schema name advertised for {@code topic}: {@code armature.<channel>}. */
    public String schemaName(String topic) {
        return "armature." + channelOf(topic).orElse("undocumented");
    }
}
