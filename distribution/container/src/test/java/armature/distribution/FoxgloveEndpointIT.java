package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Foxglove endpoint of the real distribution, driven by the protocol's reference client from
 * npm ({@code @foxglove/ws-protocol} over {@code ws}, tools/foxglove-client/check.mjs): the URL
 * comes from {@code status --json}; the client connects, sees the hand's joint-state channel
 * advertised, subscribes, and receives decoded joint states that move; a wrong token is refused.
 * Without node or the client the test is skipped on a developer machine and fails in CI.
 */
class FoxgloveEndpointIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Path TOOL =
            Path.of(System.getProperty("armature.repo", "../.."))
                    .resolve("tools/foxglove-client")
                    .toAbsolutePath()
                    .normalize();

    @TempDir Path home;

    @Test
    void theReferenceClientWatchesTheHandThroughTheUrlInStatus() throws Exception {
        requireReferenceClient();
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        try (ContainerProcess c =
                ContainerProcess.start(
                        home,
                        "foxit",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--http-port",
                        "0",
                        "--features",
                        "sim-hand,hand-baseline,dashboard")) {
            c.awaitReady(WAIT);
            String url = foxgloveUrl(c);
            assertThat(url).matches("ws://127\\.0\\.0\\.1:[0-9]+/foxglove\\?token=[0-9a-f]{32}");
            LoopTopics hand = ContainerTopics.of("foxit").loop("hand");

            JsonNode r =
                    client(
                            url,
                            "--topic",
                            hand.state(),
                            "--messages",
                            "200",
                            "--timeout-ms",
                            "60000");
            assertThat(r.path("ok").asBoolean())
                    .as("%s; statuses %s; log:%n%s", r.path("error"), r.path("statuses"), c.log())
                    .isTrue();
            assertThat(r.path("protocol").asText()).isEqualTo("foxglove.websocket.v1");
            assertThat(r.path("serverInfo").path("capabilities")).isEmpty();
            assertThat(r.path("serverInfo").path("metadata").path("container").asText())
                    .isEqualTo("foxit");
            List<String> topics = new ArrayList<>();
            r.path("channels").forEach(t -> topics.add(t.asText()));
            assertThat(topics)
                    .contains(
                            hand.state(), hand.stateSchema(), ContainerTopics.of("foxit").status())
                    .noneMatch(t -> t.contains("/mgmt/") || t.contains("/reply/"));
            JsonNode channel = r.path("channel");
            assertThat(channel.path("encoding").asText()).isEqualTo("json");
            assertThat(channel.path("schemaEncoding").asText()).isEqualTo("jsonschema");
            assertThat(channel.path("schemaName").asText()).isEqualTo("armature.jointState");
            JsonSchema schema =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                            .getSchema(
                                    ContainerProcess.JSON.readTree(
                                            channel.path("schema").asText()));

            JsonNode messages = r.path("messages");
            assertThat(messages).hasSize(200);
            Set<String> positions = new HashSet<>();
            long previousSeq = -1;
            for (JsonNode m : messages) {
                JsonNode d = m.path("data");
                assertThat(schema.validate(d)).as(d.toString()).isEmpty();
                assertThat(d.path("names").size())
                        .isGreaterThan(10)
                        .isEqualTo(d.path("positionRad").size());
                assertThat(d.path("effortUnit").asText()).isEqualTo("Nm");
                assertThat(d.path("seq").asLong()).isGreaterThan(previousSeq);
                previousSeq = d.path("seq").asLong();
                positions.add(d.path("positionRad").toString());
            }
            assertThat(positions).as("the hand moves").hasSizeGreaterThan(1);
            long spanNs =
                    Long.parseLong(messages.get(199).path("receiveTimeNs").asText())
                            - Long.parseLong(messages.get(0).path("receiveTimeNs").asText());
            List<Double> delaysMs = new ArrayList<>();
            for (JsonNode m : messages) {
                delaysMs.add(
                        m.path("clientTimeMs").asDouble()
                                - Long.parseLong(m.path("receiveTimeNs").asText()) / 1e6);
            }
            delaysMs.sort(null);
            System.out.printf(
                    "FoxgloveEndpointIT: 200 joint states in %.1f ms (%.0f messages/s, seq %d..%d);"
                            + " endpoint receive to client decode: median %.2f ms, max %.2f ms%n",
                    spanNs / 1e6,
                    199 / (spanNs / 1e9),
                    messages.get(0).path("data").path("seq").asLong(),
                    previousSeq,
                    delaysMs.get(100),
                    delaysMs.get(199));

            String wrong =
                    url.replaceAll("token=[0-9a-f]+", "token=00000000000000000000000000000000");
            JsonNode refused = client(wrong, "--expect-refused", "--timeout-ms", "20000");
            assertThat(refused.path("ok").asBoolean()).as(refused.toString()).isTrue();
            assertThat(refused.path("refused").asBoolean()).isTrue();
            assertThat(refused.path("error").asText()).isEqualTo("HTTP 403");
            assertThat(c.isAlive()).isTrue();
            // the refusal is logged, without the token it was shown
            assertThat(c.log())
                    .contains("refused: wrong token")
                    .doesNotContain("token=00000000000000000000000000000000");
            // the refusal says why, in JSON, without echoing the token
            java.net.http.HttpResponse<String> plain =
                    java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create(
                                                            wrong.replaceFirst("^ws", "http")))
                                            .GET()
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(403);
            assertThat(ContainerProcess.JSON.readTree(plain.body()).path("error").asText())
                    .contains("needs the token of the URL in `armature status --json`")
                    .doesNotContain("00000000000000000000000000000000");
        }
    }

    /**
     * The "foxglove" URL of status --json, once the endpoint has registered it (a status that does
     * not answer in time on a busy machine is asked again until the deadline).
     */
    private static String foxgloveUrl(ContainerProcess c) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ContainerProcess.Result last;
        do {
            last = c.cli("status", "--json"); // each CLI call takes its time: a poll, not a spin
            if (last.exit() == 0) {
                JsonNode url = ContainerProcess.JSON.readTree(last.out()).path("foxglove");
                if (url.isTextual()) {
                    return url.asText();
                }
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("status --json has no foxglove URL: " + last + "\n" + c.log());
    }

    private static JsonNode client(String url, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("node", TOOL.resolve("check.mjs").toString(), url));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the reference client finished").isTrue();
        String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
        try {
            return ContainerProcess.JSON.readTree(last);
        } catch (IOException e) {
            String head = out.length() > 2000 ? out.substring(0, 2000) + "..." : out;
            throw new AssertionError("the reference client printed no JSON report: " + head, e);
        }
    }

    /** Skips (in CI: fails) without node or tools/foxglove-client's packages. */
    private static void requireReferenceClient() throws Exception {
        String why = null;
        try {
            if (ContainerProcess.run(List.of("node", "--version")).exit() != 0) {
                why = "node does not run";
            }
        } catch (IOException e) {
            why = "node is not installed";
        }
        if (why == null && !Files.isDirectory(TOOL.resolve("node_modules/@foxglove/ws-protocol"))) {
            why =
                    "the Foxglove reference client is not installed: run `npm ci --ignore-scripts --prefix tools/foxglove-client`";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(
                    "CI must test the Foxglove endpoint with the reference client, but " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }
}
