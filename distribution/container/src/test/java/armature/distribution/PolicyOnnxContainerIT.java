package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ContainerTopics;
import armature.control.api.PolicyTopics;
import armature.policy.onnx.pkg.PolicyPackage;
import armature.policy.onnx.testing.OnnxGraphBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained policies as a user handles them, on the real distribution with features sim-hand and
 * policy-onnx: {@code policy load} of a package (an ONNX network built here, named for the hand's
 * joints), a second version swapped in under the same name, a candidate run in the shadow and
 * promoted, {@code policy eval} and {@code policy bench} offline on the same package, a broken
 * package refused with the provider's reason while the policy keeps running, and {@code policy
 * unload}.
 */
class PolicyOnnxContainerIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @TempDir Path home;
    @TempDir Path work;

    @Test
    void aPackageIsLoadedSwappedShadowedPromotedEvaluatedAndUnloaded() throws Exception {
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        String id = "onnxit";
        try (ContainerProcess c =
                ContainerProcess.start(
                        home,
                        id,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand,policy-onnx")) {
            c.awaitReady(WAIT);
            List<String> joints = new ArrayList<>();
            for (Iterator<String> it = c.cliJson("joint", "get").path("joints").fieldNames();
                    it.hasNext(); ) {
                joints.add(it.next());
            }
            Path v1 = write(work.resolve("v1.armpolicy"), joints, 1);
            Path v2 = write(work.resolve("v2.armpolicy"), joints, 2);

            ContainerProcess.Result load =
                    c.cli("policy", "load", v1.toString(), "--name", "grasp");
            assertThat(load.exit()).as(load.toString()).isZero();
            assertThat(load.out()).contains("policy grasp: deploy/grasp.armpolicy loaded");
            PolicyTopics grasp = ContainerTopics.of(id).policy("grasp");
            JsonNode running =
                    c.awaitMessage(
                            grasp.status(),
                            n -> n.path("counters").path("actions").asLong() > 50,
                            WAIT);
            assertThat(running.path("source").asText()).endsWith("deploy/grasp.armpolicy");

            ContainerProcess.Result swap =
                    c.cli("policy", "load", v2.toString(), "--name", "grasp");
            assertThat(swap.exit()).as(swap.toString()).isZero();
            assertThat(swap.out()).contains("replaced");
            JsonNode swapped = c.cliJson("policy", "status", "grasp");
            assertThat(swapped.path("counters").path("swaps").asLong()).isEqualTo(1);

            ContainerProcess.Result shadow =
                    c.cli("policy", "shadow", v1.toString(), "--name", "grasp");
            assertThat(shadow.exit()).as(shadow.toString()).isZero();
            JsonNode compared =
                    c.awaitMessage(grasp.shadow(), n -> n.path("ticks").asLong() > 10, WAIT);
            assertThat(compared.path("maxAbsDiff").asDouble()).isPositive();
            // The promoted package is loaded (ND4J) and swapped in between two ticks: on a loaded
            // 2-core machine that once took longer than the CLI's default 15 s.
            ContainerProcess.Result promote =
                    c.cli("policy", "promote", "grasp", "--timeout", "60");
            assertThat(promote.exit()).as(promote.toString()).isZero();
            assertThat(c.cliJson("policy", "status", "grasp").has("shadow")).isFalse();

            // A broken package under the same name: refused with the provider's reason; the
            // running policy stays.
            Path broken = work.resolve("broken.armpolicy");
            Files.write(broken, new byte[] {'P', 'K', 3, 4, 0, 0});
            ContainerProcess.Result bad =
                    c.cli("policy", "load", broken.toString(), "--name", "grasp");
            assertThat(bad.exit()).as(bad.toString()).isEqualTo(1);
            assertThat(bad.err())
                    .contains("keeps running")
                    .contains("deploy/grasp.armpolicy holds the package it replaced again");
            assertThat(c.cliJson("policy", "status", "grasp").path("state").asText())
                    .isEqualTo("RUNNING");
            // what a restart would load is the package that runs, not the refused one
            assertThat(Files.readAllBytes(home.resolve("deploy/grasp.armpolicy")))
                    .isEqualTo(Files.readAllBytes(v1));
            // a broken package under a new name is refused and not left in deploy/
            ContainerProcess.Result badNew =
                    c.cli("policy", "load", broken.toString(), "--name", "other");
            assertThat(badNew.exit()).as(badNew.toString()).isEqualTo(1);
            assertThat(badNew.err()).contains("deploy/other.armpolicy was removed");
            assertThat(home.resolve("deploy/other.armpolicy")).doesNotExist();
            // promoting without a running shadow is refused, naming why
            ContainerProcess.Result noShadow = c.cli("policy", "promote", "grasp");
            assertThat(noShadow.exit()).as(noShadow.toString()).isEqualTo(1);
            assertThat(noShadow.err()).contains("policy grasp has no running shadow to promote");

            // Offline, with the loop's own limits document.
            JsonNode limits =
                    c.awaitMessage(ContainerTopics.of(id).loop("hand").limits(), n -> true, WAIT);
            Path limitsFile = work.resolve("limits.json");
            Files.writeString(limitsFile, limits.toString());
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < joints.size(); i++) {
                csv.append(i == 0 ? "" : ",").append("jointPositionRad.").append(joints.get(i));
            }
            csv.append('\n');
            for (int r = 0; r < 5; r++) {
                for (int i = 0; i < joints.size(); i++) {
                    csv.append(i == 0 ? "" : ",").append(0.1 * r);
                }
                csv.append('\n');
            }
            Path obs = work.resolve("obs.csv");
            Files.writeString(obs, csv);
            Path out = work.resolve("actions.csv");
            ContainerProcess.Result eval =
                    c.cli(
                            "policy",
                            "eval",
                            v1.toString(),
                            "--obs",
                            obs.toString(),
                            "--out",
                            out.toString(),
                            "--limits",
                            limitsFile.toString());
            assertThat(eval.exit()).as(eval.toString()).isZero();
            List<String> rows = Files.readAllLines(out);
            assertThat(rows).hasSize(6);
            assertThat(rows.get(0)).isEqualTo(String.join(",", joints));
            ContainerProcess.Result bench =
                    c.cli(
                            "policy",
                            "bench",
                            v1.toString(),
                            "--limits",
                            limitsFile.toString(),
                            "--batch",
                            "64");
            assertThat(bench.exit()).as(bench.toString()).isZero();
            assertThat(bench.out()).contains("one observation").contains("batch    64");

            ContainerProcess.Result unload = c.cli("policy", "unload", "grasp");
            assertThat(unload.exit()).as(unload.toString()).isZero();
            assertThat(c.cliJson("policy", "list")).isEmpty();
        }
    }

    /** A package: joint positions in, a tanh MLP, position targets over each joint's range. */
    private static Path write(Path file, List<String> joints, long seed) throws Exception {
        int n = joints.size();
        Random rnd = new Random(seed);
        OnnxGraphBuilder g = new OnnxGraphBuilder().input("obs", -1, n).output("action", -1, n);
        g.linear("fc1", "obs", "h", n, 16, rnd);
        g.node("Tanh", "t1", List.of("h"), List.of("a"));
        g.linear("fc2", "a", "y", 16, n, rnd);
        g.node("Tanh", "t2", List.of("y"), List.of("action"));
        ObjectNode d = ContainerProcess.JSON.createObjectNode();
        d.put("formatVersion", 1);
        d.put("name", "grasp-test");
        d.put("controlRateHz", 50);
        ArrayNode obs = d.putArray("observations");
        ObjectNode slot = obs.addObject();
        slot.put("name", "jointPositionRad");
        slot.put("size", n);
        slot.put("topic", "control/{loop}/state");
        slot.put("field", "positionRad");
        ArrayNode elements = slot.putArray("elements");
        joints.forEach(elements::add);
        ObjectNode actions = d.putObject("actions");
        ArrayNode aj = actions.putArray("joints");
        joints.forEach(aj::add);
        actions.put("mode", "POSITION");
        actions.putObject("scaling").put("type", "range");
        ObjectNode prov = d.putObject("provenance");
        prov.put("trainedBy", "PolicyOnnxContainerIT");
        prov.put("trainedAt", "2026-12-05");
        prov.put("notes", "random weights, seed " + seed);
        PolicyPackage.write(
                file,
                ContainerProcess.JSON.writeValueAsBytes(d),
                Map.of(PolicyPackage.DEFAULT_NETWORK, g.build()));
        return file;
    }
}
