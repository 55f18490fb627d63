package armature.policy.onnx.pkg;

import armature.policy.api.JointRange;
import armature.policy.api.PolicyContext;
import armature.policy.onnx.testing.OnnxGraphBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Networks, descriptors and loop contexts for the package tests. The loop has four joints with
 * different ranges; the networks read their positions and velocities (8 values).
 */
final class TestPackages {
    static final String LOOP = "hand";
    static final String STATE = "control/hand/state";
    static final List<JointRange> JOINTS =
            List.of(
                    new JointRange("j0", -1.0, 1.0, 3.0),
                    new JointRange("j1", 0.0, 1.5, 2.0),
                    new JointRange("j2", -0.5, 0.5, 1.0),
                    new JointRange("j3", 0.0, 2.0, 4.0));
    static final List<String> NAMES = List.of("j0", "j1", "j2", "j3");
    static final int OBS = 8;
    static final int ACT = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    private TestPackages() {}

    static PolicyContext context(Map<String, String> settings) {
        return new PolicyContext("test", LOOP, STATE, JOINTS, "", settings);
    }

    static PolicyContext context() {
        return context(Map.of());
    }

    /**
     * A tanh MLP obs -> hidden... -> actions with weights from {@code seed}; {@code skipScale} > 0
     * adds a linear obs -> action path with weights from {@code skipSeed}.
     */
    static byte[] mlp(long seed, long skipSeed, float skipScale, int... sizes) {
        Random rnd = new Random(seed);
        int last = sizes.length - 1;
        OnnxGraphBuilder g =
                new OnnxGraphBuilder().input("obs", -1, sizes[0]).output("action", -1, sizes[last]);
        String in = "obs";
        for (int i = 1; i < sizes.length; i++) {
            String out = i == last ? (skipScale > 0 ? "trunk" : "action") : "h" + i;
            g.linear("fc" + i, in, out, sizes[i - 1], sizes[i], rnd);
            if (i < last) {
                g.node("Tanh", "tanh" + i, List.of(out), List.of("a" + i));
                in = "a" + i;
            }
        }
        if (skipScale > 0) {
            // a random linear path from the observation, different per member: members agree
            // where observations are small and drift apart as they grow
            String w =
                    g.random("skip.weight", new Random(skipSeed), skipScale, sizes[last], sizes[0]);
            g.node(
                    "Gemm",
                    "skip",
                    List.of("obs", w),
                    List.of("s"),
                    OnnxGraphBuilder.Attr.i("transB", 1));
            g.node("Add", "sum", List.of("trunk", "s"), List.of("action"));
        }
        return g.build();
    }

    static byte[] mlp(long seed) {
        return mlp(seed, 0, 0, OBS, 16, 16, ACT);
    }

    /** obs -> Gemm -> Tanh -> LSTM(hidden) -> Gemm -> action, h/c as state inputs/outputs. */
    static byte[] lstm(long seed, int obs, int dense, int hidden, int actions) {
        Random rnd = new Random(seed);
        float scale = (float) (1 / Math.sqrt(hidden));
        OnnxGraphBuilder g =
                new OnnxGraphBuilder()
                        .input("obs", -1, obs)
                        .input("h0", 1, -1, hidden)
                        .input("c0", 1, -1, hidden)
                        .output("action", -1, actions)
                        .output("hn", 1, -1, hidden)
                        .output("cn", 1, -1, hidden);
        g.linear("dense", "obs", "d", obs, dense, rnd);
        g.node("Tanh", "dense_act", List.of("d"), List.of("da"));
        g.node("Reshape", "to_sequence", List.of("da", g.longs(1, -1, dense)), List.of("x"));
        String w = g.random("W", rnd, scale, 1, 4 * hidden, dense);
        String r = g.random("R", rnd, scale, 1, 4 * hidden, hidden);
        String b = g.random("B", rnd, scale, 1, 8 * hidden);
        g.node(
                "LSTM",
                "lstm",
                List.of("x", w, r, b, "", "h0", "c0"),
                List.of("", "hn", "cn"),
                OnnxGraphBuilder.Attr.i("hidden_size", hidden));
        g.node("Reshape", "features", List.of("hn", g.longs(-1, hidden)), List.of("f"));
        g.linear("head", "f", "action", hidden, actions, rnd);
        return g.build();
    }

    /** A complete descriptor as a mutable JSON tree (maps and lists) for {@code networks}. */
    static Map<String, Object> descriptor(String... networks) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("formatVersion", 1);
        d.put("name", "test-policy");
        d.put("description", "four joints to their targets");
        d.put("networks", new ArrayList<>(List.of(networks)));
        d.put("controlRateHz", 50);
        List<Object> slots = new ArrayList<>();
        slots.add(slot("jointPositionRad", 4, "control/{loop}/state", "positionRad", NAMES));
        slots.add(
                slot(
                        "jointVelocityRadPerSec",
                        4,
                        "control/{loop}/state",
                        "velocityRadPerSec",
                        NAMES));
        d.put("observations", slots);
        Map<String, Object> norm = new LinkedHashMap<>();
        norm.put("mean", new ArrayList<>(List.of(0.1, 0.7, 0.0, 1.0, 0, 0, 0, 0)));
        norm.put("std", new ArrayList<>(List.of(0.5, 0.4, 0.25, 0.6, 1.5, 1.0, 0.5, 2.0)));
        norm.put("epsilon", 1e-8);
        norm.put("clip", 3.0);
        d.put("normalization", norm);
        Map<String, Object> actions = new LinkedHashMap<>();
        actions.put("joints", new ArrayList<>(NAMES));
        actions.put("mode", "POSITION");
        Map<String, Object> scaling = new LinkedHashMap<>();
        scaling.put("type", "range");
        actions.put("scaling", scaling);
        d.put("actions", actions);
        d.put("recurrentStateSizes", new ArrayList<>());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("trainedBy", "Armature tests");
        prov.put("trainedAt", "2026-12-05T16:00:00Z");
        prov.put("framework", "OnnxGraphBuilder (random weights)");
        prov.put("environment", "none");
        prov.put("robot", "four test joints");
        prov.put("codeCommit", "0000000");
        prov.put("notes", "not trained");
        d.put("provenance", prov);
        return d;
    }

    static Map<String, Object> slot(
            String name, int size, String topic, String field, List<String> elements) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("size", size);
        s.put("topic", topic);
        s.put("field", field);
        if (elements != null) {
            s.put("elements", new ArrayList<>(elements));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> d, String key) {
        return (Map<String, Object>) d.get(key);
    }

    static byte[] json(Object tree) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An in-memory package: the descriptor and networks named net0.onnx, net1.onnx, ... */
    static PolicyPackage pkg(Map<String, Object> descriptor, byte[]... networks) {
        Map<String, byte[]> nets = new LinkedHashMap<>();
        for (int i = 0; i < networks.length; i++) {
            nets.put("net" + i + ".onnx", networks[i]);
        }
        return PolicyPackage.of("test.armpolicy", json(descriptor), nets);
    }

    static String[] names(int k) {
        String[] n = new String[k];
        for (int i = 0; i < k; i++) {
            n[i] = "net" + i + ".onnx";
        }
        return n;
    }

    static float[] random(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }
}
