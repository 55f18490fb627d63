package armature.itest;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicyProvider;
import armature.policy.api.PolicySpec;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test policy for live swaps: it holds every joint at one fraction of its range, the fraction
 * being its source ({@code 0.3}), so every command frame says which policy computed it. A source
 * {@code slow:0.6} makes the provider wait, while it "loads", until the test opens {@link
 * Provider#loading}'s gate: the test sees the running policy act meanwhile.
 */
final class SwapPolicy implements Policy {
    static final String KIND = "itest-swap";
    static final double RATE_HZ = 100;

    private final PolicySpec spec;
    private final float[] targets;

    SwapPolicy(PolicyContext context, double fraction) {
        List<String> names = context.joints().stream().map(JointRange::name).toList();
        spec =
                new PolicySpec(
                        List.of(
                                new ObservationSlot(
                                        "jointPositionRad",
                                        names.size(),
                                        context.jointStateTopic(),
                                        "positionRad",
                                        List.of())),
                        names,
                        ActionMode.POSITION,
                        RATE_HZ,
                        false);
        targets = new float[names.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = (float) target(context.joints().get(i), fraction);
        }
    }

    /** The target this policy commands for {@code joint}. */
    static double target(JointRange joint, double fraction) {
        return (float)
                (joint.minPositionRad()
                        + fraction * (joint.maxPositionRad() - joint.minPositionRad()));
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public void act(float[] observation, float[] action) {
        System.arraycopy(targets, 0, action, 0, action.length);
    }

    @Override
    public void reset() {}

    @Override
    public void close() {}

    /** The provider; a {@code slow:} source waits for {@link #release()} before it returns. */
    static final class Provider implements PolicyProvider {
        final CountDownLatch loading = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public Policy create(PolicyContext context) {
            String source = context.source();
            if (source.startsWith("slow:")) {
                loading.countDown();
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                source = source.substring("slow:".length());
            }
            return new SwapPolicy(context, Double.parseDouble(source));
        }

        void release() {
            gate.countDown();
        }
    }
}
