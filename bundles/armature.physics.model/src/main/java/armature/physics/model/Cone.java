package armature.physics.model;

/** Friction cone of frictional contacts (MJCF option cone). */
public enum Cone {
    /** Pyramid edges, two one-sided rows per friction direction (MuJoCo's default). */
    PYRAMIDAL,
    /** The exact elliptic cone, one row per contact dimension. */
    ELLIPTIC
}
