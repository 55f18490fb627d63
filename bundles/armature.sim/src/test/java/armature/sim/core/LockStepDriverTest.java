package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.driver.api.DriverCommandMode;
import org.junit.jupiter.api.Test;

class LockStepDriverTest {
    @Test
    void eachReadAdvancesOneControlPeriodWhateverIsWritten() throws Exception {
        SimulatedRobot robot = ShadowHand.robot(() -> 0L);
        LockStepDriver driver = new LockStepDriver(robot, 0.004);
        int n = driver.joints().size();
        double[] pos = new double[n];
        double[] vel = new double[n], eff = new double[n], temp = new double[n];
        int[] flags = new int[n];

        driver.readState(pos, vel, eff, temp, flags);
        driver.write(DriverCommandMode.POSITION, pos, new double[n]);
        driver.readState(pos, vel, eff, temp, flags);
        driver.hold();
        driver.torqueOff();
        assertThat(robot.timeSeconds()).isCloseTo(0.008, within(1e-12));

        driver.readState(pos, vel, eff, temp, flags);
        assertThat(driver.stepsPerTick()).isEqualTo(2);
        assertThat(robot.timeSeconds()).as("limp, time still runs").isCloseTo(0.012, within(1e-12));
    }
}
