package armature.robot.model;

import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import java.util.List;

/**
 * A rigid body and its subtree. The world body is the root: it has no joints and identity pose.
 *
 * @param name body name, empty if unnamed ({@code world} for the root)
 * @param posM body frame origin in the parent body frame
 * @param quat rotation from the body frame to the parent body frame
 * @param inertial mass properties ({@link Inertial#NONE} when massless)
 * @param joints joints connecting this body to its parent, in document order; empty = welded
 * @param geoms geometries in document order
 * @param sites sites in document order
 * @param children child bodies in document order
 * @param mocap true for MJCF mocap bodies: moved kinematically by the user, not by dynamics
 */
public record Body(
        String name,
        Vec3 posM,
        Quat quat,
        Inertial inertial,
        List<Joint> joints,
        List<Geom> geoms,
        List<Site> sites,
        List<Body> children,
        boolean mocap) {
    /** Copies lists. */
    public Body {
        joints = List.copyOf(joints);
        geoms = List.copyOf(geoms);
        sites = List.copyOf(sites);
        children = List.copyOf(children);
    }
}
