package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.control.api.CommandContract;
import armature.control.api.ControlEventType;
import armature.control.api.EStopAction;
import armature.control.api.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/control.md stays true to the code: it quotes the example as it is, its frame bytes are what
 * FrameWriter writes, and it explains every event type, statistics field, e-stop action and number
 * of the command contract.
 */
class ControlDocTest {
    private static final Path DOC = AsyncApiDocument.REPO.resolve("docs/control.md");
    private static final Path EXAMPLE =
            AsyncApiDocument.REPO.resolve(
                    "distribution/container/src/test/java/armature/distribution/JointCommandExample.java");
    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(DOC);
    }

    @Test
    void theExampleIsQuotedAsItIs() throws IOException {
        String source = Files.readString(EXAMPLE);
        String region = between(source, "    // [example]\n", "    // [/example]\n");
        StringBuilder dedented = new StringBuilder();
        for (String line : region.split("\n", -1)) {
            dedented.append(line.startsWith("    ") ? line.substring(4) : line).append('\n');
        }
        String quoted =
                between(
                        doc,
                        "<!-- example: JointCommandExample.java between its [example] markers -->\n```java\n",
                        "```\n");
        assertThat(quoted).isEqualTo(dedented.toString().stripTrailing() + "\n");
    }

    @Test
    void theFrameBytesAreWhatFrameWriterWrites() {
        String hex = between(doc, "float64 [0.5, -0.25] -->\n```text\n", "```");
        byte[] documented = HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
        byte[] written = new byte[documented.length];
        int length =
                new FrameWriter()
                        .wrap(written, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, 2)
                        .epoch(7)
                        .sequence(42)
                        .timestampNs(1000)
                        .putChannel(new double[] {0.5, -0.25})
                        .finish();
        assertThat(length).isEqualTo(documented.length);
        assertThat(HexFormat.ofDelimiter(" ").formatHex(written))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(documented));
        FrameReader r = new FrameReader().wrap(documented);
        assertThat(r.kind()).isEqualTo(FrameKind.JOINT_COMMAND);
        assertThat(r.epoch()).isEqualTo(7);
        assertThat(r.sequence()).isEqualTo(42);
        assertThat(r.get(0, 1)).isEqualTo(-0.25);
    }

    @Test
    void everyEventTypeIsExplained() {
        List<String> missing = new ArrayList<>();
        for (ControlEventType t : ControlEventType.values()) {
            if (!doc.contains("| `" + t.name() + "` |")) {
                missing.add(t.name());
            }
        }
        assertThat(missing).as("event types without a row in docs/control.md").isEmpty();
    }

    @Test
    void everyStatisticsFieldIsExplained() throws IOException {
        AsyncApiDocument api = AsyncApiDocument.load();
        Set<String> fields = new TreeSet<>();
        collect(api, api.resolve("#/components/schemas/controlStatistics"), fields);
        assertThat(fields).hasSizeGreaterThan(40);
        List<String> missing = fields.stream().filter(f -> !doc.contains("`" + f + "`")).toList();
        assertThat(missing).as("statistics fields docs/control.md does not name").isEmpty();
    }

    @Test
    void everyEStopActionHasARowWithItsRoles() throws IOException {
        AsyncApiDocument api = AsyncApiDocument.load();
        for (EStopAction a : EStopAction.values()) {
            assertThat(doc).contains("| `" + a.wireName() + "` |");
        }
        String tripRow = line(doc, "| `trip` |");
        for (Role r : api.channel("controlEStopTrip").publishers()) {
            if (r != Role.CONTAINER) {
                assertThat(tripRow).as("trip row names " + r).contains("`" + r.wireName() + "`");
            }
        }
        assertThat(api.channel("controlEStopRequest").publishers()).contains(Role.OPERATOR);
        for (EStopAction a : EStopAction.values()) {
            assertThat(line(doc, "| `" + a.wireName() + "` |")).contains("operator");
        }
    }

    @Test
    void theNumbersAreTheCommandContracts() {
        String text = doc.replaceAll("\\s+", " ");
        assertThat(text)
                .contains("2^32 = " + CommandContract.MAX_SEQUENCE_STEP)
                .contains(CommandContract.MAX_SENDERS_PER_EPOCH + " senders per epoch")
                .contains("at " + CommandContract.RECOMMENDED_COMMAND_RATE_HZ + " Hz")
                .contains("slower than " + CommandContract.MIN_COMMAND_RATE_HZ + " Hz")
                .contains("for " + CommandContract.DEFAULT_HOLD_TIMEOUT_MILLIS + " ms")
                .contains(
                        CommandContract.DEFAULT_SAFE_STATE_TIMEOUT_MILLIS / 1000
                                + " s in `HOLDING`");
    }

    /** Every property name below {@code schema}, following references. */
    private static void collect(AsyncApiDocument api, JsonNode schema, Set<String> out) {
        if (schema.isMissingNode()) {
            return;
        }
        if (schema.has("$ref")) {
            collect(api, api.resolve(schema.get("$ref").asText()), out);
            return;
        }
        schema.path("properties")
                .fields()
                .forEachRemaining(
                        e -> {
                            out.add(e.getKey());
                            collect(api, e.getValue(), out);
                        });
        collect(api, schema.path("items"), out);
        schema.path("oneOf").forEach(s -> collect(api, s, out));
    }

    private static String between(String text, String start, String end) {
        int i = text.indexOf(start);
        assertThat(i).as("'" + start.strip() + "' in the text").isNotNegative();
        int j = text.indexOf(end, i + start.length());
        assertThat(j).as("'" + end.strip() + "' after it").isNotNegative();
        return text.substring(i + start.length(), j);
    }

    private static String line(String text, String containing) {
        Matcher m =
                Pattern.compile("^.*" + Pattern.quote(containing) + ".*$", Pattern.MULTILINE)
                        .matcher(text);
        assertThat(m.find()).as("a line with " + containing).isTrue();
        return m.group();
    }
}
