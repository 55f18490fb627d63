package armature.foxglove.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Foxglove protocol's reference client, {@code @foxglove/ws-protocol} from npm, run by node
 * over {@code tools/foxglove-client/check.mjs} (installed by {@code npm ci --prefix
 * tools/foxglove-client}, as .ci/run does). Without node or the package a test is skipped on a
 * developer machine and fails in CI ({@code CI=true}).
 */
public final class ReferenceClient {
    public static final Path REPO =
            Path.of(System.getProperty("armature.repo", "../..")).toAbsolutePath().normalize();
    public static final Path TOOL = REPO.resolve("tools/foxglove-client");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The script's exit code, its JSON report and everything it printed. */
    public record Run(int exit, JsonNode report, String output) {}

    private ReferenceClient() {}

    /** Skips (or, in CI, fails) when node or the reference client is missing. */
    public static void require() {
        String why = null;
        if (!nodeRuns()) {
            why = "node is not installed";
        } else if (!Files.isDirectory(TOOL.resolve("node_modules/@foxglove/ws-protocol"))
                || !Files.isDirectory(TOOL.resolve("node_modules/ws"))) {
            why =
                    "the Foxglove reference client is not installed: run `npm ci --ignore-scripts"
                            + " --prefix tools/foxglove-client`";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(
                    "CI must test the Foxglove endpoint with the reference client, but " + why);
        }
        Assumptions.assumeTrue(why == null, why);
    }

    /** Runs check.mjs with {@code url} and {@code args}; waits at most {@code limitSeconds}. */
    public static Run run(String url, long limitSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("node", TOOL.resolve("check.mjs").toString(), url));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "the reference client did not finish within " + limitSeconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode report;
        try {
            report = JSON.readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
        } catch (IOException e) {
            throw new AssertionError("the reference client printed no JSON report: " + out, e);
        }
        return new Run(p.exitValue(), report, out);
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
