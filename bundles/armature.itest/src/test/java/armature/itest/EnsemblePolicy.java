package armature.itest;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicyProvider;
import armature.policy.api.PolicySpec;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for an ensemble of {@value #MEMBERS} trained networks (the real ones are ONNX
 * packages, armature.policy.onnx): it drives the widest joint of the loop between 20 % and 80 % of
 * its range, switching every {@value #STEPS_PER_POSE} steps, and reads one observation {@code x}
 * from {@link #probeTopic}. Member {@code k} adds {@code c_k * width * x^3} to the pose with {@code
 * c = -0.02, -0.01, 0, 0.01, 0.02}: inside the "training range" {@code |x| <= 1} the members agree
 * to within 1.5 % of the range; far outside it they diverge with the cube of {@code x}, as networks
 * fitted on the same data extrapolate differently. The action is the members' mean (the pose); the
 * {@link #uncertainty()} is exactly what the Policy API defines: the members' standard deviation
 * over the joint's range width.
 */
final class EnsemblePolicy implements Policy {
    static final String KIND = "itest-ensemble";
    static final int MEMBERS = 5;
    static final int STEPS_PER_POSE = 50;
    private static final double[] SPREAD = {-0.02, -0.01, 0, 0.01, 0.02};

    private final PolicySpec spec;
    private final double lowRad;
    private final double highRad;
    private final double widthRad;
    private final double[] members = new double[MEMBERS];
    private double uncertainty = Double.NaN;
    final AtomicLong steps = new AtomicLong();
    final String joint;

    EnsemblePolicy(PolicyContext context, String probeTopic) {
        JointRange widest =
                context.joints().stream()
                        .filter(JointRange::bounded)
                        .max(
                                Comparator.comparingDouble(
                                        j -> j.maxPositionRad() - j.minPositionRad()))
                        .orElseThrow();
        joint = widest.name();
        widthRad = widest.maxPositionRad() - widest.minPositionRad();
        lowRad = widest.minPositionRad() + 0.2 * widthRad;
        highRad = widest.minPositionRad() + 0.8 * widthRad;
        spec =
                new PolicySpec(
                        List.of(new ObservationSlot("probe", 1, probeTopic, "/x", List.of())),
                        List.of(joint),
                        ActionMode.POSITION,
                        50,
                        true);
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public void act(float[] observation, float[] action) {
        long step = steps.getAndIncrement();
        double pose = (step / STEPS_PER_POSE) % 2 == 0 ? highRad : lowRad;
        double x = observation[0];
        double mean = 0;
        for (int k = 0; k < MEMBERS; k++) {
            members[k] = pose + SPREAD[k] * widthRad * x * x * x;
            mean += members[k] / MEMBERS;
        }
        double variance = 0;
        for (int k = 0; k < MEMBERS; k++) {
            variance += (members[k] - mean) * (members[k] - mean) / MEMBERS;
        }
        uncertainty = Math.sqrt(variance) / widthRad;
        action[0] = (float) mean;
    }

    @Override
    public double uncertainty() {
        return uncertainty;
    }

    @Override
    public void reset() {
        steps.set(0);
    }

    @Override
    public void close() {}

    /** The provider; {@link #latest} is the policy it made last. */
    static final class Provider implements PolicyProvider {
        final AtomicReference<EnsemblePolicy> latest = new AtomicReference<>();
        private final String probeTopic;

        /**
         * @param probeTopic where {@code {"x": ...}} arrives, relative to the container root
         */
        Provider(String probeTopic) {
            this.probeTopic = probeTopic;
        }

        @Override
        public Policy create(PolicyContext context) {
            EnsemblePolicy p = new EnsemblePolicy(context, probeTopic);
            latest.set(p);
            return p;
        }
    }
}
