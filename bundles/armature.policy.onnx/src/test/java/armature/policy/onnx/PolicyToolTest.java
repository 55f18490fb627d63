package armature.policy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.policy.onnx.testing.OrtReference;
import armature.policy.onnx.testing.OrtReference.Input;
import armature.policy.onnx.tool.PolicyTool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy eval} as a user runs it on an exported recurrent model: every row of its output CSV
 * equals ONNX Runtime's action for the same observation and carried state, reset every K rows; bad
 * CSVs and options are refused naming the line, column and value. {@code policy bench} prints
 * latency and throughput.
 */
class PolicyToolTest {
    private static final int OBS = RecurrentTest.OBS;
    private static final int HIDDEN = RecurrentTest.HIDDEN;

    @TempDir Path dir;

    @Test
    void evalWritesOneActionRowPerObservationRowAsOnnxRuntimeComputesThem() throws Exception {
        byte[] model = RecurrentTest.policy("LSTM", false, false, new Random(5));
        Path onnx = dir.resolve("lstm.onnx");
        Files.write(onnx, model);
        Random rnd = new Random(6);
        int rows = 25;
        int resetEvery = 10;
        float[][] obs = new float[rows][OBS];
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < OBS; j++) {
            csv.append(j == 0 ? "" : ",").append("o").append(j);
        }
        csv.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < OBS; j++) {
                obs[i][j] = (float) (rnd.nextGaussian() * 2);
                csv.append(j == 0 ? "" : ",").append(obs[i][j]);
            }
            csv.append('\n');
        }
        Path in = dir.resolve("obs.csv");
        Files.writeString(in, csv);
        Path out = dir.resolve("actions.csv");

        Result r =
                run(
                        "eval",
                        onnx.toString(),
                        "--obs",
                        in.toString(),
                        "--out",
                        out.toString(),
                        "--reset-every",
                        Integer.toString(resetEvery));

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("25 observations -> 4 actions each");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(rows + 1);
        assertThat(lines.get(0)).isEqualTo("action0,action1,action2,action3");
        try (OrtReference ort = new OrtReference(model)) {
            float[] h = new float[HIDDEN];
            float[] c = new float[HIDDEN];
            for (int i = 0; i < rows; i++) {
                if (i % resetEvery == 0) {
                    h = new float[HIDDEN];
                    c = new float[HIDDEN];
                }
                Map<String, Input> inputs = new HashMap<>();
                inputs.put("obs", new Input(obs[i], 1, OBS));
                inputs.put("h0", new Input(h, 1, 1, HIDDEN));
                inputs.put("c0", new Input(c, 1, 1, HIDDEN));
                Map<String, float[]> expected = ort.run(inputs);
                assertThat(parse(lines.get(i + 1)))
                        .as("row %d", i)
                        .containsExactly(expected.get("action"), within(1e-5f));
                h = expected.get("hn");
                c = expected.get("cn");
            }
        }
    }

    @Test
    void badCsvsAndOptionsAreRefusedNamingWhatIsWrong() throws Exception {
        Path onnx = dir.resolve("lstm.onnx");
        Files.write(onnx, RecurrentTest.policy("GRU", true, true, new Random(7)));
        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "a,b\n1,2\n");
        Result r =
                run(
                        "eval",
                        onnx.toString(),
                        "--obs",
                        narrow.toString(),
                        "--out",
                        dir.resolve("o.csv").toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err)
                .contains("has 2 columns; the network lstm.onnx reads 10 observation values");

        StringBuilder bad = new StringBuilder();
        for (int j = 0; j < OBS; j++) {
            bad.append(j == 0 ? "" : ",").append("o").append(j);
        }
        bad.append("\n0,0,0,0,0,0,0,0,0,0\n0,0,0,x,0,0,0,0,0,0\n");
        Path text = dir.resolve("text.csv");
        Files.writeString(text, bad);
        r =
                run(
                        "eval",
                        onnx.toString(),
                        "--obs",
                        text.toString(),
                        "--out",
                        dir.resolve("o.csv").toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("text.csv line 3 column 'o3' = 'x'; allowed: a finite number");

        // a refused run leaves an existing --out as it was, and no part file beside it
        Path kept = dir.resolve("kept.csv");
        Files.writeString(kept, "earlier,actions\n1,2\n");
        r = run("eval", onnx.toString(), "--obs", text.toString(), "--out", kept.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(Files.readString(kept)).isEqualTo("earlier,actions\n1,2\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".part"));
        }
        r = run("eval", onnx.toString(), "--obs", text.toString(), "--out", text.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("is the --obs file; the actions need a file of their own");
        assertThat(Files.readString(text)).isEqualTo(bad.toString());
        byte[] model = Files.readAllBytes(onnx);
        r = run("eval", onnx.toString(), "--obs", text.toString(), "--out", onnx.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("is the policy file; the actions need a file of their own");
        assertThat(Files.readAllBytes(onnx)).isEqualTo(model);
        r =
                run(
                        "eval",
                        onnx.toString(),
                        "--obs",
                        text.toString(),
                        "--out",
                        dir.resolve("no/such/o.csv").toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("o.csv: its directory").contains("does not exist");
        r =
                run(
                        "eval",
                        onnx.toString(),
                        "--obs",
                        dir.resolve("none.csv").toString(),
                        "--out",
                        dir.resolve("o2.csv").toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("none.csv: no such file");

        r = run("eval", onnx.toString(), "--obs", text.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("eval needs --obs IN.csv and --out OUT.csv");
        r = run("bench", onnx.toString(), "--batch", "0");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--batch = '0'; allowed: 1..65536");
        r = run("bench", dir.resolve("missing.onnx").toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("no such file");
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, new byte[] {1, 2, 3, 4});
        r = run("bench", garbage.toString());
        assertThat(r.exit).isEqualTo(1);
    }

    @Test
    void benchReportsLatencyAndBatchedThroughputAsJson() throws Exception {
        Path onnx = dir.resolve("mlp.onnx");
        armature.policy.onnx.testing.OnnxGraphBuilder g =
                new armature.policy.onnx.testing.OnnxGraphBuilder()
                        .input("obs", -1, 8)
                        .output("action", -1, 3);
        g.linear("l1", "obs", "h", 8, 16, new Random(1));
        g.node("Tanh", "t", List.of("h"), List.of("ht"));
        g.linear("l2", "ht", "action", 16, 3, new Random(2));
        Files.write(onnx, g.build());
        Result r = run("bench", onnx.toString(), "--batch", "64", "--json");
        assertThat(r.exit).as(r.err).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out);
        assertThat(json.path("inputSize").asInt()).isEqualTo(8);
        assertThat(json.path("p50Micros").asDouble()).isPositive();
        assertThat(json.path("p99Micros").asDouble())
                .isGreaterThanOrEqualTo(json.path("p50Micros").asDouble());
        assertThat(json.path("batches").get(0).path("batch").asInt()).isEqualTo(64);
        assertThat(json.path("batches").get(0).path("observationsPerSecond").asDouble())
                .isPositive();
    }

    private static float[] parse(String line) {
        String[] cells = line.split(",");
        float[] v = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            v[i] = Float.parseFloat(cells[i]);
        }
        return v;
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                PolicyTool.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
