package armature.robot.model;

/** Joint kinds with their position (nq) and velocity (nv) dimensions. */
public enum JointType {
    /** Six degrees of freedom: position and unit quaternion. */
    FREE(7, 6),
    /** Three rotational degrees of freedom: unit quaternion. */
    BALL(4, 3),
    /** Translation along the axis, in metres. */
    SLIDE(1, 1),
    /** Rotation about the axis, in radians. */
    HINGE(1, 1);

    private final int nq;
    private final int nv;

    JointType(int nq, int nv) {
        this.nq = nq;
        this.nv = nv;
    }

    /**
     * @return number of position coordinates
     */
    public int nq() {
        return nq;
    }

    /**
     * @return number of velocity coordinates (degrees of freedom)
     */
    public int nv() {
        return nv;
    }
}
