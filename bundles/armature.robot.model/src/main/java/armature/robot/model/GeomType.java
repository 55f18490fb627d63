package armature.robot.model;

/**
 * Geometry kinds and the meaning of their {@code sizeM} values (MuJoCo conventions, all half
 * sizes): plane {x half, y half, grid spacing} (infinite for collision), sphere {radius}, capsule
 * {radius, half-length of the cylinder part}, cylinder {radius, half-height}, box {x, y, z half
 * sizes}, ellipsoid {x, y, z radii}, mesh {} (shape from the mesh).
 */
public enum GeomType {
    /** Infinite plane through the origin with normal +z. */
    PLANE,
    /** Sphere. */
    SPHERE,
    /** Cylinder with hemispherical caps, along z. */
    CAPSULE,
    /** Cylinder along z. */
    CYLINDER,
    /** Box. */
    BOX,
    /** Ellipsoid. */
    ELLIPSOID,
    /** Mesh; collision uses its convex hull. */
    MESH
}
