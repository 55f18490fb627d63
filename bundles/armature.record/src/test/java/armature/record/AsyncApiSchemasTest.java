package armature.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON Schemas {@code record} takes from the real docs/asyncapi.yaml. */
class AsyncApiSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AsyncApiSchemas schemas;

    @BeforeAll
    static void load() throws Exception {
        Path doc =
                Path.of(System.getProperty("armature.repo", "../..")).resolve("docs/asyncapi.yaml");
        schemas = AsyncApiSchemas.of(new ObjectMapper(new YAMLFactory()).readTree(doc.toFile()));
    }

    @Test
    void aDocumentedTopicGetsItsChannelsPayloadSchemaWithEveryReferenceInlined() throws Exception {
        NamedSchema s = schemas.jsonSchema("armature/v1/local/status").orElseThrow();
        assertThat(s.name()).isEqualTo("armature.containerStatus");
        assertThat(s.encoding()).isEqualTo("jsonschema");
        JsonNode schema = JSON.readTree(s.data());
        assertThat(schema.get("title").asText()).isEqualTo("containerStatus");
        assertThat(schema.toString()).doesNotContain("$ref");
        assertThat(schema.get("type").asText()).isEqualTo("object");
    }

    @Test
    void parametersMatchOneLevelAndEnumsOnlyTheirValues() {
        assertThat(schemas.channelOf("armature/v1/c1/control/arm/statistics"))
                .hasValue("controlStatistics");
        assertThat(schemas.channelOf("armature/v1/c1/control/arm/extra/statistics")).isEmpty();
        assertThat(schemas.jsonSchema("armature/v1/c1/sim/hand/control/reset")).isPresent();
        assertThat(schemas.channelOf("armature/v1/c1/sim/hand/control/explode")).isEmpty();
        assertThat(schemas.jsonSchema("homie/5/dev/temp")).isEmpty();
    }

    @Test
    void aFrameChannelHasNoJsonSchema() {
        assertThat(schemas.channelOf("armature/v1/local/control/hand/state")).isPresent();
        assertThat(schemas.jsonSchema("armature/v1/local/control/hand/state")).isEmpty();
    }
}
