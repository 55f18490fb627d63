package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Static half of the AsyncAPI check (the end-to-end test checks what is really published): every
 * topic expression in main code, {@code "armature/v1/" + id + "/x"} or {@code
 * Topics.join("armature", "v1", ...)}, must match a channel of docs/asyncapi.yaml, with each
 * non-literal part standing for one level. Expressions ending in '/' are prefixes (for '#' filters
 * and operation names) and must begin some channel.
 */
class TopicLiteralsTest {
    private static final Path REPO = Path.of(System.getProperty("armature.repo", "../.."));

    @Test
    void everyTopicInTheCodeIsAChannelOfTheAsyncApiDocument() throws IOException {
        AsyncApiChannels doc = new AsyncApiChannels(REPO.resolve("docs/asyncapi.yaml"));
        List<String> found = new ArrayList<>();
        for (Path root :
                List.of(
                        REPO.resolve("bundles"),
                        REPO.resolve("distribution"),
                        REPO.resolve("examples"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f :
                        files.filter(
                                        p ->
                                                p.toString().endsWith(".java")
                                                        && p.toString().contains("/src/main/"))
                                .toList()) {
                    found.addAll(topicExpressions(Files.readString(f)));
                }
            }
        }
        assertThat(found).as("topic expressions found in main code").isNotEmpty();
        for (String topic : found) {
            boolean ok =
                    topic.endsWith("/")
                            ? doc.addresses().stream().anyMatch(a -> normalise(a).startsWith(topic))
                            : doc.documents(topic.replace("{x}", "x"));
            assertThat(ok)
                    .as(
                            "'"
                                    + topic
                                    + "' (from main code) is a channel of docs/asyncapi.yaml "
                                    + doc.addresses())
                    .isTrue();
        }
    }

    @Test
    void theDocumentIsValidYamlAndEveryChannelHasAnAddress() throws IOException {
        var yaml =
                new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        var root = yaml.readTree(REPO.resolve("docs/asyncapi.yaml").toFile());
        assertThat(root.path("asyncapi").asText()).startsWith("3.");
        List<String> addresses = new ArrayList<>();
        root.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        assertThat(addresses).doesNotContain("").isNotEmpty();
        assertThat(new AsyncApiChannels(REPO.resolve("docs/asyncapi.yaml")).addresses())
                .containsExactlyInAnyOrderElementsOf(addresses);
    }

    @Test
    void theScannerUnderstandsBothForms() {
        assertThat(
                        topicExpressions(
                                "String t = \"armature/v1/\" + bus.containerId() + \"/heartbeat\";"))
                .containsExactly("armature/v1/{x}/heartbeat");
        assertThat(
                        topicExpressions(
                                "x(Topics.join(\"armature\", \"v1\", s.id(), \"reply\", name), 3);"))
                .containsExactly("armature/v1/{x}/reply/{x}");
    }

    /** Parameters in channel addresses become {x}, as the scanner writes non-literal parts. */
    private static String normalise(String address) {
        return address.replaceAll("\\{[^}]+}", "{x}");
    }

    static List<String> topicExpressions(String source) {
        String text = source.replaceAll("\\s+", " ");
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf("\"armature/v1/\"", i)) >= 0) {
            out.add(concatenation(text, i));
            i += 14;
        }
        i = 0;
        while ((i = text.indexOf("Topics.join(\"armature\"", i)) >= 0) {
            int start = text.indexOf('(', i) + 1;
            StringBuilder sb = new StringBuilder();
            for (String part : arguments(text, start)) {
                if (sb.length() > 0) {
                    sb.append('/');
                }
                sb.append(part.startsWith("\"") ? part.substring(1, part.length() - 1) : "{x}");
            }
            out.add(sb.toString());
            i = start;
        }
        return out;
    }

    /** Reads {@code "a" + expr + "b" ...} from {@code start} until the expression ends. */
    private static String concatenation(String text, int start) {
        StringBuilder sb = new StringBuilder();
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '+') {
                i++;
                continue;
            }
            if (c == '"') {
                int end = text.indexOf('"', i + 1);
                sb.append(text, i + 1, end);
                i = end + 1;
                continue;
            }
            if (c == ';' || c == ')' || c == ',' || c == '{' || c == '}') {
                break;
            }
            int depth = 0;
            while (i < text.length()) {
                char d = text.charAt(i);
                if (d == '(') {
                    depth++;
                } else if (d == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (depth == 0 && (d == '+' || d == ';' || d == ',')) {
                    break;
                }
                i++;
            }
            sb.append("{x}");
        }
        return sb.toString();
    }

    private static List<String> arguments(String text, int start) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    args.add(cur.toString().trim());
                    return args;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(cur.toString().trim());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        return args;
    }
}
