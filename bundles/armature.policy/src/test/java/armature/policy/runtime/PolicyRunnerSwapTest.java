package armature.policy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyEventType;
import armature.policy.api.PolicySpec;
import armature.policy.api.PolicyState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What may replace a running policy between two ticks, and what happens to the one replaced. */
class PolicyRunnerSwapTest {
    private static final List<JointRange> JOINTS =
            List.of(new JointRange("a", -1, 1, 2), new JointRange("b", -1, 1, 2));
    private static final ObservationSlot POSITIONS =
            new ObservationSlot("jointPositionRad", 2, "control/hand/state", "positionRad", null);

    @Test
    void aPolicyWithTheSameLayoutReplacesTheRunningOneWhichIsHandedBackOpen() {
        Fixed first = new Fixed(spec(List.of(POSITIONS), List.of("a", "b"), 50));
        PolicyRunner runner = runner(first);
        Fixed second = new Fixed(spec(List.of(POSITIONS), List.of("a", "b"), 50));

        Policy old = runner.swap(second);

        assertThat(old).isSameAs(first);
        assertThat(first.closed).as("the caller closes it, outside the runner's lock").isFalse();
        assertThat(runner.counters().swaps()).isEqualTo(1);
        runner.close();
        assertThat(second.closed).as("the runner now owns the new one").isTrue();
    }

    @Test
    void anotherObservationLayoutActionSetOrRateIsRefusedNamingTheDifferenceAndChangesNothing() {
        Fixed first = new Fixed(spec(List.of(POSITIONS), List.of("a", "b"), 50));
        PolicyRunner runner = runner(first);
        ObservationSlot wider =
                new ObservationSlot(
                        "jointPositionRad", 3, "control/hand/state", "positionRad", null);

        assertThatThrownBy(
                        () -> runner.swap(new Fixed(spec(List.of(wider), List.of("a", "b"), 50))))
                .hasMessageContaining("observation slot 0 differs")
                .hasMessageContaining("'jointPositionRad' (2 from control/hand/state positionRad)")
                .hasMessageContaining("(3 from");
        assertThatThrownBy(
                        () ->
                                runner.swap(
                                        new Fixed(spec(List.of(POSITIONS), List.of("b", "a"), 50))))
                .hasMessage("action joints differ: running [a, b], new [b, a]");
        assertThatThrownBy(
                        () ->
                                runner.swap(
                                        new Fixed(
                                                spec(List.of(POSITIONS), List.of("a", "b"), 100))))
                .hasMessage("control rate differs: running 50.0 Hz, new 100.0 Hz");
        assertThat(runner.counters().swaps()).isZero();
        runner.close();
        assertThat(first.closed).as("the first policy was still the running one").isTrue();
    }

    @Test
    void aClosedRunnerTakesNoPolicy() {
        PolicyRunner runner = runner(new Fixed(spec(List.of(POSITIONS), List.of("a", "b"), 50)));
        runner.close();
        assertThatThrownBy(
                        () ->
                                runner.swap(
                                        new Fixed(spec(List.of(POSITIONS), List.of("a", "b"), 50))))
                .isInstanceOf(IllegalStateException.class);
    }

    private static PolicySpec spec(List<ObservationSlot> obs, List<String> joints, double hz) {
        return new PolicySpec(obs, joints, ActionMode.POSITION, hz, false);
    }

    private static PolicyRunner runner(Policy p) {
        return new PolicyRunner(
                p,
                JOINTS,
                new ObservationAssembler(p.spec(), 100_000_000L, System::nanoTime),
                new OperatorGate(0),
                new LoopView("policy-test"),
                new PolicyRunner.Sink() {
                    @Override
                    public void command(byte[] frame, double uncertainty) {}

                    @Override
                    public void event(PolicyEventType type, String field, String message) {}

                    @Override
                    public void state(PolicyState state, String reason) {}
                },
                System::nanoTime);
    }

    /** Holds still; remembers whether it was closed. */
    private static final class Fixed implements Policy {
        private final PolicySpec spec;
        boolean closed;

        Fixed(PolicySpec spec) {
            this.spec = spec;
        }

        @Override
        public PolicySpec spec() {
            return spec;
        }

        @Override
        public void act(float[] observation, float[] action) {}

        @Override
        public void reset() {}

        @Override
        public void close() {
            closed = true;
        }
    }
}
