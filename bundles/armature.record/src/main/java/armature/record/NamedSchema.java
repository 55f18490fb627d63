package armature.record;

import java.util.Objects;

/**
 * A schema as an MCAP Schema record holds it.
 *
 * @param name e.g. {@code armature.containerStatus}
 * @param encoding e.g. {@link Encodings#JSON_SCHEMA}
 * @param data the schema document (UTF-8 JSON)
 */
public record NamedSchema(String name, String encoding, byte[] data) {
    public NamedSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(data, "data");
    }
}
