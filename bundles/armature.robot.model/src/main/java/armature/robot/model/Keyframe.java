package armature.robot.model;

import java.util.List;

/**
 * A named state snapshot from MJCF {@code <key>}. Empty lists mean "not given" (use the model's
 * default).
 *
 * @param name key name, empty if unnamed
 * @param timeSeconds simulation time
 * @param qpos joint positions (nq values, joint units, quaternions for free and ball joints)
 * @param qvel joint velocities (nv values)
 * @param act actuator activations
 * @param ctrl controls (one per actuator)
 * @param mocapPos mocap body positions (3 per mocap body, m)
 * @param mocapQuat mocap body orientations (4 per mocap body)
 */
public record Keyframe(
        String name,
        double timeSeconds,
        List<Double> qpos,
        List<Double> qvel,
        List<Double> act,
        List<Double> ctrl,
        List<Double> mocapPos,
        List<Double> mocapQuat) {
    /** Copies lists. */
    public Keyframe {
        qpos = Checks.finiteList("qpos of key '" + name + "'", qpos, -1);
        qvel = Checks.finiteList("qvel of key '" + name + "'", qvel, -1);
        act = Checks.finiteList("act of key '" + name + "'", act, -1);
        ctrl = Checks.finiteList("ctrl of key '" + name + "'", ctrl, -1);
        mocapPos = Checks.finiteList("mpos of key '" + name + "'", mocapPos, -1);
        mocapQuat = Checks.finiteList("mquat of key '" + name + "'", mocapQuat, -1);
        Checks.finite("time of key '" + name + "'", timeSeconds);
    }
}
