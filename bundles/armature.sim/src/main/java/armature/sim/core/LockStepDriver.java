package armature.sim.core;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.util.List;

/**
 * Lock-step mode: simulated time advances by one control period per {@link #readState} (once per
 * control-loop tick), so a loop or policy slower or faster than real time sees exactly the physics
 * it would see on time. Advancing on the read rather than on the write keeps time moving while the
 * loop only holds or is limp (watchdog safe state); the command written after a read acts during
 * the next period, as on hardware.
 */
public final class LockStepDriver implements JointDriver {
    private final SimulatedRobot robot;
    private final int stepsPerTick;

    /**
     * @param robot the simulation, stepped by no other thread
     * @param periodSeconds simulated time per loop tick; a whole number of timesteps, at least one
     */
    public LockStepDriver(SimulatedRobot robot, double periodSeconds) {
        if (!Double.isFinite(periodSeconds) || periodSeconds <= 0) {
            throw new IllegalArgumentException(
                    "lockStepPeriodSeconds = " + periodSeconds + "; allowed: (0, 1]");
        }
        this.robot = robot;
        this.stepsPerTick = Math.max(1, (int) Math.round(periodSeconds / robot.timestepSeconds()));
    }

    /** Timesteps taken per read. */
    public int stepsPerTick() {
        return stepsPerTick;
    }

    @Override
    public List<JointDescription> joints() {
        return robot.joints();
    }

    @Override
    public long readState(
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags) {
        robot.advance(stepsPerTick);
        return robot.readState(positionRad, velocityRadPerSec, effort, temperatureDegC, errorFlags);
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        robot.write(mode, values, effortLimit);
    }

    @Override
    public void hold() {
        robot.hold();
    }

    @Override
    public void torqueOff() {
        robot.torqueOff();
    }

    @Override
    public DriverHealth health() {
        return robot.health();
    }
}
