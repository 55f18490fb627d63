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
    /**
     * User properties of a frame message (channel {@code visionFrames} of docs/asyncapi.yaml, since
     * 1.8.0): the frame's time, ns since the Unix epoch.
     */
    public static final String FRAME_TIMESTAMP_NS = "armature-timestamp-ns";

    /** Frame user property: width in pixels. */
    public static final String FRAME_WIDTH_PX = "armature-width-px";

    /** Frame user property: height in pixels. */
    public static final String FRAME_HEIGHT_PX = "armature-height-px";

    /** Frame user property: pixel format, {@code grey8} or {@code rgb8}. */
    public static final String FRAME_PIXEL_FORMAT = "armature-pixel-format";

    /** Frame user property of synthetic cameras: the simulation's ground truth, JSON. */
    public static final String FRAME_GROUND_TRUTH = "armature-ground-truth";

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

    /** Filter for the camera info of every camera (since 1.8.0). */
    public String cameraInfoFilter() {
        return base() + "/cameras/+/info";
    }

    /**
     * Retained state of a camera the container runs as a process (since 1.9.0): streaming or
     * restarting, its counts and the last error; cleared when the camera stops.
     */
    public String cameraStatus(String cameraId) {
        return camera(cameraId) + "/status";
    }

    /** Filter for the status of every camera (since 1.9.0). */
    public String cameraStatusFilter() {
        return base() + "/cameras/+/status";
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

    /** Filter for the markers documents of every camera (since 1.8.0). */
    public String markersFilter() {
        return base() + "/cameras/+/markers";
    }

    /** The camera id of a topic under {@code vision/cameras/<camera>/...} (since 1.8.0). */
    public String cameraIdOf(String topic) {
        String prefix = base() + "/cameras/";
        if (!topic.startsWith(prefix) || topic.indexOf('/', prefix.length()) < 0) {
            throw new IllegalArgumentException(
                    "topic " + topic + " is not under " + prefix + "<camera>/");
        }
        return topic.substring(prefix.length(), topic.indexOf('/', prefix.length()));
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

    /** Filter for the pose errors of every object (since 1.8.0). */
    public String poseErrorsFilter() {
        return base() + "/errors/+";
    }

    private String camera(String cameraId) {
        return base() + "/cameras/" + Names.require(cameraId, "camera id");
    }
}
