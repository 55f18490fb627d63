package armature.sim.core;

import java.util.List;

/**
 * Ground truth of a simulation's free bodies, published as JSON on the {@code objects} topic.
 *
 * @param timeSeconds simulated time since the last reset
 * @param objects one pose per colliding free body
 */
public record ObjectPoses(double timeSeconds, List<Pose> objects) {
    public ObjectPoses {
        objects = List.copyOf(objects);
    }

    /**
     * @param name the body's name
     * @param positionM x, y, z in metres, world frame
     * @param quaternionWxyz orientation w, x, y, z
     */
    public record Pose(String name, double[] positionM, double[] quaternionWxyz) {}
}
