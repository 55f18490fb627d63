package armature.physics.model;

/** Joint kinds, with their position and velocity widths (MuJoCo convention). */
public enum JointType {
    /** Six-DoF joint of a root body: position, quaternion; world linear, body angular velocity. */
    FREE(7, 6),
    /** Three-DoF rotation about an anchor: quaternion; angular velocity in the child frame. */
    BALL(4, 3),
    /** Translation along an axis. */
    SLIDE(1, 1),
    /** Rotation about an axis through an anchor. */
    HINGE(1, 1);

    /** Entries in qpos. */
    public final int positionWidth;

    /** Entries in qvel. */
    public final int velocityWidth;

    JointType(int positionWidth, int velocityWidth) {
        this.positionWidth = positionWidth;
        this.velocityWidth = velocityWidth;
    }
}
