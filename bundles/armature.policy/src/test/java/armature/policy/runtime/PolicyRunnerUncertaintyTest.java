package armature.policy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.FrameWriter;
import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyEventType;
import armature.policy.api.PolicySpec;
import armature.policy.api.PolicyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The runner hands every action's {@link Policy#uncertainty()} to its sink with the frame: NaN (no
 * measure) as NaN, a value as it is, and a broken one (negative, infinite) as no action at all.
 */
class PolicyRunnerUncertaintyTest {
    private static final long MS = 1_000_000L;
    private static final String STATE = "control/hand/state";

    /** A one-joint policy that holds the joint and reports whatever uncertainty it is told. */
    private static class Scripted implements Policy {
        double next = Double.NaN;

        @Override
        public PolicySpec spec() {
            return new PolicySpec(
                    List.of(new ObservationSlot("q", 1, STATE, "positionRad", List.of("a"))),
                    List.of("a"),
                    ActionMode.POSITION,
                    50,
                    false);
        }

        @Override
        public void act(float[] observation, float[] action) {
            action[0] = observation[0];
        }

        @Override
        public double uncertainty() {
            return next;
        }

        @Override
        public void reset() {}

        @Override
        public void close() {}
    }

    private record Sent(byte[] frame, double uncertainty) {}

    private final AtomicLong now = new AtomicLong(1000 * MS);
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final Scripted policy = new Scripted();
    private final ObservationAssembler observations =
            new ObservationAssembler(policy.spec(), 100 * MS, now::get);
    private final LoopView view = new LoopView("policy-test");
    private final PolicyRunner runner;

    PolicyRunnerUncertaintyTest() {
        OperatorGate gate = new OperatorGate(0);
        gate.eStop(OperatorGate.ESTOP_CLEAR);
        runner =
                new PolicyRunner(
                        policy,
                        List.of(new JointRange("a", -1, 1, 2)),
                        observations,
                        gate,
                        view,
                        new PolicyRunner.Sink() {
                            @Override
                            public void command(byte[] frame, double uncertainty) {
                                sent.add(new Sent(frame, uncertainty));
                            }

                            @Override
                            public void event(PolicyEventType type, String field, String message) {
                                events.add(type + " " + field + ": " + message);
                            }

                            @Override
                            public void state(PolicyState state, String reason) {}
                        },
                        now::get);
        observations.schema(
                STATE,
                FrameSchema.jointState(List.of("a"), ElementType.FLOAT64, "monotonic", 500, "Nm"));
        view.supervisor(7, Map.of());
    }

    private void tick() {
        FrameReader state = state(0.25);
        view.state(state);
        observations.frame(STATE, state);
        runner.tick();
    }

    @Test
    void everyActionCarriesThePolicysUncertaintyAndNoneWithoutAMeasure() {
        tick();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).uncertainty()).isNaN();
        assertThat(runner.uncertainty()).as("no measure, no summary").isNull();

        for (double u : new double[] {0.0, 0.1, 0.4, 0.2}) {
            policy.next = u;
            tick();
            assertThat(sent.get(sent.size() - 1).uncertainty()).isEqualTo(u);
        }
        UncertaintyWindow.Summary s = runner.uncertainty();
        assertThat(s.last()).isEqualTo(0.2);
        assertThat(s.recentMax()).isEqualTo(0.4);
        assertThat(s.recentMean()).isCloseTo(0.175, within(1e-12));
        assertThat(s.recentActions()).isEqualTo(4);
        assertThat(runner.counters().actions()).isEqualTo(5);
    }

    @Test
    void aShadowsInvalidActionsAreCountedForPromotion() {
        boolean[] broken = {false};
        Scripted candidate =
                new Scripted() {
                    @Override
                    public void act(float[] observation, float[] action) {
                        action[0] = broken[0] ? Float.NaN : observation[0];
                    }
                };
        assertThat(runner.shadow(candidate)).isNull();
        tick();
        broken[0] = true;
        tick();
        tick();
        broken[0] = false;
        tick();
        PolicyRunner.Shadow s = runner.shadowStats();
        assertThat(s.ticks()).isEqualTo(4);
        assertThat(s.invalidActions()).isEqualTo(2);
        assertThat(runner.counters().invalidActions()).as("the active policy's own").isZero();
    }

    @Test
    void aBrokenUncertaintyPublishesNothingAndSaysWhy() {
        for (double bad : new double[] {-0.01, Double.POSITIVE_INFINITY}) {
            policy.next = bad;
            tick();
        }
        assertThat(sent).as("no frame for an action whose uncertainty cannot be read").isEmpty();
        assertThat(runner.counters().invalidActions()).isEqualTo(2);
        assertThat(events)
                .hasSize(2)
                .allSatisfy(
                        e ->
                                assertThat(e)
                                        .startsWith("ACTION_INVALID uncertainty: ")
                                        .contains("allowed: a finite number >= 0"));
        assertThat(events.get(0)).contains("-0.01");
    }

    @Test
    void theRecentWindowCoversTheLastHundredActions() {
        UncertaintyWindow w = new UncertaintyWindow();
        for (int i = 0; i < 250; i++) {
            w.add(i < 150 ? 0.9 : 0.1);
        }
        assertThat(w.summary().recentMax()).isEqualTo(0.1);
        assertThat(w.summary().recentActions()).isEqualTo(UncertaintyWindow.SIZE);
    }

    private static FrameReader state(double positionRad) {
        byte[] b = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, 1)];
        new FrameWriter()
                .wrap(b, 0)
                .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, 1)
                .epoch(7)
                .sequence(1)
                .timestampNs(0)
                .putChannel(new double[] {positionRad})
                .putChannel(new double[1])
                .putChannel(new double[1])
                .finish();
        return new FrameReader().wrap(b);
    }
}
