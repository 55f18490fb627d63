package armature.record;

import java.util.Optional;

/** Where the recorder finds the JSON Schema of a topic's JSON messages. */
@FunctionalInterface
public interface SchemaSource {
    /** No documented topics: every JSON channel gets a permissive schema. */
    SchemaSource NONE = topic -> Optional.empty();

    /** The JSON Schema of the JSON messages on {@code topic}, when it is documented. */
    Optional<NamedSchema> jsonSchema(String topic);
}
