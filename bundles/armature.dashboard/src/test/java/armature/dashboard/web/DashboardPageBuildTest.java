package armature.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in {@code src/main/resources/web} is built from {@code tools/dashboard-web} and
 * committed (docs/adr/0106): this test rebuilds it with the locked esbuild, uPlot and three.js and
 * fails when the committed files differ, so a source change without a rebuild (or a build that is
 * not deterministic) is caught. Without node or {@code tools/dashboard-web/node_modules} it is
 * skipped on a developer machine and fails in CI ({@code CI=true}), where .ci/run installs them.
 */
class DashboardPageBuildTest {
    static final Path REPO =
            Path.of(System.getProperty("armature.repo", "../..")).toAbsolutePath().normalize();
    static final Path TOOL = REPO.resolve("tools/dashboard-web");
    static final Path COMMITTED = REPO.resolve("bundles/armature.dashboard/src/main/resources/web");

    @Test
    void theCommittedPageIsWhatTheSourcesBuild(@TempDir Path out) throws Exception {
        requireNode();
        Process p =
                new ProcessBuilder("node", TOOL.resolve("build.mjs").toString(), out.toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the build finished").isTrue();
        assertThat(p.exitValue()).as("npm run build: %s", log).isZero();
        assertThat(names(out))
                .isEqualTo(names(COMMITTED))
                .contains("index.html", "app.js", "app.css");
        for (String name : names(out)) {
            assertThat(Files.mismatch(out.resolve(name), COMMITTED.resolve(name)))
                    .as(
                            "web/%s differs from a fresh build: run `npm run build --prefix"
                                    + " tools/dashboard-web` and commit the result",
                            name)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void thePageNamesNoExternalUrl() throws IOException {
        // Nothing is fetched from the internet at run time: no http(s) URL other than XML
        // namespaces.
        for (String name : names(COMMITTED)) {
            String text = Files.readString(COMMITTED.resolve(name), StandardCharsets.UTF_8);
            List<String> urls =
                    java.util.regex.Pattern.compile("https?://[^\\s\"'`)]+")
                            .matcher(text)
                            .results()
                            .map(m -> m.group())
                            .filter(u -> !u.startsWith("http://www.w3.org/"))
                            .toList();
            assertThat(urls).as(name).isEmpty();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void requireNode() {
        String why = null;
        if (!nodeRuns()) {
            why = "node is not installed";
        } else if (!Files.isDirectory(TOOL.resolve("node_modules/esbuild"))) {
            why =
                    "the page's build tools are not installed: run `npm ci --ignore-scripts --prefix"
                            + " tools/dashboard-web`";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must rebuild the dashboard page, but " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    private static boolean nodeRuns() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
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
