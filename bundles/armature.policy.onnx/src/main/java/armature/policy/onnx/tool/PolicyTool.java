package armature.policy.onnx.tool;

import armature.policy.onnx.Nd4jSettings;
import armature.policy.onnx.OnnxNetwork;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offline policy tools behind {@code ./armature policy eval} and {@code policy bench}, run by
 * the launcher in a JVM of their own (the executor's bundles do not fit the launcher's class path):
 *
 * <pre>
 * PolicyTool eval FILE.onnx --obs IN.csv --out OUT.csv [--reset-every K]
 * PolicyTool bench FILE.onnx [--batch N] [--json]
 * </pre>
 *
 * Exit codes as the CLI's: 0 done, 1 refused (a bad model or CSV, named), 2 usage.
 */
public final class PolicyTool {
    private PolicyTool() {}

    public static void main(String[] args) {
        // ND4J logs its start-up (backend, BLAS vendor, threads) at INFO through java.util.logging:
        // about 15 lines on the command line's stderr every run; warnings still show
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one tool; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: PolicyTool eval|bench FILE [options]");
            return 2;
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                err.println("unexpected argument '" + a + "'");
                return 2;
            }
            boolean flag = a.equals("--json");
            if (!flag && i + 1 >= args.length) {
                err.println(a + " needs a value");
                return 2;
            }
            options.put(a.substring(2), flag ? "true" : args[++i]);
        }
        try {
            Nd4jSettings.apply();
            return switch (args[0]) {
                case "eval" -> Eval.run(Path.of(args[1]), options, out);
                case "bench" -> Bench.run(Path.of(args[1]), options, out);
                default -> {
                    err.println("unknown tool '" + args[0] + "'; allowed: eval, bench");
                    yield 2;
                }
            };
        } catch (UsageError e) {
            err.println("armature: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) { // OnnxModelException among them
            err.println("armature: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("armature: " + describe(e.getCause()));
            return 1;
        } catch (RuntimeException e) {
            // ND4J's native side (an allocation it cannot make) and anything unforeseen: one
            // line naming the file, never a stack trace.
            err.println("armature: " + args[1] + ": " + e.getMessage());
            return 1;
        }
    }

    /** An I/O failure in words: the file and what is wrong with it. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getFile()
                    + ": "
                    + (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason());
        }
        return String.valueOf(e.getMessage());
    }

    /** A wrong command line (exit 2). */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String m) {
            super(m);
        }
    }

    static int intOption(Map<String, String> o, String name, int fallback, int min, int max) {
        String v = o.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageError("--" + name + " = '" + v + "'; allowed: " + min + ".." + max);
    }

    static OnnxNetwork load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageError("no such file: " + file);
        }
        return OnnxNetwork.load(file);
    }

    /** {@code eval}: one output row per observation row, recurrent state carried between rows. */
    static final class Eval {
        private Eval() {}

        static int run(Path file, Map<String, String> o, PrintStream out) {
            String obs = o.get("obs");
            String dst = o.get("out");
            if (obs == null || dst == null) {
                throw new UsageError("eval needs --obs IN.csv and --out OUT.csv");
            }
            int resetEvery = intOption(o, "reset-every", 0, 0, Integer.MAX_VALUE);
            Path target = Path.of(dst).toAbsolutePath();
            Path source = Path.of(obs).toAbsolutePath();
            if (target.normalize().equals(source.normalize())) {
                throw new UsageError(
                        "--out "
                                + dst
                                + " is the --obs file; the actions need a file of their own");
            }
            if (target.normalize().equals(file.toAbsolutePath().normalize())) {
                throw new UsageError(
                        "--out "
                                + dst
                                + " is the policy file; the actions need a file of their own");
            }
            if (Files.isDirectory(target)) {
                throw new UsageError("--out " + dst + " is a directory; expected a file");
            }
            Path dir = target.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new UsageError("--out " + dst + ": its directory " + dir + " does not exist");
            }
            // written beside the target and moved onto it at the end: a refused run leaves an
            // existing --out file as it was
            Path part;
            try {
                part = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            } catch (IOException e) {
                throw new UsageError("--out " + dst + ": cannot write in " + dir + ": " + e);
            }
            try {
                eval(file, o, obs, part, dst, resetEvery, out);
                Files.move(
                        part,
                        target,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // a leftover hidden .part file is harmless
                }
            }
        }

        private static int eval(
                Path file,
                Map<String, String> o,
                String obs,
                Path part,
                String dst,
                int resetEvery,
                PrintStream out) {
            try (PackageTarget net = PackageTarget.open(file, o);
                    BufferedReader in =
                            Files.newBufferedReader(Path.of(obs), StandardCharsets.UTF_8);
                    BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                String header = in.readLine();
                if (header == null) {
                    throw new IllegalArgumentException(obs + " is empty; it needs a header row");
                }
                String[] names = header.split(",", -1);
                int[] column = columns(names, net, obs, file);
                List<String> outNames = new ArrayList<>(net.outputNames());
                if (net.ensemble()) {
                    outNames.add("uncertainty");
                }
                w.write(String.join(",", outNames));
                w.newLine();
                float[] x = new float[net.inputSize()];
                float[] y = new float[net.outputSize()];
                String line;
                int row = 0;
                int lineNo = 1;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    parse(line, x, column, obs, lineNo, names);
                    if (resetEvery > 0 && row % resetEvery == 0) {
                        net.reset();
                    }
                    net.run(x, y);
                    StringBuilder b = new StringBuilder();
                    for (int k = 0; k < y.length; k++) {
                        b.append(k == 0 ? "" : ",").append(Float.toString(y[k]));
                    }
                    if (net.ensemble()) {
                        b.append(',').append(net.uncertainty());
                    }
                    w.write(b.toString());
                    w.newLine();
                    row++;
                }
                out.printf(
                        Locale.ROOT,
                        "%d observations -> %d actions each, written to %s%s%n",
                        row,
                        y.length,
                        dst,
                        resetEvery > 0 ? " (state reset every " + resetEvery + " rows)" : "");
                return row;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Which CSV column feeds each observation value: by name for a package (its observation
         * names, in any order; other columns are ignored), by position for a bare network.
         */
        private static int[] columns(String[] header, PackageTarget net, String obs, Path model) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String h : header) {
                if (!seen.add(h.trim())) {
                    throw new IllegalArgumentException(
                            obs
                                    + ": column '"
                                    + h.trim()
                                    + "' appears twice in the header; allowed: each name once");
                }
            }
            List<String> wanted = net.inputNames();
            int[] column = new int[net.inputSize()];
            if (wanted == null) {
                if (header.length != net.inputSize()) {
                    throw new IllegalArgumentException(
                            obs
                                    + " has "
                                    + header.length
                                    + " columns; the network "
                                    + model.getFileName()
                                    + " reads "
                                    + net.inputSize()
                                    + " observation values");
                }
                for (int i = 0; i < column.length; i++) {
                    column[i] = i;
                }
                return column;
            }
            List<String> have = new ArrayList<>();
            for (String h : header) {
                have.add(h.trim());
            }
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < column.length; i++) {
                column[i] = have.indexOf(wanted.get(i));
                if (column[i] < 0) {
                    missing.add(wanted.get(i));
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        obs
                                + " has no column for the observations "
                                + missing
                                + " of "
                                + model.getFileName()
                                + "; its header names "
                                + have);
            }
            return column;
        }

        private static void parse(
                String line, float[] x, int[] column, String file, int lineNo, String[] names) {
            String[] cells = line.split(",", -1);
            if (cells.length != names.length) {
                throw new IllegalArgumentException(
                        file
                                + " line "
                                + lineNo
                                + " has "
                                + cells.length
                                + " values; the header names "
                                + names.length);
            }
            for (int k = 0; k < x.length; k++) {
                int i = column[k];
                float v;
                try {
                    v = Float.parseFloat(cells[i].trim());
                } catch (NumberFormatException e) {
                    v = Float.NaN;
                }
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(
                            file
                                    + " line "
                                    + lineNo
                                    + " column '"
                                    + names[i]
                                    + "' = '"
                                    + cells[i]
                                    + "'; allowed: a finite number");
                }
                x[k] = v;
            }
        }
    }

    /** {@code bench}: single-observation latency and batched throughput. */
    static final class Bench {
        private Bench() {}

        static int run(Path file, Map<String, String> o, PrintStream out) {
            int batch = intOption(o, "batch", 0, 1, 65_536);
            boolean json = "true".equals(o.get("json"));
            try (PackageTarget net = PackageTarget.open(file, o)) {
                float[] x = new float[net.inputSize()];
                float[] y = new float[net.outputSize()];
                java.util.Random r = new java.util.Random(1);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                // Warm up for about a second (JIT, BLAS threads), then time as many calls.
                long end = System.nanoTime() + 1_000_000_000L;
                int warm = 0;
                while (System.nanoTime() < end || warm < 100) {
                    net.run(x, y);
                    warm++;
                }
                int calls = Math.max(200, Math.min(20_000, warm));
                long[] t = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    net.run(x, y);
                    t[i] = System.nanoTime() - t0;
                }
                Arrays.sort(t);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("model", file.toString());
                result.put("inputSize", net.inputSize());
                result.put("outputSize", net.outputSize());
                result.put("recurrent", net.recurrent());
                result.put("ensemble", net.ensemble());
                result.put("plannedBytes", net.plannedBytes());
                result.put("calls", calls);
                result.put("p50Micros", t[calls / 2] / 1e3);
                result.put("p99Micros", t[(int) (calls * 0.99)] / 1e3);
                result.put("maxMicros", t[calls - 1] / 1e3);
                List<Map<String, Object>> batches = new ArrayList<>();
                if (!net.recurrent()) {
                    int[] sizes = batch > 0 ? new int[] {batch} : new int[] {1, 64, 1024, 4096};
                    for (int n : sizes) {
                        batches.add(batched(net, n, r));
                    }
                }
                result.put("batches", batches);
                print(result, json, out);
                return 0;
            }
        }

        private static Map<String, Object> batched(PackageTarget net, int n, java.util.Random r) {
            float[] in = new float[n * net.inputSize()];
            float[] outs = new float[n * net.outputSize()];
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) r.nextGaussian();
            }
            net.prepareBatch(n);
            net.runBatch(in, n, outs);
            long start = System.nanoTime();
            long reps = 0;
            while (System.nanoTime() - start < 1_000_000_000L || reps < 3) {
                net.runBatch(in, n, outs);
                reps++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("batch", n);
            m.put("repetitions", reps);
            m.put("observationsPerSecond", reps * (double) n / seconds);
            return m;
        }

        private static void print(Map<String, Object> r, boolean json, PrintStream out) {
            if (json) {
                try {
                    out.println(
                            new com.fasterxml.jackson.databind.ObjectMapper()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(r));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return;
            }
            out.printf(
                    Locale.ROOT,
                    "%s: %d -> %d%s, planned buffers %.1f KiB%n",
                    r.get("model"),
                    r.get("inputSize"),
                    r.get("outputSize"),
                    Boolean.TRUE.equals(r.get("recurrent")) ? " (recurrent)" : "",
                    ((Number) r.get("plannedBytes")).longValue() / 1024.0);
            out.printf(
                    Locale.ROOT,
                    "one observation, %d calls: p50 %.1f us  p99 %.1f us  max %.1f us%n",
                    r.get("calls"),
                    r.get("p50Micros"),
                    r.get("p99Micros"),
                    r.get("maxMicros"));
            for (Object o : (List<?>) r.get("batches")) {
                Map<?, ?> b = (Map<?, ?>) o;
                out.printf(
                        Locale.ROOT,
                        "batch %5d: %.0f observations/s (%d repetitions)%n",
                        b.get("batch"),
                        b.get("observationsPerSecond"),
                        b.get("repetitions"));
            }
        }
    }
}
