package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard page in a real headless browser: Debian's chromium driven by playwright-core
 * ({@code tools/dashboard-e2e}) against the real distribution started with {@code --http-port 0},
 * the simulated hand and the baseline policy. An operator and an observer are created with {@code
 * armature access add}; the browser logs in, sees the joint plot and the 3D view move, trips the
 * e-stop with the button (checked with {@code armature estop status}), is refused as the observer,
 * acknowledges and resets as the operator, and deploys the greeter example by dropping its jar on
 * the page, then installs and uninstalls the feature heartbeat with its button. The screenshots
 * land in {@code target/dashboard-screenshots} (docs/images holds copies).
 *
 * <p>Without node, chromium or {@code tools/dashboard-e2e/node_modules} it is skipped on a
 * developer machine and fails in CI ({@code CI=true}), where .ci/run installs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ID = "dashweb";
    private static final Path SHOTS = BrowserPhases.SHOTS;

    @TempDir static Path home;
    private ContainerProcess c;
    private String url;
    private ContainerProcess.Login operator;
    private ContainerProcess.Login observer;

    @BeforeAll
    void start() throws Exception {
        BrowserPhases.requireBrowser();
        // Screenshots of an earlier run (a failed phase's among them) must not pass for this run's.
        if (Files.isDirectory(SHOTS)) {
            try (var old = Files.list(SHOTS)) {
                for (Path f : old.toList()) {
                    Files.delete(f);
                }
            }
        }
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--http-port",
                        "0",
                        "--features",
                        "sim-hand,hand-baseline,dashboard");
        c.awaitReady(WAIT);
        url = BrowserPhases.dashboardUrl(c);
        assertThat(url).startsWith("http://127.0.0.1:");
        operator = c.createCredential("alice", "operator");
        observer = c.createCredential("bob", "observer");
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void theRobotSceneNeedsALogin() throws Exception {
        java.net.http.HttpResponse<String> r =
                java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(url + "api/robot/hand"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(ContainerProcess.JSON.readTree(r.body()).path("error").asText())
                .contains("not logged in");
    }

    @Test
    void anOperatorAndAnObserverUseTheDashboardInChromium() throws Exception {
        JsonNode watch = browser("watch", operator);
        assertThat(watch.path("plotChanged").asBoolean()).as("joint plot updates").isTrue();
        assertThat(watch.path("plotSamples").asInt()).isGreaterThan(40);
        assertThat(watch.path("sceneChanged").asBoolean()).as("3D view moves").isTrue();
        assertThat(watch.path("estop").asText()).isEqualTo("LATCHED");
        assertThat(estopState()).as("the button's trip reached the loop").isEqualTo("LATCHED");
        assertThat(watch.path("policyBefore").asText())
                .as("the baseline policy in the policies panel")
                .isNotEmpty();
        assertThat(watch.path("wearRows").asInt())
                .as("a temperature and wear row per joint of the hand")
                .isGreaterThan(10);
        // SCHED_FIFO 50 where the container may (root in CI), otherwise SCHED_OTHER and why.
        assertThat(watch.path("loopThread").asText())
                .as("the loop thread's scheduling in the timing panel")
                .matches("SCHED_FIFO 50|SCHED_OTHER: .+");
        assertThat(watch.path("policyAfter").asText())
                .as("the policies panel shows the e-stop's pause")
                .endsWith("(paused)");

        JsonNode observe = browser("observe", observer);
        assertThat(observe.path("refusedStatus").asInt()).isEqualTo(403);
        assertThat(observe.path("refusedReason").asText()).isNotBlank();
        assertThat(observe.path("reasons").path("estop-reset").asText()).contains("operator");
        assertThat(estopState()).as("the observer changed nothing").isEqualTo("LATCHED");

        Path greeter = Jars.example("armature.example.greeter");
        JsonNode recover = browser("recover", operator, greeter.toString());
        assertThat(recover.path("estop").asText()).isEqualTo("CLEAR");
        assertThat(estopState()).isEqualTo("CLEAR");
        assertThat(recover.path("deployed").asText()).isEqualTo("armature.example.greeter");
        assertThat(recover.path("featureCycled").asText()).isEqualTo("heartbeat");
        assertThat(
                        ContainerProcess.bundle(
                                        c.cliJson("status", "--timeout", "60"),
                                        "armature.example.heartbeat")
                                .isMissingNode())
                .as("uninstalled from the page")
                .isTrue();
        // rateHz is 50..1000 in the loop's metadata: the page shows management's refusal inline.
        assertThat(recover.path("configError").asText()).contains("rateHz").contains("5000");
        assertThat(
                        ContainerProcess.bundle(
                                        c.cliJson("status", "--timeout", "60"),
                                        "armature.example.greeter")
                                .path("state")
                                .asText())
                .isEqualTo("ACTIVE");
        assertThat(SHOTS.resolve("dashboard-overview.png")).exists();
        assertThat(SHOTS.resolve("dashboard-3d.png")).exists();
    }

    /** The latch as `armature estop status` sees it (a generous time-out: CI machines are busy). */
    private String estopState() throws Exception {
        return c.cliJson("estop", "status", "--timeout", "60").path("state").asText();
    }

    /** Runs one phase of tools/dashboard-e2e/dashboard-e2e.mjs and returns its JSON report. */
    private JsonNode browser(String phase, ContainerProcess.Login login, String... extra)
            throws Exception {
        return BrowserPhases.run(c, url, phase, login, extra);
    }
}
