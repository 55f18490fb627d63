package armature.launcher;

import armature.bus.api.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The JSON documents the CLI reads from the bus and prints. */
final class JsonDocs {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonDocs() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * A message's payload as a JSON object.
     *
     * @throws Cli.Refused naming the topic when it is not one
     */
    static ObjectNode object(Message m) {
        try {
            JsonNode n = MAPPER.readTree(m.payload());
            if (n == null || !n.isObject()) {
                throw new Cli.Refused(m.topic() + " carries " + n + ", not a JSON object");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new Cli.Refused("unreadable JSON on " + m.topic() + ": " + e.getMessage());
        }
    }
}
