package armature.physics.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The body poses of a running simulation, readable from any thread: what a renderer (the synthetic
 * camera) needs to draw the scene as it is now. A simulator registers one per running world, with
 * {@link #NAME_PROPERTY} and {@link #MODEL_PATH_PROPERTY}, so that a consumer can load the same
 * description for the shapes and colours that the compiled model does not keep.
 */
@ProviderType
public interface BodyPoseSource {
    /**
     * Service property: the simulation's name (the sim's configuration name, e.g. {@code hand}).
     */
    String NAME_PROPERTY = "armature.sim.name";

    /** Service property: the absolute path of the robot description the world was compiled from. */
    String MODEL_PATH_PROPERTY = "armature.sim.modelPath";

    /** The compiled model's body names, body 0 (the world) first; the order of the poses. */
    List<String> bodyNames();

    /**
     * Copies every body's world pose at one instant, 7 entries per body (x, y, z in metres, then
     * quaternion w, x, y, z), body 0 first.
     *
     * @param poses at least {@code 7 * bodyNames().size()} entries
     * @return the simulated time of these poses, seconds since the last reset
     */
    double readBodyPoses(double[] poses);
}
