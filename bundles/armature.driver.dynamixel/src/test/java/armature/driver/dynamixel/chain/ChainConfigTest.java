package armature.driver.dynamixel.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainConfigTest {

    @Test
    void jointMappingAppliesDirectionAndOffset() {
        JointConfig j = JointConfig.of("index_mcp", 1, -1, 0.5);
        // raw 3072 is +pi/2 on the servo; joint = -pi/2 + 0.5
        assertThat(j.jointPositionRad(3072)).isCloseTo(-Math.PI / 2 + 0.5, within(1e-12));
        assertThat(j.rawPosition(-Math.PI / 2 + 0.5)).isEqualTo(3072);
    }

    @Test
    void jointValidationNamesFieldAndValue() {
        assertThatThrownBy(() -> JointConfig.of("a", 253, 1, 0)).hasMessageContaining("'a' id=253");
        assertThatThrownBy(() -> JointConfig.of("a", 1, 2, 0)).hasMessageContaining("direction=2");
        assertThatThrownBy(() -> JointConfig.of("a", 1, 1, Double.NaN))
                .hasMessageContaining("offsetRad=NaN");
        assertThatThrownBy(() -> JointConfig.of("a", 1, 1, 7.0))
                .hasMessageContaining("offsetRad=7.0");
        assertThatThrownBy(() -> new JointConfig("a", 1, 1, 0, 100, 50))
                .hasMessageContaining("maxPositionRaw=50 is outside 100..4095");
        assertThatThrownBy(() -> JointConfig.of(" ", 1, 1, 0)).hasMessageContaining("joint name");
    }

    @Test
    void chainValidationNamesFieldAndValue() {
        List<JointConfig> joints =
                List.of(JointConfig.of("a", 1, 1, 0), JointConfig.of("b", 2, 1, 0));
        assertThat(ChainConfig.of("/dev/ttyUSB0", 4_000_000, joints).ids()).containsExactly(1, 2);
        assertThatThrownBy(() -> ChainConfig.of("/dev/ttyUSB0", 12345, joints))
                .hasMessageContaining("baudRate=12345");
        assertThatThrownBy(
                        () ->
                                ChainConfig.of(
                                        "/dev/x",
                                        57600,
                                        List.of(
                                                JointConfig.of("a", 1, 1, 0),
                                                JointConfig.of("b", 1, 1, 0))))
                .hasMessageContaining("'b' id=1 is used by another joint");
        assertThatThrownBy(
                        () ->
                                ChainConfig.of(
                                        "/dev/x",
                                        57600,
                                        List.of(
                                                JointConfig.of("a", 1, 1, 0),
                                                JointConfig.of("a", 2, 1, 0))))
                .hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> new ChainConfig("/dev/x", 57600, 3, 0, 2, 100, joints))
                .hasMessageContaining("returnDelayMicros=3");
        assertThatThrownBy(() -> new ChainConfig("/dev/x", 57600, 0, 0, 3, 100, joints))
                .hasMessageContaining("statusReturnLevel=3");
        assertThatThrownBy(() -> ChainConfig.of("", 57600, joints))
                .hasMessageContaining("portPath");
        assertThatThrownBy(() -> ChainConfig.of("/dev/x", 57600, List.of()))
                .hasMessageContaining("joints");
    }
}
