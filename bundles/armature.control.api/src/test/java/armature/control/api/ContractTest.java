package armature.control.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContractTest {
    @Test
    void topicsAreBuiltFromCheckedLevels() {
        ContainerTopics c = ContainerTopics.of("local");
        LoopTopics hand = c.loop("hand");
        assertThat(hand.command("cli")).isEqualTo("armature/v1/local/control/hand/command/cli");
        assertThat(hand.senderOf("armature/v1/local/control/hand/estop/trip/eve")).isEqualTo("eve");
        assertThat(c.component("armature.control~hand/x"))
                .isEqualTo("armature/v1/local/components/armature.control~hand_x/state");
        assertThat(c.management(ManagementOperation.BUNDLES_INSTALL))
                .isEqualTo("armature/v1/local/mgmt/bundles/install");
        assertThatThrownBy(() -> hand.command("a/b")).hasMessageContaining("sender 'a/b'");
        assertThatThrownBy(() -> ContainerTopics.of("+")).hasMessageContaining("container id");
        assertThatThrownBy(() -> hand.senderOf("armature/v1/local/control/hand/command/a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loopsAreFoundByTheirRetainedSchema() {
        ContainerTopics c = ContainerTopics.of("local");
        String schema = c.loop("hand").stateSchema();
        assertThat(armature.bus.api.Topics.matches(c.loopStateSchemaFilter(), schema)).isTrue();
        assertThat(
                        armature.bus.api.Topics.matches(
                                c.loopStateSchemaFilter(), c.loop("hand").statistics()))
                .isFalse();
        assertThat(c.loopNameOf(schema)).isEqualTo("hand");
        assertThat(c.loopNameOf(c.loop("arm").base())).isEqualTo("arm");
        assertThatThrownBy(() -> c.loopNameOf(ContainerTopics.of("other").loop("hand").state()))
                .hasMessageContaining("not under armature/v1/local/control/");
    }

    @Test
    void sequenceNumbersAreUnsignedWithABoundedStep() {
        assertThat(CommandContract.sequenceAcceptable(0, 1)).isTrue();
        assertThat(CommandContract.sequenceAcceptable(0, Long.MAX_VALUE))
                .as("2^63-1 from a fresh sender is a jump far beyond the step")
                .isFalse();
        assertThat(CommandContract.sequenceAcceptable(Long.MAX_VALUE, Long.MIN_VALUE))
                .as("2^63 follows 2^63-1 unsigned")
                .isTrue();
        assertThat(CommandContract.sequenceAcceptable(5, 5)).isFalse();
        assertThat(CommandContract.sequenceAcceptable(5, 4)).isFalse();
        assertThat(CommandContract.sequenceAcceptable(5, 5 + CommandContract.MAX_SEQUENCE_STEP))
                .isTrue();
        assertThat(CommandContract.sequenceAcceptable(5, 6 + CommandContract.MAX_SEQUENCE_STEP))
                .isFalse();
        assertThat(CommandContract.sequenceAcceptable(-2L, -1L)).as("2^64-1 after 2^64-2").isTrue();
    }

    @Test
    void wireNamesParseBack() {
        for (EStopAction a : EStopAction.values()) {
            assertThat(EStopAction.parse(a.wireName())).isEqualTo(a);
        }
        for (ManagementOperation op : ManagementOperation.values()) {
            assertThat(ManagementOperation.ofPath(op.path())).isEqualTo(op);
        }
        assertThat(CommandMode.parse(null)).isEqualTo(CommandMode.POSITION);
        assertThatThrownBy(() -> EStopAction.parse("open")).hasMessageContaining("'open'");
        assertThatThrownBy(() -> ManagementOperation.ofPath("bundles/nuke"))
                .hasMessageContaining("known: status");
        assertThatThrownBy(() -> Role.parse("admin")).hasMessageContaining("operator");
    }
}
