package armature.foxglove.protocol;

import java.util.Objects;

/**
 * One server channel of an Advertise message.
 *
 * @param id unique per server while advertised (unsigned 32-bit)
 * @param topic the bus topic
 * @param encoding how each message is encoded ({@code json})
 * @param schemaName a name for the schema, shown by clients
 * @param schema the schema document, as text
 * @param schemaEncoding how the schema is written ({@code jsonschema})
 */
public record Channel(
        long id,
        String topic,
        String encoding,
        String schemaName,
        String schema,
        String schemaEncoding) {
    /** The message encoding of every Armature channel: UTF-8 JSON. */
    public static final String JSON = "json";

    /** The schema encoding of every Armature channel: JSON Schema. */
    public static final String JSON_SCHEMA = "jsonschema";

    public Channel {
        Ids.requireUint32("id", id);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(schemaEncoding, "schemaEncoding");
    }

    /** A JSON channel with a JSON Schema. */
    public static Channel json(long id, String topic, String schemaName, String jsonSchema) {
        return new Channel(id, topic, JSON, schemaName, jsonSchema, JSON_SCHEMA);
    }
}
