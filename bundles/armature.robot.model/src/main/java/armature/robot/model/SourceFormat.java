package armature.robot.model;

/** The file format a model was loaded from. */
public enum SourceFormat {
    /** MuJoCo MJCF XML. */
    MJCF,
    /** ROS URDF XML. */
    URDF
}
