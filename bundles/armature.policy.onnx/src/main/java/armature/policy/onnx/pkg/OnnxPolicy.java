package armature.policy.onnx.pkg;

import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicySpec;
import armature.policy.onnx.OnnxNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A packaged policy on ND4J (ADR 0092): K {@link OnnxNetwork} members (K = 1 for a single network)
 * run on the same normalised observation; the action is the mean of the members' actions, each
 * scaled and clipped to the loop's limits; {@link #uncertainty()} is their disagreement as {@link
 * Policy#uncertainty()} defines it. Every buffer is allocated when the policy is created: {@link
 * #act} allocates nothing. Not thread-safe, like every {@link Policy}.
 */
public final class OnnxPolicy implements Policy {
    /** Setting: steps run on a zero observation at creation (JIT and caches), then reset. */
    public static final String WARMUP_STEPS = "warmupSteps";

    /** The settings this provider understands; any other key is refused. */
    public static final Set<String> SETTINGS = Set.of(WARMUP_STEPS);

    private final PolicyDescriptor descriptor;
    private final PolicySpec spec;
    private final OnnxNetwork[] members;
    private final Normalizer normalizer;
    private final ActionMap actions;
    // PolicySpec computes the observation size with an iterator: kept here so act() allocates
    // nothing
    private final int observationSize;
    private final int actionSize;
    private final Buffers single;
    private final Map<Integer, Buffers> batches = new HashMap<>();
    private double uncertainty = Double.NaN;
    private boolean closed;

    /**
     * Per batch size: the normalised input, each member's raw output, one joint's member values.
     */
    private record Buffers(float[] input, float[][] output, double[] values) {
        static Buffers of(int n, int obs, int act, int k) {
            return new Buffers(new float[n * obs], new float[k][n * act], new double[k]);
        }
    }

    private OnnxPolicy(
            PolicyDescriptor descriptor,
            PolicySpec spec,
            OnnxNetwork[] members,
            Normalizer normalizer,
            ActionMap actions) {
        this.descriptor = descriptor;
        this.spec = spec;
        this.members = members;
        this.normalizer = normalizer;
        this.actions = actions;
        this.observationSize = spec.observationSize();
        this.actionSize = spec.actionSize();
        this.single = Buffers.of(1, observationSize, actionSize, members.length);
    }

    /**
     * Loads the package's networks and checks them against the descriptor and the descriptor
     * against the loop: the slot sizes must sum to the networks' input width, the action joints
     * must be the loop's and as many as the networks' outputs, every member must have the same
     * shapes, and the recurrent state sizes must be the networks' own.
     *
     * @throws PolicyPackageException naming the field, the value and what is allowed
     */
    public static OnnxPolicy create(PolicyPackage pkg, PolicyContext context) {
        String origin = pkg.origin();
        PolicyDescriptor d = pkg.descriptor();
        for (String key : context.settings().keySet()) {
            if (!SETTINGS.contains(key)) {
                throw PolicyPackageException.value(
                        origin, "settings", key, "the onnx provider's settings " + SETTINGS);
            }
        }
        int warmup = (int) context.number(WARMUP_STEPS, 20, 0, 10_000);
        List<ObservationSlot> slots = PackageFit.slots(pkg, context);
        ActionMap map = new ActionMap(d.actions(), context, origin);
        OnnxNetwork[] nets = PackageFit.networks(pkg);
        PolicySpec spec =
                new PolicySpec(
                        slots,
                        d.actions().joints(),
                        d.actions().mode(),
                        d.controlRateHz(),
                        nets[0].recurrent());
        OnnxPolicy p =
                new OnnxPolicy(
                        d,
                        spec,
                        nets,
                        new Normalizer(d.normalization(), spec.observationSize()),
                        map);
        try {
            p.warmUp(warmup);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void warmUp(int steps) {
        if (steps == 0) {
            return;
        }
        float[] obs = new float[spec.observationSize()];
        float[] act = new float[spec.actionSize()];
        for (int i = 0; i < steps; i++) {
            act(obs, act);
        }
        reset();
        uncertainty = Double.NaN;
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    /** The descriptor the policy was made from (provenance, normalisation, scaling). */
    public PolicyDescriptor descriptor() {
        return descriptor;
    }

    /** How many networks run per step (1, or K for an ensemble). */
    public int members() {
        return members.length;
    }

    /** Bytes of ND4J memory the members' execution plans hold. */
    public long plannedBytes() {
        long b = 0;
        for (OnnxNetwork n : members) {
            b += n.plannedBytes();
        }
        return b;
    }

    @Override
    public void act(float[] observation, float[] action) {
        checkOpen();
        if (observation.length != observationSize || action.length != actionSize) {
            throw new IllegalArgumentException(
                    "observation has "
                            + observation.length
                            + " values (needs "
                            + observationSize
                            + "), action "
                            + action.length
                            + " (needs "
                            + actionSize
                            + ")");
        }
        uncertainty = run(observation, 1, action, null, single, true);
    }

    /**
     * n observations at once (row after row) to n actions, for batched simulation and evaluation:
     * each row as {@link #act} would compute it. Each batch size n > 1 has its own recurrent state
     * per member, one row per environment (n = 1 shares {@link #act}'s); its buffers and plans are
     * made on its first use or by {@link #prepareBatch}.
     *
     * @param observations n * observation size values
     * @param actions n * action size values, written
     * @param uncertainties n values written (each row's disagreement, NaN for one member), or null
     */
    public void actBatch(float[] observations, int n, float[] actions, double[] uncertainties) {
        checkOpen();
        if (n < 1
                || observations.length != n * observationSize
                || actions.length != n * actionSize
                || (uncertainties != null && uncertainties.length != n)) {
            throw new IllegalArgumentException(
                    "batch of "
                            + n
                            + ": observations has "
                            + observations.length
                            + " values (needs "
                            + n * observationSize
                            + "), actions "
                            + actions.length
                            + " (needs "
                            + n * actionSize
                            + "), uncertainties "
                            + (uncertainties == null ? "null" : uncertainties.length)
                            + " (needs null or "
                            + n
                            + ")");
        }
        run(observations, n, actions, uncertainties, buffers(n), false);
    }

    /** Plans and allocates batch size n now, so its first {@link #actBatch} does not. */
    public void prepareBatch(int n) {
        checkOpen();
        if (n < 1) {
            throw new IllegalArgumentException("n is " + n + "; must be at least 1");
        }
        buffers(n);
        for (OnnxNetwork m : members) {
            m.prepareBatch(n);
        }
    }

    private Buffers buffers(int n) {
        return n == 1
                ? single
                : batches.computeIfAbsent(
                        n, k -> Buffers.of(k, observationSize, actionSize, members.length));
    }

    /** Runs every member on n normalised rows; returns the last row's disagreement. */
    private double run(
            float[] observations,
            int n,
            float[] out,
            double[] uncertainties,
            Buffers b,
            boolean one) {
        normalizer.apply(observations, b.input(), n);
        for (int k = 0; k < members.length; k++) {
            if (one) {
                members[k].run(b.input(), b.output()[k]);
            } else {
                members[k].runBatch(b.input(), n, b.output()[k]);
            }
        }
        int a = actionSize;
        double last = Double.NaN;
        for (int r = 0; r < n; r++) {
            last = combine(b, r * a, out);
            if (uncertainties != null) {
                uncertainties[r] = last;
            }
        }
        return last;
    }

    /**
     * One row: mean of the members' actions into {@code out}; returns the largest population
     * standard deviation across members divided by the joint's limit width (NaN for one member or
     * when no action joint has finite limits). Deviations are taken from member 0's value, so
     * identical members give exactly 0 and exactly member 0's action.
     */
    private double combine(Buffers b, int base, float[] out) {
        int k = members.length;
        double worst = Double.NaN;
        for (int j = 0; j < actions.size(); j++) {
            double[] v = b.values();
            for (int m = 0; m < k; m++) {
                v[m] = actions.action(j, b.output()[m][base + j]);
            }
            double sum = 0;
            double squares = 0;
            for (int m = 1; m < k; m++) {
                double d = v[m] - v[0];
                sum += d;
                squares += d * d;
            }
            out[base + j] = (float) (v[0] + sum / k);
            double width = actions.width(j);
            if (k > 1 && width > 0 && Double.isFinite(width)) {
                double variance = Math.max(0, (squares - sum * sum / k) / k);
                double u = Math.sqrt(variance) / width;
                worst = Double.isNaN(worst) ? u : Math.max(worst, u);
            }
        }
        return worst;
    }

    /** The ensemble disagreement of the last {@link #act}; NaN for a single network. */
    @Override
    public double uncertainty() {
        return uncertainty;
    }

    /** Episode start: every member's recurrent state (all batch sizes) back to zero. */
    @Override
    public void reset() {
        checkOpen();
        for (OnnxNetwork m : members) {
            m.resetState();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (OnnxNetwork m : members) {
            m.close();
        }
        batches.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("policy " + descriptor.name() + " is closed");
        }
    }
}
