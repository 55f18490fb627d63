package armature.robot.model;

import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import java.util.List;

/**
 * A named frame on a body (for sensors, targets and touch regions); no mass, no collision.
 *
 * @param name site name, empty if unnamed
 * @param type shape used to draw it or to bound a touch sensor
 * @param sizeM sizes as for geoms
 * @param posM site origin in the body frame
 * @param quat rotation from the site frame to the body frame
 * @param group visibility group
 * @param rgba colour
 */
public record Site(
        String name,
        GeomType type,
        List<Double> sizeM,
        Vec3 posM,
        Quat quat,
        int group,
        List<Double> rgba) {
    /** Copies lists. */
    public Site {
        sizeM = Checks.finiteList("sizeM of site '" + name + "'", sizeM, -1);
        rgba = Checks.finiteList("rgba of site '" + name + "'", rgba, 4);
    }
}
