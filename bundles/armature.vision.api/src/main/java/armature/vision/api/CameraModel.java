package armature.vision.api;

import java.util.Objects;

/**
 * One calibrated camera.
 *
 * @param cameraId the camera id, one topic level (1-64 letters, digits, '_', '.', '-')
 * @param intrinsics the lens and sensor
 * @param robotFromCamera the camera frame (x right, y down, z forward, origin at the optical
 *     centre) in the robot's base frame
 */
public record CameraModel(String cameraId, CameraIntrinsics intrinsics, Pose3 robotFromCamera) {
    public CameraModel {
        Checks.name("cameraId", cameraId);
        Objects.requireNonNull(intrinsics, "intrinsics");
        Objects.requireNonNull(robotFromCamera, "robotFromCamera");
    }
}
