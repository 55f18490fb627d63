/**
 * Vision contracts: a camera ({@link armature.vision.api.CameraModel}: pinhole {@link
 * armature.vision.api.CameraIntrinsics} with Brown-Conrady distortion and its pose in the robot
 * frame), what it sends ({@link armature.vision.api.ImageFrame}), what a square-fiducial detector
 * finds ({@link armature.vision.api.MarkerDetection}, corners in the AprilTag reference order) and
 * the 6-DoF result ({@link armature.vision.api.PoseEstimate} with a 6x6 covariance). The topics are
 * {@code armature.control.api.VisionTopics}; the JSON forms are in {@code docs/asyncapi.yaml} and
 * {@code docs/vision.md}. Every record checks its fields on construction and names the field, the
 * value and what is allowed. Pure Java, no library types, so a learned pose estimator can produce
 * the same records later.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.vision.api;
