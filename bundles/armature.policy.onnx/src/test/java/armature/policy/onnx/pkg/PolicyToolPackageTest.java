package armature.policy.onnx.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.policy.onnx.tool.PolicyTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy eval} of a policy package, as the container runs it: columns found by observation
 * name in any order, the loop's limits from its limits document, the ensemble's uncertainty as a
 * last column; each row equal to what a policy made from the same package and limits acts.
 */
class PolicyToolPackageTest {
    @TempDir Path dir;

    @Test
    void aPackageIsEvaluatedByObservationNameWithTheLoopsLimitsAndItsUncertainty()
            throws Exception {
        byte[] a = TestPackages.mlp(1);
        byte[] b = TestPackages.mlp(2);
        Map<String, Object> d = TestPackages.descriptor(TestPackages.names(2));
        Path file = dir.resolve("hand.armpolicy");
        Map<String, byte[]> nets = new LinkedHashMap<>();
        nets.put("net0.onnx", a);
        nets.put("net1.onnx", b);
        PolicyPackage.write(file, TestPackages.json(d), nets);
        Path limits = dir.resolve("limits.json");
        List<Object> joints = new ArrayList<>();
        for (var j : TestPackages.JOINTS) {
            joints.add(
                    Map.of(
                            "name", j.name(),
                            "minPositionRad", j.minPositionRad(),
                            "maxPositionRad", j.maxPositionRad(),
                            "maxVelocityRadPerSec", j.maxVelocityRadPerSec()));
        }
        Files.write(limits, TestPackages.json(Map.of("loop", "hand", "joints", joints)));

        List<String> names;
        float[][] rows = new float[12][];
        try (OnnxPolicy reference =
                OnnxPolicy.create(PolicyPackage.read(file), TestPackages.context())) {
            names = reference.descriptor().observationNames();
            List<String> header = new ArrayList<>(names);
            Collections.reverse(header);
            header.add("timeSeconds"); // not an observation: ignored
            StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
            Random rnd = new Random(3);
            for (int i = 0; i < rows.length; i++) {
                rows[i] = TestPackages.random(rnd, names.size(), i < 6 ? 1 : 20);
                for (int c = 0; c < header.size(); c++) {
                    int k = names.indexOf(header.get(c));
                    csv.append(c == 0 ? "" : ",").append(k < 0 ? i * 0.02f : rows[i][k]);
                }
                csv.append('\n');
            }
            Path in = dir.resolve("obs.csv");
            Files.writeString(in, csv);
            Path out = dir.resolve("act.csv");
            String[] r =
                    run(
                            "eval",
                            file.toString(),
                            "--obs",
                            in.toString(),
                            "--out",
                            out.toString(),
                            "--limits",
                            limits.toString());
            assertThat(r[0]).as(r[2]).isEqualTo("0");
            List<String> lines = Files.readAllLines(out);
            assertThat(lines.get(0)).isEqualTo("j0,j1,j2,j3,uncertainty");
            float[] action = new float[TestPackages.ACT];
            for (int i = 0; i < rows.length; i++) {
                reference.act(rows[i], action);
                String[] cells = lines.get(i + 1).split(",");
                for (int k = 0; k < action.length; k++) {
                    assertThat(Float.parseFloat(cells[k]))
                            .as("row %d joint %d", i, k)
                            .isEqualTo(action[k]);
                }
                assertThat(Double.parseDouble(cells[action.length]))
                        .as("row %d uncertainty", i)
                        .isCloseTo(reference.uncertainty(), within(1e-12));
            }
        }

        String[] refused =
                run(
                        "eval",
                        file.toString(),
                        "--obs",
                        dir.resolve("obs.csv").toString(),
                        "--out",
                        dir.resolve("x.csv").toString());
        assertThat(refused[0]).isEqualTo("1");
        assertThat(refused[2]).contains("range").contains("j0").contains("pass --limits FILE.json");

        Path twice = dir.resolve("twice.csv");
        Files.writeString(twice, "j0,j1,j0\n0,0,0\n");
        String[] duplicate =
                run(
                        "eval",
                        file.toString(),
                        "--obs",
                        twice.toString(),
                        "--out",
                        dir.resolve("y.csv").toString(),
                        "--limits",
                        dir.resolve("limits.json").toString());
        assertThat(duplicate[0]).isEqualTo("1");
        assertThat(duplicate[2]).contains("column 'j0' appears twice in the header");
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                PolicyTool.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            Integer.toString(exit),
            out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)
        };
    }
}
