package armature.policy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import armature.policy.api.PolicyEventType;
import org.junit.jupiter.api.Test;

class OperatorGateTest {
    private static final long MS = 1_000_000L;

    @Test
    void anOperatorCommandPausesUntilAResumeAfterTheQuietTime() {
        OperatorGate g = new OperatorGate(500 * MS);
        assertThat(g.blocked()).contains("e-stop state");
        assertThat(g.eStop("CLEAR")).isNull();
        assertThat(g.blocked()).isNull();

        assertThat(g.foreignCommand("cli", 1000 * MS).type())
                .isEqualTo(PolicyEventType.PAUSED_OPERATOR_COMMAND);
        assertThat(g.foreignCommand("cli", 1020 * MS)).as("one event per pause").isNull();
        assertThat(g.blocked()).contains("'cli'");

        OperatorGate.Change early = g.resume("alice", 1200 * MS);
        assertThat(early.type()).isEqualTo(PolicyEventType.RESUME_REFUSED);
        assertThat(early.message()).contains("'cli'").contains("180 ms ago");
        assertThat(g.paused()).isTrue();

        assertThat(g.resume("alice", 1600 * MS).type()).isEqualTo(PolicyEventType.RESUMED);
        assertThat(g.blocked()).isNull();
        assertThat(g.resume("alice", 1700 * MS)).as("not paused: nothing to do").isNull();
    }

    @Test
    void anEStopPausesAndResumeIsRefusedUntilItIsClearAgain() {
        OperatorGate g = new OperatorGate(0);
        g.eStop("CLEAR");
        assertThat(g.eStop("LATCHED").type()).isEqualTo(PolicyEventType.PAUSED_ESTOP);
        assertThat(g.resume("alice", 0).message()).contains("LATCHED");
        g.eStop("CLEAR");
        assertThat(g.paused()).as("a cleared e-stop alone does not resume").isTrue();
        assertThat(g.resume("alice", 0).type()).isEqualTo(PolicyEventType.RESUMED);
    }

    @Test
    void aHoldPausesLikeAnOperatorCommand() {
        OperatorGate g = new OperatorGate(0);
        g.eStop("CLEAR");
        assertThat(g.hold("bob").type()).isEqualTo(PolicyEventType.PAUSED_HOLD);
        assertThat(g.blocked()).contains("'bob' asked for a hold");
        assertThat(g.resume("bob", 0).type()).isEqualTo(PolicyEventType.RESUMED);
    }
}
