package armature.sim.core;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.DriverHealth;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.util.List;

/**
 * Lock-step mode: simulated time advances by one control period per command, so a control loop (or
 * a policy) slower or faster than real time sees exactly the physics it would see on time. {@link
 * #hold()} advances too: a holding loop still lets the world (the block) move.
 */
public final class LockStepDriver implements JointDriver {
    private final SimulatedRobot robot;
    private final int stepsPerCommand;

    /**
     * @param robot the simulation, stepped by no other thread
     * @param periodSeconds simulated time per command; a whole number of timesteps, at least one
     */
    public LockStepDriver(SimulatedRobot robot, double periodSeconds) {
        if (!Double.isFinite(periodSeconds) || periodSeconds <= 0) {
            throw new IllegalArgumentException(
                    "lockStepPeriodSeconds = " + periodSeconds + "; allowed: (0, 1]");
        }
        this.robot = robot;
        this.stepsPerCommand =
                Math.max(1, (int) Math.round(periodSeconds / robot.timestepSeconds()));
    }

    /** Timesteps taken per command. */
    public int stepsPerCommand() {
        return stepsPerCommand;
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
        return robot.readState(positionRad, velocityRadPerSec, effort, temperatureDegC, errorFlags);
    }

    @Override
    public void write(DriverCommandMode mode, double[] values, double[] effortLimit) {
        robot.write(mode, values, effortLimit);
        robot.advance(stepsPerCommand);
    }

    @Override
    public void hold() {
        robot.hold();
        robot.advance(stepsPerCommand);
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
