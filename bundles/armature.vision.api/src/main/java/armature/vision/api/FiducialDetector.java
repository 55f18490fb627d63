package armature.vision.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds square fiducial markers in a frame and, given the camera and the marker size, their poses.
 * A service of {@code armature.vision}; thread-safe.
 */
@ProviderType
public interface FiducialDetector {
    /**
     * One marker found, with its pose in the camera frame when a camera and a size were given.
     *
     * @param detection the marker and its corners
     * @param pose the marker frame (see {@link MarkerDetection}) in the camera frame; empty without
     *     intrinsics and size, or when the pose could not be solved
     */
    record Result(MarkerDetection detection, Optional<PoseEstimate> pose) {
        public Result {
            java.util.Objects.requireNonNull(detection, "detection");
            java.util.Objects.requireNonNull(pose, "pose");
        }
    }

    /**
     * Detects the markers of one family.
     *
     * @param frame the image (decoded here; grey or RGB, raw, PNG or JPEG)
     * @param family the family to look for
     * @param intrinsics the camera, for poses; empty for corners only. Its size must equal the
     *     frame's.
     * @param markerSizeM the outer side of the black border, metres; used only with intrinsics
     * @return the markers found, by id then position; empty when there are none
     * @throws IllegalArgumentException when the frame cannot be decoded, its size differs from what
     *     it declares or from the intrinsics, or the size is not a finite number > 0; the message
     *     names the frame's camera and what is wrong
     */
    List<Result> detect(
            ImageFrame frame,
            MarkerFamily family,
            Optional<CameraIntrinsics> intrinsics,
            double markerSizeM);
}
