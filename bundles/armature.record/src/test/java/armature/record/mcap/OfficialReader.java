package armature.record.mcap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official MCAP reader, {@code @mcap/core} from npm, run by node over {@code
 * tools/mcap/check.mjs} (installed by {@code npm ci --prefix tools/mcap}, as .ci/run does). Without
 * node or the package a test is skipped on a developer machine and fails in CI ({@code CI=true}).
 */
public final class OfficialReader {
    /** The repository root (tests run in their module's folder). */
    public static final Path REPO =
            Path.of(System.getProperty("armature.repo", "../..")).toAbsolutePath().normalize();

    public static final Path TOOL = REPO.resolve("tools/mcap");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The checker's exit code and its JSON report. */
    public record Check(int exit, JsonNode report, String output) {}

    private OfficialReader() {}

    /** Skips (or, in CI, fails) when node or @mcap/core is missing. */
    public static void require() {
        String why = null;
        if (!nodeRuns()) {
            why = "node is not installed";
        } else if (!Files.isDirectory(TOOL.resolve("node_modules/@mcap/core"))) {
            why =
                    "the official MCAP reader is not installed: run `npm ci --ignore-scripts --prefix tools/mcap`";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(
                    "CI must check MCAP files with the official reader, but " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    /** Runs the checker on {@code file} ({@code --messages}: every message's data too). */
    public static Check check(Path file, boolean messages)
            throws IOException, InterruptedException {
        ProcessBuilder pb =
                messages
                        ? new ProcessBuilder(
                                "node",
                                TOOL.resolve("check.mjs").toString(),
                                file.toString(),
                                "--messages")
                        : new ProcessBuilder(
                                "node", TOOL.resolve("check.mjs").toString(), file.toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the official reader did not finish within 120 s");
        }
        JsonNode report;
        try {
            report = JSON.readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
        } catch (IOException e) {
            throw new AssertionError("the checker printed no JSON report: " + out, e);
        }
        return new Check(p.exitValue(), report, out);
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
