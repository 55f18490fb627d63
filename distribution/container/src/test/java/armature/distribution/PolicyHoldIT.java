package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ContainerTopics;
import armature.control.api.PolicyTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's hold survives a crash: {@code policy hold} then {@code kill -9} and a restart on
 * the same home, and the scripted baseline comes back paused, saying who held it, until a resume;
 * after that resume, a crash no longer leaves it paused.
 */
class PolicyHoldIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "holdit";
    @TempDir Path home;

    @Test
    void aHoldIsKeptAcrossKill9UntilAResume() throws Exception {
        ContainerProcess.linkExamples(home);
        Files.createDirectories(home.resolve("config"));
        Files.copy(
                AsyncApiDocument.REPO.resolve("config/armature.features.cfg"),
                home.resolve("config/armature.features.cfg"));
        int port = ContainerProcess.freePort();
        PolicyTopics policy = ContainerTopics.of(ID).policy("hand");

        ContainerProcess c = start(port);
        c.awaitMessage(policy.status(), n -> "RUNNING".equals(n.path("state").asText()), WAIT);
        ContainerProcess.Result hold = c.cli("policy", "hold", "hand");
        assertThat(hold.exit()).as(hold.toString()).isZero();
        c.kill9();
        c.close();

        c = start(port);
        try {
            JsonNode paused =
                    c.awaitMessage(
                            policy.status(), n -> "PAUSED".equals(n.path("state").asText()), WAIT);
            assertThat(paused.path("paused").asBoolean()).isTrue();
            assertThat(paused.path("reason").asText()).contains("'cli' asked for a hold");
            ContainerProcess.Result resume = c.cli("policy", "resume", "hand");
            assertThat(resume.exit()).as(resume.toString()).isZero();
            c.kill9();
        } finally {
            c.close();
        }

        c = start(port);
        try {
            JsonNode running =
                    c.awaitMessage(
                            policy.status(), n -> "RUNNING".equals(n.path("state").asText()), WAIT);
            assertThat(running.path("paused").asBoolean()).isFalse();
        } finally {
            c.close();
        }
    }

    private ContainerProcess start(int port) throws Exception {
        ContainerProcess c =
                ContainerProcess.start(
                        home, ID, "tcp://127.0.0.1:" + port, "--port", Integer.toString(port));
        c.awaitReady(WAIT);
        return c;
    }
}
