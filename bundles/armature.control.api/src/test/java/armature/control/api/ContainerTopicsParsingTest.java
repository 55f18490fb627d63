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

    @Test
    void aSensorsTopicsLieInItsDevicesSubtreeAndTheRegistryOutsideIt() {
        ContainerTopics c = ContainerTopics.of("lab");
        SensorTopics t = c.sensor("thermo1");
        assertThat(t.descriptor()).isEqualTo("armature/v1/lab/sensors/thermo1/descriptor");
        for (String topic : new String[] {t.descriptor(), t.state(), t.samples()}) {
            assertThat(Topics.matches(c.sensorFilter(), topic)).as(topic).isTrue();
            assertThat(c.sensorIdOf(topic)).isEqualTo("thermo1");
            assertThat(AccessPolicy.mayPublish(Role.DEVICE, "thermo1", topic, true))
                    .as(topic)
                    .isTrue();
            assertThat(AccessPolicy.mayPublish(Role.DEVICE, "other", topic, false))
                    .as(topic)
                    .isFalse();
        }
        // no device name reaches the registry's document, not even "status" or "sensor-registry"
        for (String device : new String[] {"status", "sensor-registry"}) {
            assertThat(
                            AccessPolicy.mayPublish(
                                    Role.DEVICE, device, c.sensorRegistryStatus(), false))
                    .as(device)
                    .isFalse();
        }
        assertThat(Topics.matches(c.sensorFilter(), c.sensorRegistryStatus())).isFalse();
        assertThatThrownBy(() -> c.sensorIdOf("armature/v1/lab/status"))
                .hasMessageContaining("is not under armature/v1/lab/sensors/");
        assertThatThrownBy(() -> c.sensor("a/b")).hasMessageContaining("sensor id 'a/b'");
    }
}
