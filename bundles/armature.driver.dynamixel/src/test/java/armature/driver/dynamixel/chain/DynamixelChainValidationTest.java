package armature.driver.dynamixel.chain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.driver.dynamixel.serial.PortLostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argument checks happen before anything touches the bus, so no port is needed. */
class DynamixelChainValidationTest {
    private final DynamixelChain chain =
            new DynamixelChain(
                    ChainConfig.of(
                            "/dev/null-bus",
                            4_000_000,
                            List.of(
                                    JointConfig.of("a", 1, 1, 0),
                                    new JointConfig("b", 2, -1, 0, 1024, 3072))),
                    (path, baud) -> {
                        throw new PortLostException("no port in this test");
                    },
                    System::nanoTime);

    @Test
    void rejectsWrongLengthArrays() {
        assertThatThrownBy(() -> chain.writeGoalPositions(new double[3]))
                .hasMessageContaining("positionRad length=3 must equal the joint count 2");
        assertThatThrownBy(() -> chain.readState(new double[2], new double[1], new double[2]))
                .hasMessageContaining("velocityRadPerSec length=1");
    }

    @Test
    void rejectsNonFiniteAndOutOfRangeGoals() {
        assertThatThrownBy(() -> chain.writeGoalPositions(new double[] {0, Double.NaN}))
                .hasMessageContaining(
                        "positionRad[1] (joint 'b')=NaN is outside [-1.5708, 1.5708] rad");
        assertThatThrownBy(() -> chain.writeGoalPositions(new double[] {0, 2.0}))
                .hasMessageContaining("positionRad[1] (joint 'b')=2.0");
        assertThatThrownBy(
                        () -> chain.writeGoalPositions(new double[] {Double.POSITIVE_INFINITY, 0}))
                .hasMessageContaining("positionRad[0] (joint 'a')=Infinity");
    }

    @Test
    void rejectsInvalidWatchdogAndUnknownIds() {
        assertThatThrownBy(() -> chain.armBusWatchdog(30)).hasMessageContaining("timeoutMillis=30");
        assertThatThrownBy(() -> chain.armBusWatchdog(3000))
                .hasMessageContaining("timeoutMillis=3000");
        assertThatThrownBy(() -> chain.reboot(9)).hasMessageContaining("id=9 is not in this chain");
    }

    @Test
    void openFailsWithNamedCauseWhenDeviceIsMissing() {
        assertThatThrownBy(chain::open)
                .isInstanceOf(PortLostException.class)
                .hasMessageContaining("no port in this test");
    }
}
