package armature.broker.access;

import armature.control.api.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of {@code access.json}: {@code {"format": 1, "credentials": [{"name", "role", "created",
 * "password": {"algorithm", "iterations", "salt", "hash"}}]}}, salt and hash in base64.
 */
final class CredentialFile {
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CredentialFile() {}

    /** The file's bytes for {@code all}. */
    static byte[] format(List<Credential> all) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(all));
    }

    private static ObjectNode toJson(List<Credential> all) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("credentials");
        Base64.Encoder b64 = Base64.getEncoder();
        for (Credential c : all) {
            ObjectNode n = list.addObject();
            n.put("name", c.name());
            n.put("role", c.role().wireName());
            n.put("created", c.created().toString());
            ObjectNode h = n.putObject("password");
            h.put("algorithm", c.password().algorithm());
            h.put("iterations", c.password().iterations());
            h.put("salt", b64.encodeToString(c.password().salt()));
            h.put("hash", b64.encodeToString(c.password().hash()));
        }
        return root;
    }

    static List<Credential> parse(byte[] bytes, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CredentialStore.StoreException(
                    file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.path("format").asInt() != FORMAT) {
            throw new CredentialStore.StoreException(
                    file + " is not an Armature credential store (format " + FORMAT + ")", null);
        }
        List<Credential> out = new ArrayList<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (JsonNode n : root.path("credentials")) {
            try {
                JsonNode h = n.path("password");
                out.add(
                        new Credential(
                                n.path("name").asText(null),
                                Role.parse(n.path("role").asText()),
                                new PasswordHash(
                                        h.path("algorithm").asText(),
                                        h.path("iterations").asInt(),
                                        b64.decode(h.path("salt").asText()),
                                        b64.decode(h.path("hash").asText())),
                                Instant.parse(n.path("created").asText())));
            } catch (RuntimeException e) {
                throw new CredentialStore.StoreException(
                        file + ": entry " + n.path("name") + " is invalid: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }
}
