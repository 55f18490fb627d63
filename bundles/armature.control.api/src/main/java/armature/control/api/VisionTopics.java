package armature.control.api;

import java.util.Objects;

/**
 * The vision topics of one container, under {@code armature/v1/<container>/vision}: per camera its
 * model, frames and marker detections, and per object its pose estimate (docs/vision.md). Camera
 * ids and object ids are names ({@link Names}).
 *
 * @param container the container's topics
 */
public record VisionTopics(ContainerTopics container) {
    public VisionTopics {
        Objects.requireNonNull(container, "container");
    }

    /** {@code armature/v1/<container>/vision}. */
    public String base() {
        return container.root() + "/vision";
    }

    /** Retained camera model (intrinsics, distortion, pose in the robot frame) of one camera. */
    public String cameraInfo(String cameraId) {
        return camera(cameraId) + "/info";
    }

    /**
     * The camera's image frames: the encoded image as payload, its description in user properties.
     */
    public String frames(String cameraId) {
        return camera(cameraId) + "/frames";
    }

    /** Filter for the frames of every camera. */
    public String framesFilter() {
        return base() + "/cameras/+/frames";
    }

    /** The square markers found in each frame of one camera (JSON, one document per frame). */
    public String markers(String cameraId) {
        return camera(cameraId) + "/markers";
    }

    /** The pose estimate of one object (JSON, {@code armature.vision.api.PoseEstimate}). */
    public String pose(String objectId) {
        return base() + "/poses/" + Names.require(objectId, "object id");
    }

    /** Filter for the pose estimates of every object. */
    public String posesFilter() {
        return base() + "/poses/+";
    }

    /**
     * The error of an object's pose estimate against the simulator's ground truth (JSON, published
     * by the synthetic camera's error component, feature {@code vision-sim}).
     */
    public String poseError(String objectId) {
        return base() + "/errors/" + Names.require(objectId, "object id");
    }

    private String camera(String cameraId) {
        return base() + "/cameras/" + Names.require(cameraId, "camera id");
    }
}
