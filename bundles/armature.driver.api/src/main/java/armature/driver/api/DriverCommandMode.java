package armature.driver.api;

/** What the values written with {@link JointDriver#write} mean. */
public enum DriverCommandMode {
    /** Goal positions in rad. */
    POSITION,
    /** Goal velocities in rad/s. */
    VELOCITY,
    /** Goal efforts in the joint's effort unit ({@link JointDescription#effortUnit()}). */
    EFFORT
}
