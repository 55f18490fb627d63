package armature.foxglove.channel;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Topics;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled docs/asyncapi.yaml: which topics discovery reads, and their schemas. */
class ChannelCatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChannelCatalog catalog;
    private final ContainerTopics topics = ContainerTopics.of("c1");
    private final LoopTopics hand = topics.loop("hand");

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in =
                ChannelCatalogTest.class.getResourceAsStream("/armature/foxglove/asyncapi.json")) {
            catalog = ChannelCatalog.of(JSON.readTree(in));
        }
    }

    @Test
    void discoveryReadsTheJsonChannelsOfThisContainerOnly() {
        List<String> filters = catalog.discoveryFilters(topics);
        assertThat(filters)
                .contains(
                        topics.status(),
                        topics.componentFilter(),
                        topics.loopStateSchemaFilter(),
                        topics.driverHealthFilter())
                .allMatch(f -> f.startsWith(topics.root() + "/"));
        // the 500 Hz frames, camera images, commands: never carried by discovery
        for (String notDiscovered :
                List.of(hand.state(), hand.command("op"), topics.vision().frames("cam"))) {
            assertThat(filters).noneMatch(f -> Topics.matches(f, notDiscovered));
        }
        // management requests and replies: never readable by an observer
        assertThat(filters).noneMatch(f -> f.contains("/mgmt/") || f.contains("/reply/"));
        assertThat(filters).noneMatch(f -> Topics.matches(f, topics.reply("alice", "cli")));
    }

    @Test
    void documentedTopicsGetTheirSchema() throws Exception {
        assertThat(catalog.channelOf(hand.eStop())).contains("controlEStop");
        assertThat(catalog.schemaName(hand.eStop())).isEqualTo("armature.controlEStop");
        JsonNode schema = JSON.readTree(catalog.jsonSchema(hand.eStop()));
        assertThat(schema.get("title").asText()).isNotBlank();
        assertThat(schema.toString()).doesNotContain("$ref");
        assertThat(schema.has("properties") || schema.has("anyOf")).isTrue();
    }

    @Test
    void undocumentedTopicsGetAPermissiveSchema() throws Exception {
        String t = topics.extension("nowhere", "x");
        assertThat(catalog.channelOf(t)).isEmpty();
        assertThat(catalog.schemaName(t)).isEqualTo("armature.undocumented");
        JsonNode schema = JSON.readTree(catalog.jsonSchema(t));
        assertThat(schema.has("type")).isFalse();
        assertThat(schema.has("properties")).isFalse();
    }
}
