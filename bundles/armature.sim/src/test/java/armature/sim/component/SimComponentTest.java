package armature.sim.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimComponentTest {
    @TempDir Path home;

    @Test
    void theNameComesFromTheFactoryConfigurationUnlessConfigured() {
        assertThat(SimComponent.instanceName("", "armature.sim~hand")).isEqualTo("hand");
        assertThat(SimComponent.instanceName(" left ", "armature.sim~hand")).isEqualTo("left");
        assertThatThrownBy(() -> SimComponent.instanceName("a/b", null))
                .hasMessageContaining("name = 'a/b'");
    }

    @Test
    void relativeModelPathsResolveAgainstArmatureHome() throws Exception {
        Path file = Files.writeString(home.resolve("robot.xml"), "<mujoco/>");
        assertThat(SimComponent.resolve("modelPath", "robot.xml", home.toString())).isEqualTo(file);
        assertThat(SimComponent.resolve("modelPath", file.toString(), null)).isEqualTo(file);
    }

    @Test
    void aMissingModelFileIsReportedWithItsPath() {
        Path missing = home.resolve("models/nope.xml");
        assertThatThrownBy(
                        () -> SimComponent.resolve("modelPath", "models/nope.xml", home.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modelPath = 'models/nope.xml'")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> SimComponent.resolve("modelPath", "x.xml", null))
                .hasMessageContaining("armature.home is not set");
        assertThatThrownBy(() -> SimComponent.resolve("modelPath", "", null))
                .hasMessageContaining("modelPath is empty");
    }
}
