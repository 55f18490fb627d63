package armature.itest;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicyProvider;
import armature.policy.api.PolicySpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tiny recurrent test policy: its "recurrent state" is the number of steps since the last reset;
 * it holds every joint at its measured position. Registered by the test as a {@link PolicyProvider}
 * of kind {@value #KIND}; the newest policy it made is readable by the test.
 */
final class CounterPolicy implements Policy {
    static final String KIND = "itest-counter";

    private final PolicySpec spec;
    final AtomicLong steps = new AtomicLong();
    final AtomicLong resets = new AtomicLong();

    CounterPolicy(PolicyContext context) {
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
                        50,
                        true);
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public void act(float[] observation, float[] action) {
        steps.incrementAndGet();
        System.arraycopy(observation, 0, action, 0, action.length);
    }

    @Override
    public void reset() {
        steps.set(0);
        resets.incrementAndGet();
    }

    @Override
    public void close() {}

    /** The provider; {@link #latest} is the policy it made last. */
    static final class Provider implements PolicyProvider {
        final AtomicReference<CounterPolicy> latest = new AtomicReference<>();

        @Override
        public Policy create(PolicyContext context) {
            CounterPolicy p = new CounterPolicy(context);
            latest.set(p);
            return p;
        }
    }
}
