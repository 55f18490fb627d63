package armature.control.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.Topics;
import org.junit.jupiter.api.Test;

class ContainerTopicsParsingTest {
    @Test
    void theContainerLevelIsReadBackFromAnyTopicOfItsTree() {
        ContainerTopics c = ContainerTopics.of("lab-2");
        assertThat(ContainerTopics.containerIdOf(c.loop("hand").command("cli"))).isEqualTo("lab-2");
        assertThat(ContainerTopics.containerIdOf(c.root())).isEqualTo("lab-2");
        assertThatThrownBy(() -> ContainerTopics.containerIdOf("homie/5/x"))
                .hasMessageContaining("'homie/5/x'");
        assertThatThrownBy(() -> ContainerTopics.containerIdOf("armature/v1/+/status"))
                .hasMessageContaining("container level");
    }

    @Test
    void everyContainerFilterCoversEveryContainersTopicsOnly() {
        String filter = ContainerTopics.everyContainerFilter();
        assertThat(Topics.matches(filter, ContainerTopics.of("a").status())).isTrue();
        assertThat(Topics.matches(filter, ContainerTopics.of("b").loop("l").state())).isTrue();
        assertThat(Topics.matches(filter, "homie/5/x/$state")).isFalse();
    }
}
