package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The browser side of the dashboard's end-to-end tests: one phase of {@code
 * tools/dashboard-e2e/dashboard-e2e.mjs} (Debian's chromium driven by playwright-core) against a
 * running distribution, its JSON report back. Without node, chromium or the tool's node_modules a
 * test is skipped on a developer machine and fails in CI ({@code CI=true}), where .ci/run installs
 * them.
 */
final class BrowserPhases {
    static final Path TOOL =
            AsyncApiDocument.REPO.resolve("tools/dashboard-e2e").toAbsolutePath().normalize();
    static final Path SHOTS = Path.of("target/dashboard-screenshots").toAbsolutePath();
    private static final String CHROMIUM =
            System.getenv().getOrDefault("ARMATURE_CHROMIUM", "/usr/bin/chromium");

    private BrowserPhases() {}

    /** Skips (or in CI fails) the test when the browser tools are missing. */
    static void requireBrowser() {
        String why = null;
        if (!runs("node", "--version")) {
            why = "node is not installed";
        } else if (!Files.isExecutable(Path.of(CHROMIUM))) {
            why = "chromium is not installed at " + CHROMIUM + " (Debian package chromium)";
        } else if (!Files.isDirectory(TOOL.resolve("node_modules/playwright-core"))) {
            why =
                    "playwright-core is not installed: run `npm ci --ignore-scripts --prefix"
                            + " tools/dashboard-e2e`";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must test the dashboard in chromium, but " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    /**
     * The dashboard URL: the line `run` prints once ready, else (a loaded machine can be slow to
     * get there) what status --json lists; DashboardIT checks that both agree.
     */
    static String dashboardUrl(ContainerProcess c) throws Exception {
        Pattern open = Pattern.compile("dashboard: open (\\S+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = open.matcher(c.log());
            if (m.find()) {
                return m.group(1);
            }
            LockSupport.parkNanos(100_000_000L);
        }
        return c.cliJson("status", "--timeout", "60").path("dashboard").asText();
    }

    /** Runs one phase as {@code login} and returns its JSON report ({@code ok} checked). */
    static JsonNode run(
            ContainerProcess c,
            String url,
            String phase,
            ContainerProcess.Login login,
            String... extra)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(
                List.of(
                        "node",
                        TOOL.resolve("dashboard-e2e.mjs").toString(),
                        phase,
                        url,
                        login.user(),
                        Files.readString(login.passwordFile()).trim(),
                        SHOTS.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            // node and its chromium would go on loading the machine under the next tests.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(
                    "browser phase "
                            + phase
                            + " did not finish within 180 s\ncontainer log:\n"
                            + c.log());
        }
        String report = out.get().strip();
        assertThat(p.exitValue())
                .as("browser phase %s: %s%s\ncontainer log:\n%s", phase, report, err.get(), c.log())
                .isZero();
        JsonNode json =
                ContainerProcess.JSON.readTree(report.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(json.path("ok").asBoolean()).as(report).isTrue();
        return json;
    }

    private static CompletableFuture<String> read(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return "(unreadable: " + e + ")";
                    }
                });
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
