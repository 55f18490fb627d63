package armature.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message schemas of docs/asyncapi.yaml as validators (networknt json-schema-validator, JSON
 * Schema draft 7, the dialect AsyncAPI schema objects extend). Each schema is the document's {@code
 * components} with a root {@code $ref} to the message's payload or headers, so references between
 * schemas resolve as they do for the AsyncAPI parser.
 */
final class PayloadSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AsyncApiDocument doc;
    // Draft 7 with the AsyncAPI document's "components" known (not validated), so the schema roots
    // below do not log an unknown keyword.
    private final JsonSchemaFactory factory =
            JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7))
                    .metaSchema(
                            JsonMetaSchema.builder(JsonMetaSchema.getV7())
                                    .keyword(new NonValidationKeyword("components"))
                                    .build())
                    .build();
    private final SchemaValidatorsConfig config =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

    PayloadSchemas(AsyncApiDocument doc) {
        this.doc = doc;
    }

    /**
     * Whether the message (a pointer as in {@link AsyncApiDocument.Channel#messages}) has a payload
     * schema.
     */
    boolean hasPayload(String message) {
        return doc.message(message).has("payload");
    }

    /** The schema errors of {@code payload} against the message's payload; empty when valid. */
    List<String> payloadErrors(String message, JsonNode payload) {
        return errors(doc.messagePointer(message) + "/payload", payload);
    }

    /**
     * The schema errors of the MQTT user properties against the message's {@code headers}; empty
     * when valid or when the message declares no headers.
     */
    List<String> headerErrors(String message, Map<String, String> userProperties) {
        if (!doc.message(message).has("headers")) {
            return List.of();
        }
        return errors(doc.messagePointer(message) + "/headers", JSON.valueToTree(userProperties));
    }

    private List<String> errors(String pointer, JsonNode instance) {
        JsonSchema schema = cache.computeIfAbsent(pointer, this::compile);
        return schema.validate(instance).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private JsonSchema compile(String pointer) {
        if (!pointer.startsWith("#/components/")) {
            throw new IllegalArgumentException(
                    "messages must live under #/components/messages, not " + pointer);
        }
        doc.resolve(pointer); // fails naming the pointer when it leads nowhere
        ObjectNode root = JSON.createObjectNode();
        root.put("$ref", pointer);
        root.set("components", doc.root().path("components"));
        return factory.getSchema(root, config);
    }
}
