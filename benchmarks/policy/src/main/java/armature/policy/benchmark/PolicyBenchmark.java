package armature.policy.benchmark;

import armature.policy.onnx.OnnxNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Policy inference latency and throughput, the ND4J executor (armature.policy.onnx) beside ONNX
 * Runtime Java in the same JVM and run. Single observations: warm-up, then rounds that alternate
 * the two engines so a change in machine load hits both alike; p50/p99/max over all measured calls.
 * Batches: observations/s and GFLOP/s. Usage: {@code java -cp ...
 * armature.policy.benchmark.PolicyBenchmark [--quick]}.
 */
public final class PolicyBenchmark {
    private final boolean quick;

    private PolicyBenchmark(boolean quick) {
        this.quick = quick;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        System.out.printf(
                "policy inference benchmark; java %s; %d cpus; load average at start %s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        PolicyBenchmark b = new PolicyBenchmark(quick);
        int[] mlp = {64, 256, 256, 20};
        b.latency(
                "MLP 64-256-256-20 tanh",
                BenchModels.mlp(mlp),
                64,
                20,
                0,
                quick ? 2_000 : 20_000,
                quick ? 2_000 : 20_000);
        b.throughput(
                "MLP 64-256-256-20 tanh",
                BenchModels.mlp(mlp),
                64,
                20,
                0,
                BenchModels.mlpMacs(mlp),
                new int[] {1, 64, 1024, 4096});
        b.latency(
                "dense 1024 + LSTM 512",
                BenchModels.denseLstm(64, 1024, 512, 20),
                64,
                20,
                512,
                quick ? 200 : 1_000,
                quick ? 500 : 3_000);
        b.throughput(
                "dense 1024 + LSTM 512",
                BenchModels.denseLstm(64, 1024, 512, 20),
                64,
                20,
                512,
                BenchModels.lstmMacs(64, 1024, 512, 20),
                new int[] {64, 1024});
        if (!quick) {
            b.latency(
                    "dense 2048 + LSTM 1024",
                    BenchModels.denseLstm(64, 2048, 1024, 20),
                    64,
                    20,
                    1024,
                    100,
                    500);
        }
        System.out.printf("load average at end %s%n", loadAverage());
    }

    private void latency(
            String name, byte[] model, int in, int out, int hidden, int warmup, int calls)
            throws Exception {
        long t0 = System.nanoTime();
        OnnxNetwork net = OnnxNetwork.load(model);
        long loadUs = (System.nanoTime() - t0) / 1000;
        OrtRunner ort = new OrtRunner(model, 1, in, hidden);
        Random rnd = new Random(1);
        float[][] obs = new float[256][in];
        for (float[] o : obs) {
            for (int i = 0; i < in; i++) {
                o[i] = rnd.nextFloat() * 2 - 1;
            }
        }
        float[] a = new float[out];
        for (int i = 0; i < warmup; i++) {
            net.run(obs[i & 255], a);
            ort.run(obs[i & 255], a);
        }
        int rounds = 10;
        int perRound = calls / rounds;
        long[] ours = new long[perRound * rounds];
        long[] theirs = new long[perRound * rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < perRound; i++) {
                long s = System.nanoTime();
                net.run(obs[i & 255], a);
                ours[r * perRound + i] = System.nanoTime() - s;
            }
            for (int i = 0; i < perRound; i++) {
                long s = System.nanoTime();
                ort.run(obs[i & 255], a);
                theirs[r * perRound + i] = System.nanoTime() - s;
            }
        }
        System.out.printf(
                "%n%s, one observation, %d calls each after %d warm-up (load %d ms)%n",
                name, ours.length, warmup, loadUs / 1000);
        System.out.printf("  %-22s %s%n", "armature (ND4J plan)", stats(ours));
        System.out.printf("  %-22s %s%n", "ONNX Runtime 1.29.0", stats(theirs));
        System.out.printf(
                "  p50 ratio armature/ORT: %.2f%n",
                (double) percentile(ours, 0.5) / percentile(theirs, 0.5));
        net.close();
        ort.close();
    }

    private void throughput(
            String name, byte[] model, int in, int out, int hidden, long macs, int[] batches)
            throws Exception {
        System.out.printf("%n%s, batched (observations/s, GFLOP/s)%n", name);
        try (OnnxNetwork net = OnnxNetwork.load(model)) {
            for (int n : batches) {
                float[] obs = new float[n * in];
                Random rnd = new Random(n);
                for (int i = 0; i < obs.length; i++) {
                    obs[i] = rnd.nextFloat() * 2 - 1;
                }
                float[] act = new float[n * out];
                net.prepareBatch(n);
                OrtRunner ort = new OrtRunner(model, n, in, hidden);
                int reps =
                        (int)
                                Math.max(
                                        3,
                                        Math.min(2000, (quick ? 2e7 : 5e7) / ((double) n * macs)));
                Call ours = () -> net.runBatch(obs, n, act);
                Call theirs = () -> ort.run(obs, act);
                warm(ours, reps);
                warm(theirs, reps);
                double oursSec = Double.MAX_VALUE;
                double ortSec = Double.MAX_VALUE;
                // alternating blocks, best of five each: load from other processes hits both alike
                for (int block = 0; block < 5; block++) {
                    oursSec = Math.min(oursSec, time(ours, reps));
                    ortSec = Math.min(ortSec, time(theirs, reps));
                }
                System.out.printf(
                        "  N=%-5d armature %10.0f obs/s %6.2f GFLOP/s | ORT %10.0f obs/s %6.2f GFLOP/s (%d reps)%n",
                        n,
                        n / oursSec,
                        2.0 * macs * n / oursSec / 1e9,
                        n / ortSec,
                        2.0 * macs * n / ortSec / 1e9,
                        reps);
                ort.close();
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void warm(Call call, int reps) throws Exception {
        for (int i = 0; i < Math.max(2, reps / 2); i++) {
            call.run();
        }
    }

    /** Seconds per call over one timed block. */
    private static double time(Call call, int reps) throws Exception {
        long s = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            call.run();
        }
        return (System.nanoTime() - s) / 1e9 / reps;
    }

    private static String stats(long[] ns) {
        return String.format(
                "p50 %8.1f us  p99 %8.1f us  max %9.1f us",
                percentile(ns, 0.5) / 1e3, percentile(ns, 0.99) / 1e3, percentile(ns, 1.0) / 1e3);
    }

    private static long percentile(long[] ns, double q) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
