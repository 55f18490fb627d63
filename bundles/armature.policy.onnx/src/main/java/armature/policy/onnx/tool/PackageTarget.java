package armature.policy.onnx.tool;

import armature.control.api.ContainerTopics;
import armature.policy.api.JointRange;
import armature.policy.api.PolicyContext;
import armature.policy.onnx.OnnxNetwork;
import armature.policy.onnx.pkg.OnnxPolicy;
import armature.policy.onnx.pkg.PolicyDescriptor;
import armature.policy.onnx.pkg.PolicyPackage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code eval} and {@code bench} run: a bare network ({@code .onnx}), whose inputs and outputs
 * are the network's own, or a policy package ({@code .armpolicy}, {@code .policy.json}), run as the
 * container runs it: normalisation, the ensemble's mean, scaling and clipping to the joint limits,
 * recurrent state. A package's joint limits come from {@code --limits FILE}: the loop's retained
 * limits document ({@code ./armature echo armature/v1/<id>/control/<loop>/limits --count 1});
 * without it every joint is unlimited, which a {@code range}-scaled package refuses, naming the
 * joint.
 */
interface PackageTarget extends AutoCloseable {
    /** The container and loop name the package runs on offline. */
    String OFFLINE = "offline";

    int inputSize();

    int outputSize();

    /** The observation names a CSV's header must hold (any order), or null: by position. */
    List<String> inputNames();

    /** Column names for the output CSV. */
    List<String> outputNames();

    void run(float[] in, float[] out);

    /** Prepares {@link #runBatch} for {@code n} rows (allocates; not timed). */
    void prepareBatch(int n);

    /** {@code n} rows at once; recurrent state is not carried (a batch is independent rows). */
    void runBatch(float[] in, int n, float[] out);

    /** NaN unless an ensemble. */
    double uncertainty();

    /** Whether {@link #uncertainty} says anything (an ensemble of two or more networks). */
    boolean ensemble();

    void reset();

    boolean recurrent();

    long plannedBytes();

    @Override
    void close();

    static PackageTarget open(Path file, Map<String, String> options) {
        String n = file.getFileName().toString();
        if (n.endsWith(".onnx") && !java.nio.file.Files.exists(siblingDescriptor(file))) {
            return network(PolicyTool.load(file));
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new PolicyTool.UsageError("no such file: " + file);
        }
        PolicyPackage pkg = PolicyPackage.read(file);
        PolicyDescriptor d = pkg.descriptor();
        List<JointRange> joints = limits(options.get("limits"), d);
        // The container runs it on a loop; offline the loop is named "offline".
        ContainerTopics topics = ContainerTopics.of(OFFLINE);
        String stateTopic = topics.loop(OFFLINE).state().substring(topics.root().length() + 1);
        OnnxPolicy p =
                OnnxPolicy.create(
                        pkg,
                        new PolicyContext(
                                d.name(), OFFLINE, stateTopic, joints, file.toString(), Map.of()));
        return policy(p);
    }

    private static Path siblingDescriptor(Path onnx) {
        String n = onnx.getFileName().toString();
        return onnx.resolveSibling(
                n.substring(0, n.length() - 5) + PolicyPackage.DESCRIPTOR_SUFFIX);
    }

    /** The joints of the limits document, or every joint the package names, unlimited. */
    private static List<JointRange> limits(String file, PolicyDescriptor d) {
        if (file == null) {
            Set<String> names = new LinkedHashSet<>(d.actions().joints());
            for (PolicyDescriptor.Slot s : d.observations()) {
                names.addAll(s.elements());
            }
            List<JointRange> out = new ArrayList<>();
            for (String name : names) {
                out.add(
                        new JointRange(
                                name,
                                Double.NEGATIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY));
            }
            return out;
        }
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(Path.of(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (doc == null || !doc.path("joints").isArray()) {
            throw new IllegalArgumentException(
                    file + " is not a loop's limits document: no 'joints' array");
        }
        List<JointRange> out = new ArrayList<>();
        for (JsonNode j : doc.path("joints")) {
            out.add(
                    new JointRange(
                            j.path("name").asText(),
                            bound(j.path("minPositionRad"), Double.NEGATIVE_INFINITY),
                            bound(j.path("maxPositionRad"), Double.POSITIVE_INFINITY),
                            bound(j.path("maxVelocityRadPerSec"), Double.POSITIVE_INFINITY)));
        }
        return out;
    }

    private static double bound(JsonNode v, double unlimited) {
        return v.isNumber() ? v.asDouble() : unlimited;
    }

    private static PackageTarget network(OnnxNetwork net) {
        return new PackageTarget() {
            @Override
            public int inputSize() {
                return net.inputSize();
            }

            @Override
            public int outputSize() {
                return net.outputSize();
            }

            @Override
            public List<String> inputNames() {
                return null;
            }

            @Override
            public List<String> outputNames() {
                List<String> names = new ArrayList<>();
                for (int k = 0; k < net.outputSize(); k++) {
                    names.add("action" + k);
                }
                return names;
            }

            @Override
            public void run(float[] in, float[] out) {
                net.run(in, out);
            }

            @Override
            public void prepareBatch(int n) {
                net.prepareBatch(n);
            }

            @Override
            public void runBatch(float[] in, int n, float[] out) {
                net.runBatch(in, n, out);
            }

            @Override
            public boolean ensemble() {
                return false;
            }

            @Override
            public double uncertainty() {
                return Double.NaN;
            }

            @Override
            public void reset() {
                net.resetState();
            }

            @Override
            public boolean recurrent() {
                return net.recurrent();
            }

            @Override
            public long plannedBytes() {
                return net.plannedBytes();
            }

            @Override
            public void close() {
                net.close();
            }
        };
    }

    private static PackageTarget policy(OnnxPolicy p) {
        return new PackageTarget() {
            @Override
            public int inputSize() {
                return p.spec().observationSize();
            }

            @Override
            public int outputSize() {
                return p.spec().actionSize();
            }

            @Override
            public List<String> inputNames() {
                return p.descriptor().observationNames();
            }

            @Override
            public List<String> outputNames() {
                return p.spec().actionJoints();
            }

            @Override
            public void run(float[] in, float[] out) {
                p.act(in, out);
            }

            private double[] uncertainties = new double[0];

            @Override
            public void prepareBatch(int n) {
                p.prepareBatch(n);
                uncertainties = new double[n];
            }

            @Override
            public void runBatch(float[] in, int n, float[] out) {
                p.actBatch(in, n, out, uncertainties);
            }

            @Override
            public boolean ensemble() {
                return p.members() > 1;
            }

            @Override
            public double uncertainty() {
                return p.uncertainty();
            }

            @Override
            public void reset() {
                p.reset();
            }

            @Override
            public boolean recurrent() {
                return p.spec().recurrent();
            }

            @Override
            public long plannedBytes() {
                return p.plannedBytes();
            }

            @Override
            public void close() {
                p.close();
            }
        };
    }
}
