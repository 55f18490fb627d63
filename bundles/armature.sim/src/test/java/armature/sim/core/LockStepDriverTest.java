package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.driver.api.DriverCommandMode;
import org.junit.jupiter.api.Test;

class LockStepDriverTest {
    @Test
    void eachCommandAdvancesOneControlPeriod() throws Exception {
        SimulatedRobot robot = ShadowHand.robot(() -> 0L);
        LockStepDriver driver = new LockStepDriver(robot, 0.004);
        int n = driver.joints().size();
        double[] pos = new double[n];
        driver.readState(pos, new double[n], new double[n], new double[n], new int[n]);

        driver.write(DriverCommandMode.POSITION, pos, new double[n]);
        driver.write(DriverCommandMode.POSITION, pos, new double[n]);
        driver.hold();

        assertThat(driver.stepsPerCommand()).isEqualTo(2);
        assertThat(robot.timeSeconds()).isCloseTo(0.012, within(1e-12));
    }
}
