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

    @Test
    void uncertaintyIsAFiniteNonNegativeDecimalOrAbsentAndNothingElse() {
        assertThat(CommandContract.parseUncertainty(null)).isNaN();
        assertThat(CommandContract.parseUncertainty("0")).isZero();
        assertThat(CommandContract.parseUncertainty("0.125")).isEqualTo(0.125);
        assertThat(CommandContract.parseUncertainty("12")).isEqualTo(12.0);
        assertThat(CommandContract.parseUncertainty("1.5E-3")).isEqualTo(0.0015);
        for (String bad :
                new String[] {
                    "",
                    "-0.1",
                    "-0",
                    "+1",
                    ".5",
                    "1.",
                    "NaN",
                    "Infinity",
                    "1e999",
                    "0x10",
                    "1,5",
                    " 1"
                }) {
            assertThatThrownBy(() -> CommandContract.parseUncertainty(bad))
                    .as("'" + bad + "'")
                    .hasMessage(
                            "armature-uncertainty = '"
                                    + bad
                                    + "'; allowed: "
                                    + CommandContract.UNCERTAINTY_ALLOWED);
        }
        assertThatThrownBy(() -> CommandContract.parseUncertainty("9".repeat(100)))
                .hasMessageContaining("...'");
        for (double u : new double[] {0, -0.0, 0.05, 1e-9, 3.25, 1e300}) {
            assertThat(CommandContract.parseUncertainty(CommandContract.uncertaintyProperty(u)))
                    .as("round trip of " + u)
                    .isEqualTo(u == 0 ? 0.0 : u);
        }
        assertThat(CommandContract.uncertaintyProperty(Double.NaN)).isNull();
        assertThatThrownBy(() -> CommandContract.uncertaintyProperty(-1))
                .hasMessageContaining("uncertainty = -1.0");
        assertThatThrownBy(() -> CommandContract.uncertaintyProperty(Double.POSITIVE_INFINITY))
                .hasMessageContaining("Infinity");
    }
}
