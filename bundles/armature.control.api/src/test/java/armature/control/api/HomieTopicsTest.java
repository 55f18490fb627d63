package armature.control.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HomieTopicsTest {
    @Test
    void topicsAreBuiltFromHomieIdsOnly() {
        assertThat(HomieTopics.state("thermo-1")).isEqualTo("homie/5/thermo-1/$state");
        assertThat(HomieTopics.description("thermo-1")).isEqualTo("homie/5/thermo-1/$description");
        assertThat(HomieTopics.property("thermo-1", "probe", "temperature"))
                .isEqualTo("homie/5/thermo-1/probe/temperature");
        assertThat(HomieTopics.set("d", "n", "p")).isEqualTo("homie/5/d/n/p/set");
        for (String bad : new String[] {"Thermo", "-x", "x-", "a_b", "a/b", "+", "", "$state"}) {
            assertThatThrownBy(() -> HomieTopics.state(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not a Homie id");
        }
    }

    @Test
    void parseTellsStateDescriptionPropertyAndEverythingElseApart() {
        assertThat(HomieTopics.parse("homie/5/dev/$state"))
                .contains(new HomieTopics.Parsed(HomieTopics.Kind.STATE, "dev", "", ""));
        assertThat(HomieTopics.parse("homie/5/dev/$description"))
                .contains(new HomieTopics.Parsed(HomieTopics.Kind.DESCRIPTION, "dev", "", ""));
        assertThat(HomieTopics.parse("homie/5/dev/probe/temp-c"))
                .contains(
                        new HomieTopics.Parsed(
                                HomieTopics.Kind.PROPERTY, "dev", "probe", "temp-c"));
        for (String other :
                new String[] {
                    "homie/5/dev/probe/temp/set",
                    "homie/5/dev/probe/temp/$target",
                    "homie/5/dev/$log/warn",
                    "homie/5/dev/$alert/x",
                    "homie/5/$broadcast/alert",
                    "homie/5/dev/Probe/temp"
                }) {
            assertThat(HomieTopics.parse(other))
                    .as(other)
                    .map(HomieTopics.Parsed::kind)
                    .contains(HomieTopics.Kind.OTHER);
        }
        assertThat(HomieTopics.parse("homie/4/dev/$state")).isEmpty();
        assertThat(HomieTopics.parse("armature/v1/local/state")).isEmpty();
    }
}
