package armature.control.api;

/**
 * Channel names of the JOINT_STATE frames on {@link LoopTopics#state()}, in frame order, and the
 * schema attribute that names the effort unit.
 */
public final class JointStateChannels {
    /** Measured position [rad]. */
    public static final String POSITION_RAD = "positionRad";

    /** Measured velocity [rad/s]. */
    public static final String VELOCITY_RAD_PER_SEC = "velocityRadPerSec";

    /**
     * Measured effort, in the unit named by the schema attribute {@link #EFFORT_UNIT_ATTRIBUTE}
     * ({@code Nm}, or {@code A} for current-controlled servos).
     */
    public static final String EFFORT = "effort";

    /** FrameSchema attribute naming the effort unit. */
    public static final String EFFORT_UNIT_ATTRIBUTE = "effortUnit";

    private JointStateChannels() {}
}
