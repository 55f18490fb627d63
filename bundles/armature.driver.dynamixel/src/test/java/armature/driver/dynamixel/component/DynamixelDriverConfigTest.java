package armature.driver.dynamixel.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.driver.api.DriverCommandMode;
import armature.driver.dynamixel.chain.ChainConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration validation in activation names the field; no serial port needed. */
class DynamixelDriverConfigTest {
    private static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put("port", "/dev/null-port");
        m.put("ids", new int[] {1, 2});
        m.put("jointNames", new String[] {"a", "b"});
        return m;
    }

    private static ChainConfig build(Map<String, Object> m) {
        return DynamixelDriverComponent.chainConfig(Configs.of(DynamixelDriverConfig.class, m));
    }

    @Test
    void defaultsGiveFullRangeJointsWithDirectionPlusOne() {
        ChainConfig c = build(base());
        assertThat(c.joints()).hasSize(2);
        assertThat(c.joints().get(0).direction()).isEqualTo(1);
        assertThat(c.joints().get(1).minPositionRaw()).isZero();
        assertThat(c.joints().get(1).maxPositionRaw()).isEqualTo(4095);
        assertThat(c.baudRate()).isEqualTo(1_000_000);
    }

    @Test
    void positionWindowBecomesARawWindowRespectingDirection() {
        Map<String, Object> m = base();
        m.put("directions", new int[] {1, -1});
        m.put("minPositionRad", new double[] {-0.5, -0.5});
        m.put("maxPositionRad", new double[] {0.5, 1.0});
        ChainConfig c = build(m);
        // 0.5 rad = 325.95 counts from the centre 2048; rounding to the nearest count.
        assertThat(c.joints().get(0).minPositionRaw()).isEqualTo(2048 - 326);
        assertThat(c.joints().get(0).maxPositionRaw()).isEqualTo(2048 + 326);
        assertThat(c.joints().get(1).minPositionRaw()).isEqualTo(2048 - 652);
        assertThat(c.joints().get(1).maxPositionRaw()).isEqualTo(2048 + 326);
    }

    @Test
    void wrongLengthsNameTheField() {
        Map<String, Object> m = base();
        m.put("jointNames", new String[] {"a"});
        assertThatThrownBy(() -> build(m))
                .hasMessage("jointNames has 1 values; allowed: exactly 2 (one per servo id)");
        Map<String, Object> m2 = base();
        m2.put("offsetsRad", new double[] {0.1, 0.2, 0.3});
        assertThatThrownBy(() -> build(m2)).hasMessageStartingWith("offsetsRad has 3 values");
    }

    @Test
    void windowBeyondOneTurnIsRefusedWithJointName() {
        Map<String, Object> m = base();
        m.put("minPositionRad", new double[] {-4.0, -0.1});
        m.put("maxPositionRad", new double[] {0.1, 0.1});
        assertThatThrownBy(() -> build(m))
                .hasMessageContaining("minPositionRad[0] = -4.0")
                .hasMessageContaining("joint 'a'")
                .hasMessageContaining("allowed: within one servo turn");
    }

    @Test
    void blankPortAndBadDirectionAreRefused() {
        Map<String, Object> m = base();
        m.put("port", " ");
        assertThatThrownBy(() -> build(m)).hasMessageStartingWith("port = ' '");
        Map<String, Object> m2 = base();
        m2.put("directions", new int[] {1, 0});
        assertThatThrownBy(() -> build(m2)).hasMessageContaining("direction=0");
    }

    private static DriverOptions options(Map<String, Object> m) {
        return DynamixelDriverComponent.options(Configs.of(DynamixelDriverConfig.class, m));
    }

    @Test
    void defaultOptionsArePositionOnlyInAmperes() {
        DriverOptions o = options(base());
        assertThat(o.supportedModes()).containsExactly(DriverCommandMode.POSITION);
        assertThat(o.currentBasedPosition()).isFalse();
        assertThat(o.effortUnit()).isEqualTo("A");
        assertThat(o.overheatMarginDegC()).isEqualTo(5);
    }

    @Test
    void commandModesAreParsedCaseInsensitivelyAndUnknownOnesNamed() {
        Map<String, Object> m = base();
        m.put("commandModes", new String[] {"velocity", " Effort "});
        assertThat(options(m).supportedModes())
                .containsExactlyInAnyOrder(DriverCommandMode.VELOCITY, DriverCommandMode.EFFORT);
        m.put("commandModes", new String[] {"POSITION", "TORQUE"});
        assertThatThrownBy(() -> options(m))
                .hasMessage("commandModes[1] = 'TORQUE'; allowed: POSITION, VELOCITY, EFFORT");
        m.put("commandModes", new String[0]);
        assertThatThrownBy(() -> options(m)).hasMessageStartingWith("commandModes = []");
    }

    @Test
    void torqueConstantsAndOverheatMarginAreRangeChecked() {
        Map<String, Object> m = base();
        m.put("torqueConstantsNmPerAmp", new double[] {1.2});
        assertThatThrownBy(() -> options(m))
                .hasMessage(
                        "torqueConstantsNmPerAmp has 1 values; allowed: none or exactly 2 (one"
                                + " per servo id)");
        m.put("torqueConstantsNmPerAmp", new double[] {1.2, Double.NaN});
        assertThatThrownBy(() -> options(m))
                .hasMessage("torqueConstantsNmPerAmp[1] = NaN; allowed: (0, 100] Nm/A");
        m.put("torqueConstantsNmPerAmp", new double[] {1.2, 1.3});
        assertThat(options(m).effortUnit()).isEqualTo("Nm");
        m.put("overheatMarginDegC", 60);
        assertThatThrownBy(() -> options(m))
                .hasMessage("overheatMarginDegC = 60; allowed: [0, 50]");
    }
}
