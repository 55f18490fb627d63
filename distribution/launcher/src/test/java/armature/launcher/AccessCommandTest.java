package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import armature.broker.access.CredentialStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessCommandTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> options, boolean json, String... words) {
        out.reset();
        err.reset();
        Home home = new Home(dir, "robot");
        return new AccessCommand(
                        home,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(words), options::get, json);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addPrintsThePasswordOnceAndItLogsInAgainstTheStoredHash() throws Exception {
        assertThat(run(Map.of("role", "operator"), true, "add", "alice")).isZero();
        JsonNode n = new ObjectMapper().readTree(out());
        assertThat(n.path("name").asText()).isEqualTo("alice");
        assertThat(n.path("role").asText()).isEqualTo("operator");
        String password = n.path("password").asText();
        assertThat(password).hasSize(43);
        assertThat(
                        CredentialStore.in(dir.resolve("runtime/robot"), "robot")
                                .find("alice")
                                .orElseThrow()
                                .password()
                                .matches(password.toCharArray()))
                .isTrue();

        assertThat(run(Map.of("role", "observer"), false, "add", "watch")).isZero();
        assertThat(out()).contains("created observer 'watch'").contains("shown only now");
    }

    @Test
    void listNamesRolesAndNeverASecret() throws Exception {
        run(Map.of("role", "operator"), true, "add", "alice");
        String password = new ObjectMapper().readTree(out()).path("password").asText();
        run(Map.of("role", "device"), false, "add", "glove");

        assertThat(run(Map.of(), true, "list")).isZero();
        JsonNode list = new ObjectMapper().readTree(out());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("name").asText()).isEqualTo("alice");
        assertThat(list.get(1).path("role").asText()).isEqualTo("device");
        assertThat(list.get(0).has("created")).isTrue();
        assertThat(out()).doesNotContain(password).doesNotContain("hash").doesNotContain("salt");

        assertThat(run(Map.of(), false, "list")).isZero();
        assertThat(out()).contains("alice").contains("operator").contains("glove");
    }

    @Test
    void refusalsExitOneAndNameTheReason() {
        run(Map.of("role", "operator"), false, "add", "alice");
        assertThat(run(Map.of("role", "observer"), false, "add", "alice")).isEqualTo(1);
        assertThat(err()).contains("credential 'alice' already exists");
        assertThat(run(Map.of("role", "operator"), false, "add", "robot")).isEqualTo(1);
        assertThat(err()).contains("'robot' is reserved");
        assertThat(run(Map.of(), false, "remove", "bob")).isEqualTo(1);
        assertThat(err()).contains("no credential named 'bob'");
        assertThat(run(Map.of(), false, "remove", "alice")).isZero();
        assertThat(run(Map.of(), true, "list")).isZero();
        assertThat(out().trim()).isEqualTo("[ ]");
    }

    @Test
    void wrongUsageExitsTwoWithTheUsageLine() {
        assertThat(run(Map.of(), false)).isEqualTo(2);
        assertThat(err()).contains("usage: armature access add NAME --role");
        assertThat(run(Map.of(), false, "add", "alice")).isEqualTo(2);
        assertThat(err()).contains("access add needs --role");
        assertThat(run(Map.of("role", "boss"), false, "add", "alice")).isEqualTo(2);
        assertThat(err()).contains("role 'boss' is unknown");
        assertThat(run(Map.of("role", "operator"), false, "add", "a/b")).isEqualTo(2);
        assertThat(err()).contains("credential name 'a/b' must be 1-64");
        assertThat(run(Map.of(), false, "grant", "alice")).isEqualTo(2);
        assertThat(err()).contains("unknown access subcommand 'grant'");
        assertThat(run(Map.of(), false, "remove")).isEqualTo(2);
    }
}
