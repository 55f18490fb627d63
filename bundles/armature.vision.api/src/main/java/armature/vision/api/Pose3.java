package armature.vision.api;

import java.util.Objects;

/**
 * A rigid transform: where a child frame is in a parent frame.
 *
 * @param xM position of the child's origin in the parent frame, metres
 * @param yM see xM
 * @param zM see xM
 * @param orientation rotates child-frame vectors into the parent frame
 */
public record Pose3(double xM, double yM, double zM, UnitQuaternion orientation) {
    public static final Pose3 IDENTITY = new Pose3(0, 0, 0, UnitQuaternion.IDENTITY);

    public Pose3 {
        Checks.finite("position xM", xM);
        Checks.finite("position yM", yM);
        Checks.finite("position zM", zM);
        Objects.requireNonNull(orientation, "orientation");
    }

    /** Distance between the origins, metres. */
    public double distanceToM(Pose3 other) {
        return Math.sqrt(
                (xM - other.xM) * (xM - other.xM)
                        + (yM - other.yM) * (yM - other.yM)
                        + (zM - other.zM) * (zM - other.zM));
    }
}
