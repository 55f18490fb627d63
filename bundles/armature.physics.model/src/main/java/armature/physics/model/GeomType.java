package armature.physics.model;

/**
 * Collision shape kinds. Sizes follow MJCF: plane (unused), sphere (radius), capsule and cylinder
 * (radius, half-length along local z), box (three half-extents), mesh (a convex vertex set; size
 * unused).
 */
public enum GeomType {
    PLANE,
    SPHERE,
    CAPSULE,
    BOX,
    CYLINDER,
    MESH
}
