package armature.policy.onnx.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import armature.policy.api.JointRange;
import armature.policy.api.PolicyContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load time and memory of the benchmark policies as packages (docs/policy-package.md): the
 * 64-256-256-20 tanh MLP, an ensemble of five of them, and dense 1024 + LSTM 512. Prints what it
 * measures; asserts only what must hold on any machine.
 */
class LoadFootprintTest {
    @TempDir Path dir;

    record Case(
            String name,
            List<byte[]> networks,
            int obs,
            int actions,
            List<Integer> state,
            long weights) {}

    @Test
    void loadTimeAndMemoryOfTheBenchmarkPolicies() throws IOException {
        // ND4J's natives load with the first network of the JVM (ADR 0091: at feature install in
        // the container, never with a policy): not part of any policy's load time here
        armature.policy.onnx.OnnxNetwork.load(TestPackages.mlp(1)).close();
        byte[] mlp = TestPackages.mlp(42, 0, 0, 64, 256, 256, 20);
        long mlpWeights = 64 * 256 + 256 + 256 * 256 + 256 + 256 * 20 + 20;
        List<byte[]> five = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            five.add(TestPackages.mlp(42 + k, 0, 0, 64, 256, 256, 20));
        }
        byte[] lstm = TestPackages.lstm(43, 64, 1024, 512, 20);
        long lstmWeights = 64 * 1024 + 1024 + 4 * 512 * (1024 + 512) + 8 * 512 + 512 * 20 + 20;
        List<Case> cases =
                List.of(
                        new Case("MLP 64-256-256-20", List.of(mlp), 64, 20, List.of(), mlpWeights),
                        new Case("5 x MLP 64-256-256-20", five, 64, 20, List.of(), 5 * mlpWeights),
                        new Case(
                                "dense 1024 + LSTM 512",
                                List.of(lstm),
                                64,
                                20,
                                List.of(512, 512),
                                lstmWeights));
        System.out.println(
                "policy | package MB | load ms (first, median of 5) | ND4J planned MB | Java heap"
                        + " retained MB");
        for (Case c : cases) {
            Path file = write(c);
            PolicyContext context = context(c.actions());
            long[] millis = new long[5];
            // memory: the first load alone; the heap it holds is what its release frees
            long t0 = System.nanoTime();
            OnnxPolicy kept = OnnxPolicy.create(PolicyPackage.read(file), context);
            millis[0] = (System.nanoTime() - t0) / 1_000_000;
            long heapWith = heapAfterGc();
            long planned = kept.plannedBytes();
            kept.close();
            kept = null;
            long heap = heapWith - heapAfterGc();
            for (int i = 1; i < millis.length; i++) {
                long t = System.nanoTime();
                OnnxPolicy p = OnnxPolicy.create(PolicyPackage.read(file), context);
                millis[i] = (System.nanoTime() - t) / 1_000_000;
                p.close();
            }
            long first = millis[0];
            Arrays.sort(millis);
            System.out.printf(
                    "%s | %.2f | %d, %d | %.2f | %.2f%n",
                    c.name(), Files.size(file) / 1e6, first, millis[2], planned / 1e6, heap / 1e6);
            // every weight lives once in ND4J memory, beside the activations and state
            assertThat(planned).isBetween(4 * c.weights(), 4 * c.weights() * 11 / 10 + (1 << 20));
        }
    }

    private Path write(Case c) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("formatVersion", 1);
        d.put("name", c.name());
        List<String> names = new ArrayList<>();
        Map<String, byte[]> nets = new LinkedHashMap<>();
        for (int k = 0; k < c.networks().size(); k++) {
            names.add("member-" + k + ".onnx");
            nets.put("member-" + k + ".onnx", c.networks().get(k));
        }
        d.put("networks", names);
        d.put("controlRateHz", 50);
        d.put(
                "observations",
                List.of(TestPackages.slot("obs", c.obs(), "sim/bench/obs", "/obs", null)));
        float[] zeros = new float[c.obs()];
        float[] ones = new float[c.obs()];
        Arrays.fill(ones, 1);
        d.put("normalization", Map.of("mean", zeros, "std", ones, "clip", 5.0));
        List<String> joints = new ArrayList<>();
        for (int j = 0; j < c.actions(); j++) {
            joints.add("j" + j);
        }
        d.put(
                "actions",
                Map.of("joints", joints, "mode", "POSITION", "scaling", Map.of("type", "range")));
        d.put("recurrentStateSizes", c.state());
        d.put("provenance", Map.of("trainedBy", "benchmarks", "trainedAt", "2026-12-05"));
        Path file =
                dir.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-") + PolicyPackage.EXTENSION);
        PolicyPackage.write(file, TestPackages.json(d), nets);
        return file;
    }

    private static PolicyContext context(int actions) {
        List<JointRange> joints = new ArrayList<>();
        for (int j = 0; j < actions; j++) {
            joints.add(new JointRange("j" + j, -1, 1, 3));
        }
        return new PolicyContext("bench", "hand", "control/hand/state", joints, "", Map.of());
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
