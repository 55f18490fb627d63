package armature.safety;

/** What the values of a {@link Command} mean. */
public enum CommandMode {
    /** Values are joint position targets in rad. */
    POSITION,
    /** Values are joint velocity targets in rad/s. */
    VELOCITY,
    /** Values are joint efforts in the joint's {@link EffortUnit}. */
    EFFORT
}
