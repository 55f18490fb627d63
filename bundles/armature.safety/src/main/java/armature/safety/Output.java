package armature.safety;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a driver may write to the motors this tick. One instance per supervisor, overwritten by
 * every {@link SafetySupervisor#tick}: read it (or copy from it) before the next tick.
 *
 * <p>{@link #effortLimit} is valid for every kind: drivers set it as the servo's effort/current
 * limit. It already includes thermal derating.
 */
public final class Output {
    OutputKind kind = OutputKind.TORQUE_OFF;
    WatchdogState watchdogState = WatchdogState.SAFE_STATE;
    EStopState eStopState = EStopState.CLEAR;
    final double[] positionRad;
    final double[] velocityRadPerSec;
    final double[] effort;
    final double[] effortLimit;
    final ArrayList<SafetyEvent> events = new ArrayList<>();
    private final List<SafetyEvent> eventsView = Collections.unmodifiableList(events);

    Output(int jointCount) {
        positionRad = new double[jointCount];
        velocityRadPerSec = new double[jointCount];
        effort = new double[jointCount];
        effortLimit = new double[jointCount];
    }

    public OutputKind kind() {
        return kind;
    }

    public WatchdogState watchdogState() {
        return watchdogState;
    }

    public EStopState eStopState() {
        return eStopState;
    }

    public int jointCount() {
        return positionRad.length;
    }

    /** Goal position (POSITION, BRAKE) or the integrated target (VELOCITY). */
    public double positionRad(int joint) {
        return positionRad[joint];
    }

    /** Goal velocity (VELOCITY) or profile velocity of the shaped target (POSITION). */
    public double velocityRadPerSec(int joint) {
        return velocityRadPerSec[joint];
    }

    /** Goal effort (EFFORT); zero otherwise. */
    public double effort(int joint) {
        return effort[joint];
    }

    /** Effort/current limit to apply, in the joint's effort unit, after thermal derating. */
    public double effortLimit(int joint) {
        return effortLimit[joint];
    }

    /** Copies positions into {@code dst} (length = joint count), for drivers that batch writes. */
    public void copyPositionRad(double[] dst) {
        System.arraycopy(positionRad, 0, dst, 0, positionRad.length);
    }

    public void copyVelocityRadPerSec(double[] dst) {
        System.arraycopy(velocityRadPerSec, 0, dst, 0, velocityRadPerSec.length);
    }

    public void copyEffort(double[] dst) {
        System.arraycopy(effort, 0, dst, 0, effort.length);
    }

    public void copyEffortLimit(double[] dst) {
        System.arraycopy(effortLimit, 0, dst, 0, effortLimit.length);
    }

    /** Events of this tick, including those raised between ticks by e-stop and epoch calls. */
    public List<SafetyEvent> events() {
        return eventsView;
    }

    /** Whether motor torque must be enabled for this output. */
    public boolean torqueOn() {
        return kind != OutputKind.TORQUE_OFF;
    }
}
