package armature.physics.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A compiled, immutable multibody model: the flat form a description (MJCF, URDF) is compiled into.
 * Indices used by {@link World} (bodies, geoms, sites, actuators, joints, keyframes) are positions
 * in the name lists below. Body 0 is the static world body.
 */
@ProviderType
public interface PhysicsModel {

    /** Model name, for messages and logs. */
    String name();

    /** Simulation timestep in seconds; one {@link World#step(int)} advances time by this much. */
    double timestepSeconds();

    /** Number of position coordinates (length of qpos). */
    int positionCount();

    /** Number of velocity coordinates / degrees of freedom (length of qvel). */
    int velocityCount();

    /** Number of actuators (length of the control vector). */
    int actuatorCount();

    /** Body names; index 0 is the world body. */
    List<String> bodyNames();

    /** Joint names, in qpos order. */
    List<String> jointNames();

    /** Geom names (collision shapes). */
    List<String> geomNames();

    /** Site names (named points attached to bodies). */
    List<String> siteNames();

    /** Actuator names, in control-vector order. */
    List<String> actuatorNames();

    /** Keyframe names. */
    List<String> keyframeNames();

    /**
     * Copies the reference configuration qpos0 into {@code qpos} (length {@link #positionCount()}).
     */
    void copyInitialPositions(double[] qpos);
}
