package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.PolicyTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default run as a new user sees it: `armature run` without --features starts the simulated
 * hand and the scripted baseline policy, `armature joint get` shows the joints moving, an
 * operator's `armature joint set` pauses the policy until an operator's resume request, and then it
 * moves the hand again.
 */
class PolicyContainerIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @TempDir Path home;

    @Test
    void theDefaultRunMovesTheHandAndAJointSetPausesItUntilResumed() throws Exception {
        ContainerProcess.linkExamples(home);
        // The repository's own default feature list, as `./armature run` in a checkout reads it.
        java.nio.file.Files.createDirectories(home.resolve("config"));
        java.nio.file.Files.copy(
                AsyncApiDocument.REPO.resolve("config/armature.features.cfg"),
                home.resolve("config/armature.features.cfg"));
        int port = ContainerProcess.freePort();
        String id = "polit";
        try (ContainerProcess c =
                ContainerProcess.start(
                        home, id, "tcp://127.0.0.1:" + port, "--port", Integer.toString(port))) {
            c.awaitReady(WAIT);
            assertThat(
                            ContainerProcess.component(c.statusJson(), "armature.policy")
                                    .path("state")
                                    .asText())
                    .isEqualTo("ACTIVE");
            PolicyTopics policy = ContainerTopics.of(id).policy("hand");
            c.awaitMessage(policy.status(), n -> "RUNNING".equals(n.path("state").asText()), WAIT);

            // The baseline moves a joint, dwells 0.5 s, and moves the next; two samples can land
            // in the same dwell, so sample once per statistics interval (1 s) until one differs
            // from the first by more than 0.05 rad, for at most ten intervals.
            JsonNode first = c.cliJson("joint", "get").path("joints");
            String stats = ContainerTopics.of(id).loop("hand").statistics();
            double moved = 0;
            for (int i = 0; i < 10 && moved <= 0.05; i++) {
                c.awaitMessage(stats, n -> true, WAIT); // two, so one whole interval passes
                c.awaitMessage(stats, n -> true, WAIT);
                moved = largestChange(first, c.cliJson("joint", "get").path("joints"));
            }
            assertThat(moved)
                    .as("largest joint motion seen by `joint get` within ten seconds [rad]")
                    .isGreaterThan(0.05);
            JsonNode loopStats =
                    c.awaitMessage(
                            stats,
                            n -> n.path("supervisor").path("commandsApplied").asLong() > 50,
                            WAIT);
            assertThat(loopStats.path("supervisor").path("rejectedInvalid").asLong()).isZero();

            ContainerProcess.Result set =
                    c.cli("joint", "set", "robot0:A_FFJ2=0.8", "--seconds", "1");
            assertThat(set.err()).as(set.toString()).doesNotContain("refused");
            JsonNode paused;
            try {
                paused =
                        c.awaitMessage(
                                policy.status(),
                                n -> "PAUSED".equals(n.path("state").asText()),
                                WAIT);
            } catch (AssertionError e) {
                throw new AssertionError("after `joint set` (" + set + "): " + e.getMessage(), e);
            }
            assertThat(paused.path("reason").asText()).contains("'cli'");

            resume(c, policy, stats);
            JsonNode resumed =
                    c.awaitMessage(
                            policy.status(),
                            n ->
                                    "RUNNING".equals(n.path("state").asText())
                                            && n.path("counters").path("resets").asLong() > 0,
                            WAIT);
            assertThat(resumed.path("paused").asBoolean()).isFalse();
        }
    }

    /**
     * The policy commands against the default run: {@code policy list} and {@code policy status}
     * show the scripted baseline on loop hand, {@code policy hold} pauses it and a second hold says
     * so without a request, {@code policy resume} restarts it, {@code policy reset} starts a new
     * episode; unloading what no package deployed and loading what is no package are refused,
     * naming why, and an unknown policy is refused naming the known ones.
     */
    @Test
    void thePolicyCommandsListShowHoldResumeAndResetTheBaseline() throws Exception {
        ContainerProcess.linkExamples(home);
        java.nio.file.Files.createDirectories(home.resolve("config"));
        java.nio.file.Files.copy(
                AsyncApiDocument.REPO.resolve("config/armature.features.cfg"),
                home.resolve("config/armature.features.cfg"));
        int port = ContainerProcess.freePort();
        String id = "policli";
        try (ContainerProcess c =
                ContainerProcess.start(
                        home, id, "tcp://127.0.0.1:" + port, "--port", Integer.toString(port))) {
            c.awaitReady(WAIT);
            PolicyTopics policy = ContainerTopics.of(id).policy("hand");
            c.awaitMessage(policy.status(), n -> "RUNNING".equals(n.path("state").asText()), WAIT);

            JsonNode list = c.cliJson("policy", "list");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("name").asText()).isEqualTo("hand");
            assertThat(list.get(0).path("status").path("loop").asText()).isEqualTo("hand");
            ContainerProcess.Result text = c.cli("policy", "list");
            assertThat(text.out()).contains("hand").contains("(scripted)");

            ContainerProcess.Result hold = c.cli("policy", "hold", "hand");
            assertThat(hold.exit()).as(hold.toString()).isZero();
            assertThat(hold.out()).contains("'cli' asked for a hold");
            assertThat(c.cliJson("policy", "status", "hand").path("paused").asBoolean()).isTrue();
            ContainerProcess.Result again = c.cli("policy", "hold", "hand");
            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(again.out()).contains("paused already");

            ContainerProcess.Result resume = c.cli("policy", "resume", "hand");
            assertThat(resume.exit()).as(resume.toString()).isZero();
            assertThat(resume.out()).contains("resumed by 'cli'");
            ContainerProcess.Result reset = c.cli("policy", "reset", "hand");
            assertThat(reset.exit()).as(reset.toString()).isZero();
            assertThat(reset.out()).contains("reset requested by 'cli'");
            ContainerProcess.Result status = c.cli("policy", "status", "hand");
            assertThat(status.out()).contains("source    (scripted)").contains("counters");

            ContainerProcess.Result unknown = c.cli("policy", "status", "nosuch");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("no policy 'nosuch'; policies: [hand]");
            ContainerProcess.Result unload = c.cli("policy", "unload", "hand");
            assertThat(unload.exit()).isEqualTo(1);
            assertThat(unload.err())
                    .contains("no policy package deploy/hand.armpolicy; deployed: []");
            java.nio.file.Path notAPackage = home.resolve("weights.onnx");
            java.nio.file.Files.write(notAPackage, new byte[] {1, 2, 3});
            ContainerProcess.Result load = c.cli("policy", "load", notAPackage.toString());
            assertThat(load.exit()).isEqualTo(2);
            assertThat(load.err()).contains("weights.onnx is not a policy package");
        }
    }

    /**
     * Resumes as an operator does: the policy refuses a resume until the loop has been free of
     * other senders' commands for its quiet window (500 ms, docs/policy.md), and the CLI's last
     * frames of `joint set` may be younger than that when it returns; so while the refusal names
     * that window, let one loop statistics interval (1 s) pass and resume again; any other refusal
     * fails.
     */
    private static void resume(ContainerProcess c, PolicyTopics policy, String stats)
            throws Exception {
        BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
        var events =
                c.observer()
                        .subscribe(
                                policy.events(),
                                Qos.AT_LEAST_ONCE,
                                m -> {
                                    JsonNode n = ContainerProcess.JSON.readTree(m.payload());
                                    String type = n.path("type").asText();
                                    if (type.equals("RESUMED") || type.equals("RESUME_REFUSED")) {
                                        answers.add(n);
                                    }
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        try {
            var operator = c.client(c.operatorUser());
            for (int attempt = 1; ; attempt++) {
                operator.publish(
                                Message.builder(policy.request(c.operatorUser()))
                                        .payload("{\"action\": \"resume\"}")
                                        .contentType(ContentTypes.JSON)
                                        .qos(Qos.AT_LEAST_ONCE)
                                        .build())
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                JsonNode answer = answers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(answer).as("the policy's answer to resume #" + attempt).isNotNull();
                if (answer.path("type").asText().equals("RESUMED")) {
                    return;
                }
                assertThat(answer.path("message").asText())
                        .as("a refusal other than the quiet window")
                        .contains("'cli' commanded the loop")
                        .contains("without other commands");
                assertThat(attempt).as("resumes refused for the quiet window").isLessThan(5);
                c.awaitMessage(stats, n -> true, WAIT); // two, as above: one whole interval
                c.awaitMessage(stats, n -> true, WAIT);
            }
        } finally {
            events.cancel();
        }
    }

    private static double largestChange(JsonNode a, JsonNode b) {
        double d = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            d =
                    Math.max(
                            d,
                            Math.abs(
                                    e.getValue().path("positionRad").asDouble()
                                            - b.path(e.getKey()).path("positionRad").asDouble()));
        }
        return d;
    }
}
