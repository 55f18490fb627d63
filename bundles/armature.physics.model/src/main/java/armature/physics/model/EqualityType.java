package armature.physics.model;

/** Equality-constraint kinds, in MuJoCo's mjtEq order. */
public enum EqualityType {
    /** Two bodies share a point (a ball joint closing a loop): 3 rows. */
    CONNECT,
    /** Two bodies keep their relative pose: 6 rows (3 translation, 3 rotation). */
    WELD,
    /** A hinge or slide coordinate is a quartic polynomial of another (or a constant): 1 row. */
    JOINT,
    /** A fixed tendon's length is a quartic polynomial of another's (or a constant): 1 row. */
    TENDON
}
