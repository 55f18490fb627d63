package armature.policy.benchmark;

import armature.benchmarks.container.Distribution;
import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.LoopTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.PolicyTopics;
import armature.policy.onnx.pkg.PolicyPackage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Does a policy running beside the control loop delay it? The real distribution (features sim-hand
 * and policy-onnx: the simulated hand stepped in real time, its 500 Hz loop and supervisor), with
 * and without an ONNX policy commanding the hand at 100 Hz, in alternating phases (ABAB...) of
 * {@code --seconds} each; the loop's own per-second statistics give the start lateness p99 of every
 * interval and its overruns.
 *
 * <pre>
 * # from the repository root (the home links its examples/)
 * java -cp "benchmarks/policy/target/armature.policy.benchmark-0.1.0-SNAPSHOT.jar:$(cat benchmarks/policy/target/classpath.txt)" \
 *   armature.policy.benchmark.PolicyLatenessBenchmark distribution/container/target/armature \
 *   [--model mlp|lstm512|lstm1024] [--seconds 60] [--rounds 2]
 * </pre>
 */
public final class PolicyLatenessBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "bench";

    private PolicyLatenessBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "distribution/container/target/armature");
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replace("--", ""), args[i + 1]);
        }
        String model = o.getOrDefault("model", "lstm512");
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "2"));
        Path home = Files.createTempDirectory("armature-policy-lateness");
        // the features name their robot files relative to the home: run from the repository root
        Files.createSymbolicLink(home.resolve("examples"), Path.of("examples").toAbsolutePath());
        int port = Distribution.freePort();
        long t0 = System.nanoTime();
        Process p = Distribution.start(dist, home, port, "sim-hand,policy-onnx");
        try (PahoMessageBus bus = Distribution.connect(home, port, t0)) {
            Distribution.awaitReady(bus);
            LoopTopics loop = Distribution.TOPICS.loop("hand");
            List<String> joints = joints(bus, loop);
            String stateTopic = loop.state().substring(Distribution.TOPICS.root().length() + 1);
            byte[] pkg = pkg(home, joints, model, stateTopic);
            System.out.printf(
                    Locale.ROOT,
                    "policy lateness benchmark; model %s on %d joints at 100 Hz; %d s per phase,"
                            + " %d rounds; java %s; %d cpus; load %s%n",
                    model,
                    joints.size(),
                    seconds,
                    rounds,
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            PolicyTopics policy = Distribution.TOPICS.policy(POLICY);
            for (int r = 0; r < rounds; r++) {
                report("without a policy", measure(bus, loop, seconds), null);
                install(bus, policy, pkg);
                JsonNode before = status(bus, policy);
                List<JsonNode> with = measure(bus, loop, seconds);
                JsonNode after = status(bus, policy);
                report("with the policy", with, actionsPerSecond(before, after));
                uninstall(bus, policy);
            }
            System.out.printf(
                    Locale.ROOT,
                    "load at end %s%n",
                    Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The loop's joints in frame order, from its retained state schema. */
    private static List<String> joints(PahoMessageBus bus, LoopTopics loop) throws Exception {
        CompletableFuture<JsonNode> schema = new CompletableFuture<>();
        Subscription s =
                bus.subscribe(
                                loop.stateSchema(),
                                Qos.AT_LEAST_ONCE,
                                m -> schema.complete(JSON.readTree(m.payload())))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        List<String> names = new ArrayList<>();
        schema.get(30, TimeUnit.SECONDS).path("elementNames").forEach(n -> names.add(n.asText()));
        s.cancel();
        return names;
    }

    /** Positions and velocities in, position targets over each joint's range out, 100 Hz. */
    private static byte[] pkg(Path home, List<String> joints, String model, String stateTopic)
            throws Exception {
        int n = joints.size();
        byte[] net =
                switch (model) {
                    case "mlp" -> BenchModels.mlp(2 * n, 256, 256, n);
                    case "lstm512" -> BenchModels.denseLstm(2 * n, 1024, 512, n);
                    case "lstm1024" -> BenchModels.denseLstm(2 * n, 2048, 1024, n);
                    default -> throw new IllegalArgumentException("--model " + model);
                };
        ObjectNode d = JSON.createObjectNode();
        d.put("formatVersion", 1);
        d.put("name", "lateness-" + model);
        d.put("controlRateHz", 100);
        ArrayNode obs = d.putArray("observations");
        for (String[] slot :
                new String[][] {
                    {"jointPositionRad", "positionRad"},
                    {"jointVelocityRadPerSec", "velocityRadPerSec"}
                }) {
            ObjectNode s = obs.addObject();
            s.put("name", slot[0]);
            s.put("size", n);
            s.put("topic", stateTopic);
            s.put("field", slot[1]);
            ArrayNode e = s.putArray("elements");
            joints.forEach(e::add);
        }
        ObjectNode actions = d.putObject("actions");
        ArrayNode aj = actions.putArray("joints");
        joints.forEach(aj::add);
        actions.put("mode", "POSITION");
        actions.putObject("scaling").put("type", "range");
        if (model.startsWith("lstm")) {
            int h = model.equals("lstm512") ? 512 : 1024;
            d.putArray("recurrentStateSizes").add(h).add(h);
        }
        ObjectNode prov = d.putObject("provenance");
        prov.put("trainedBy", "PolicyLatenessBenchmark");
        prov.put("trainedAt", "2026-12-05");
        prov.put("notes", "random weights");
        Path file = home.resolve("bench.armpolicy");
        PolicyPackage.write(
                file, JSON.writeValueAsBytes(d), Map.of(PolicyPackage.DEFAULT_NETWORK, net));
        return Files.readAllBytes(file);
    }

    private static List<JsonNode> measure(PahoMessageBus bus, LoopTopics loop, int seconds)
            throws Exception {
        List<JsonNode> stats = new CopyOnWriteArrayList<>();
        Subscription s =
                bus.subscribe(
                                loop.statistics(),
                                Qos.AT_MOST_ONCE,
                                m -> stats.add(JSON.readTree(m.payload())))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 1);
        while (System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        s.cancel();
        // the first interval straddles the phase change
        return stats.size() > 1 ? new ArrayList<>(stats.subList(1, stats.size())) : stats;
    }

    private static void report(String what, List<JsonNode> stats, Double actionsPerSecond) {
        List<Double> p99 = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        double max = 0;
        long overruns = 0;
        for (JsonNode s : stats) {
            JsonNode t = s.path("timing");
            p99.add(t.path("latenessP99Nanos").asDouble() / 1e3);
            p50.add(t.path("latenessP50Nanos").asDouble() / 1e3);
            max = Math.max(max, t.path("latenessMaxNanos").asDouble() / 1e3);
            overruns += t.path("overruns").asLong();
        }
        Collections.sort(p99);
        Collections.sort(p50);
        System.out.printf(
                Locale.ROOT,
                "%-18s %3d intervals: lateness p50 (median of intervals) %6.0f us, p99 median %6.0f us,"
                        + " p99 90th pct %6.0f us, max %8.0f us, overruns %d%s%n",
                what,
                stats.size(),
                median(p50),
                median(p99),
                p99.isEmpty()
                        ? Double.NaN
                        : p99.get((int) Math.min(p99.size() - 1, Math.round(p99.size() * 0.9))),
                max,
                overruns,
                actionsPerSecond == null
                        ? ""
                        : String.format(Locale.ROOT, "; policy %.1f actions/s", actionsPerSecond));
    }

    private static double median(List<Double> xs) {
        return xs.isEmpty() ? Double.NaN : xs.get(xs.size() / 2);
    }

    private static Double actionsPerSecond(JsonNode before, JsonNode after) {
        double dt =
                (after.path("receivedNanos").asDouble() - before.path("receivedNanos").asDouble())
                        / 1e9;
        long da =
                after.path("counters").path("actions").asLong()
                        - before.path("counters").path("actions").asLong();
        return dt > 0 ? da / dt : null;
    }

    private static void install(PahoMessageBus bus, PolicyTopics policy, byte[] pkg)
            throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", POLICY);
        body.put("data", Base64.getEncoder().encodeToString(pkg));
        request(bus, ManagementOperation.POLICIES_INSTALL, body);
        awaitStatus(bus, policy, n -> n.path("state").asText().equals("RUNNING"));
    }

    private static void uninstall(PahoMessageBus bus, PolicyTopics policy) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", POLICY);
        CompletableFuture<Void> gone = new CompletableFuture<>();
        Subscription s =
                bus.subscribe(
                                policy.status(),
                                Qos.AT_LEAST_ONCE,
                                m -> {
                                    if (m.payload().length == 0) {
                                        gone.complete(null);
                                    }
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        request(bus, ManagementOperation.POLICIES_UNINSTALL, body);
        gone.get(60, TimeUnit.SECONDS);
        s.cancel();
    }

    /** The newest status, with the local time it was received. */
    private static JsonNode status(PahoMessageBus bus, PolicyTopics policy) throws Exception {
        return awaitStatus(bus, policy, n -> true);
    }

    private static JsonNode awaitStatus(
            PahoMessageBus bus, PolicyTopics policy, java.util.function.Predicate<JsonNode> test)
            throws Exception {
        CompletableFuture<JsonNode> found = new CompletableFuture<>();
        Subscription s =
                bus.subscribe(
                                policy.status(),
                                Qos.AT_LEAST_ONCE,
                                m -> {
                                    if (m.payload().length > 0) {
                                        ObjectNode n = (ObjectNode) JSON.readTree(m.payload());
                                        if (test.test(n)) {
                                            n.put("receivedNanos", System.nanoTime());
                                            found.complete(n);
                                        }
                                    }
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        try {
            return found.get(120, TimeUnit.SECONDS);
        } finally {
            s.cancel();
        }
    }

    private static void request(PahoMessageBus bus, ManagementOperation op, ObjectNode body)
            throws Exception {
        Message r =
                bus.request(
                                Message.builder(Distribution.TOPICS.management(op))
                                        .payload(JSON.writeValueAsBytes(body))
                                        .contentType(ContentTypes.JSON)
                                        .qos(Qos.AT_LEAST_ONCE)
                                        .build(),
                                Duration.ofSeconds(60))
                        .toCompletableFuture()
                        .get(70, TimeUnit.SECONDS);
        if (!"ok".equals(r.userProperty(BusProperties.STATUS_PROPERTY).orElse(""))) {
            throw new IllegalStateException(op.path() + " failed: " + r.payloadAsString());
        }
    }
}
