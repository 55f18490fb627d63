package armature.foxglove.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bundle carries docs/asyncapi.yaml as JSON (the container has no YAML parser); this keeps the
 * copy equal to the document. After changing the document, regenerate the copy with {@code mvn -pl
 * bundles/armature.foxglove test -Dtest=AsyncApiResourceTest -Darmature.foxglove.regenerate=true}.
 */
class AsyncApiResourceTest {
    private static final Path REPO =
            Path.of(System.getProperty("armature.repo", "../..")).toAbsolutePath().normalize();
    private static final Path RESOURCE =
            REPO.resolve(
                    "bundles/armature.foxglove/src/main/resources"
                            + FoxgloveComponent.ASYNCAPI_RESOURCE);

    @Test
    void theBundledCopyIsTheDocument() throws IOException {
        JsonNode doc =
                new ObjectMapper(new YAMLFactory())
                        .readTree(REPO.resolve("docs/asyncapi.yaml").toFile());
        ObjectMapper json = new ObjectMapper();
        if (Boolean.getBoolean("armature.foxglove.regenerate")) {
            Files.writeString(RESOURCE, json.writeValueAsString(doc) + "\n");
        }
        assertThat(json.readTree(RESOURCE.toFile()))
                .as(
                        RESOURCE
                                + " differs from docs/asyncapi.yaml; regenerate it (see this test's"
                                + " javadoc)")
                .isEqualTo(doc);
    }
}
