package armature.benchmarks.container;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start-up regression check of issue 15: starts the distribution the way a user does ({@code
 * ./armature run}, so with its class-data sharing archive) with the default features of {@code
 * config/armature.features.cfg}, each time in a fresh home, and measures launch to ready (the
 * script's start to the container's "is ready" line). One untimed start first (it may train the
 * archive after a build). Exits 1, saying so in capitals, when the median exceeds the target.
 *
 * <p>Usage, from the repository root: {@code StartupCheck [--starts 5] [--max-ms 3000] [--features
 * LIST]}.
 */
public final class StartupCheck {
    private static final Pattern READY = Pattern.compile("is ready \\((\\d+) ms after launch\\)");

    private StartupCheck() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--starts", "5");
        o.put("--max-ms", "3000");
        o.put("--features", "");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!o.containsKey(args[i])) {
                System.err.println("unknown option " + args[i] + "; allowed: " + o.keySet());
                System.exit(2);
            }
            o.put(args[i], args[i + 1]);
        }
        Path repo = Path.of("").toAbsolutePath();
        if (!Files.isExecutable(repo.resolve("armature"))) {
            System.err.println("run from the repository root (no ./armature in " + repo + ")");
            System.exit(2);
        }
        int starts = Integer.parseInt(o.get("--starts"));
        long maxMs = Long.parseLong(o.get("--max-ms"));
        System.out.println("untimed first start (it trains the class-data sharing archive once)");
        start(repo, o.get("--features"));
        List<Long> wall = new ArrayList<>();
        List<Long> own = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            long[] r = start(repo, o.get("--features"));
            wall.add(r[0]);
            own.add(r[1]);
            System.out.printf(
                    "start %d: launch to ready %d ms (the container's own count %d ms), load %s%n",
                    i + 1, r[0], r[1], load());
        }
        long median = median(wall);
        System.out.printf(
                "launch to ready [ms]: median %d, min %d, max %d over %d starts; the container's"
                        + " own count: median %d%n",
                median, Collections.min(wall), Collections.max(wall), starts, median(own));
        if (median > maxMs) {
            System.out.printf(
                    "STARTUP REGRESSION: the median launch to ready, %d ms, is over the target of"
                            + " %d ms%n",
                    median, maxMs);
            System.exit(1);
        }
        System.out.printf("start-up within the target of %d ms%n", maxMs);
    }

    /** One start in a fresh home: {wall ms from spawn to the ready line, the container's own}. */
    private static long[] start(Path repo, String featureList) throws Exception {
        Path home = Files.createTempDirectory("armature-startup");
        Files.createDirectories(home.resolve("config"));
        String features = "armature.features.cfg";
        Files.copy(
                repo.resolve("config").resolve(features), home.resolve("config").resolve(features));
        Files.createSymbolicLink(home.resolve("examples"), repo.resolve("examples"));
        List<String> cmd = new ArrayList<>(List.of("./armature", "run", "--home", home.toString()));
        cmd.addAll(List.of("--id", "startup-check", "--port", "0", "--http-port", "0"));
        if (!featureList.isEmpty()) {
            cmd.addAll(List.of("--features", featureList));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        pb.redirectErrorStream(true);
        pb.environment().putIfAbsent("ARMATURE_MAVEN_ARGS", "-o");
        long t0 = System.nanoTime();
        Process p = pb.start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    long wallMs = (System.nanoTime() - t0) / 1_000_000;
                    return new long[] {wallMs, Long.parseLong(m.group(1))};
                }
            }
            throw new IllegalStateException(
                    "the container ended without getting ready (exit "
                            + p.waitFor()
                            + "):\n"
                            + log);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            deleteTree(home);
        }
    }

    private static long median(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
