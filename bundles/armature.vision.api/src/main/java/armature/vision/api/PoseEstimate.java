package armature.vision.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 6-DoF pose with its uncertainty, from a fiducial detector, a fusion of several cameras or a
 * learned estimator.
 *
 * <p>The covariance is 6x6, row-major, over (x, y, z, rx, ry, rz): the position in metres and a
 * small rotation in radians about the parent frame's axes applied after the estimate (R_true =
 * exp([r]x) R_estimate). It is symmetric with a non-negative diagonal.
 *
 * @param objectId what the pose is of (a marker as {@code <family>-<id>}, or a configured object
 *     name), one topic level
 * @param frameId the parent frame the pose is expressed in (a camera id or {@code robot})
 * @param pose the object's frame in the parent frame
 * @param covariance 36 values, row-major, see above
 * @param timestampNs when the image(s) it came from were taken, ns since the Unix epoch
 * @param source who produced it, e.g. {@code fiducial/tag36h11} (free text, 1-128 characters)
 * @param quality 0 (useless) to 1 (as good as this source gets); how it is computed is the source's
 *     business and documented there
 * @param stale true when no fresh image supports it (the camera stopped, the marker was lost): the
 *     pose is the last good one, kept only so a consumer sees what went stale
 */
public record PoseEstimate(
        String objectId,
        String frameId,
        Pose3 pose,
        double[] covariance,
        long timestampNs,
        String source,
        double quality,
        boolean stale) {
    public PoseEstimate {
        Checks.name("objectId", objectId);
        Checks.name("frameId", frameId);
        Objects.requireNonNull(pose, "pose");
        covariance = Checks.finite("covariance", covariance, 36, 36);
        for (int i = 0; i < 6; i++) {
            if (covariance[i * 6 + i] < 0) {
                throw new IllegalArgumentException(
                        "covariance["
                                + (i * 6 + i)
                                + "] (a variance) is "
                                + covariance[i * 6 + i]
                                + "; allowed: >= 0");
            }
            for (int j = i + 1; j < 6; j++) {
                double a = covariance[i * 6 + j];
                double b = covariance[j * 6 + i];
                if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)))) {
                    throw new IllegalArgumentException(
                            "covariance["
                                    + (i * 6 + j)
                                    + "] = "
                                    + a
                                    + " but covariance["
                                    + (j * 6 + i)
                                    + "] = "
                                    + b
                                    + "; allowed: a symmetric matrix");
                }
            }
        }
        if (timestampNs < 0) {
            throw new IllegalArgumentException(
                    "timestampNs is " + timestampNs + "; allowed: >= 0 (ns since the Unix epoch)");
        }
        if (source == null || source.isEmpty() || source.length() > 128) {
            throw new IllegalArgumentException(
                    "source '" + source + "' is not allowed; allowed: 1-128 characters");
        }
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality is " + quality + "; allowed: 0..1");
        }
    }

    /** The same estimate marked stale (the pose and covariance kept). */
    public PoseEstimate asStale() {
        return new PoseEstimate(
                objectId, frameId, pose, covariance, timestampNs, source, quality, true);
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    /** Element (row, column) of the covariance. */
    public double covariance(int row, int column) {
        return covariance[row * 6 + column];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoseEstimate p
                && objectId.equals(p.objectId)
                && frameId.equals(p.frameId)
                && pose.equals(p.pose)
                && Arrays.equals(covariance, p.covariance)
                && timestampNs == p.timestampNs
                && source.equals(p.source)
                && quality == p.quality
                && stale == p.stale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectId, frameId, pose, timestampNs, source, quality, stale)
                ^ Arrays.hashCode(covariance);
    }

    @Override
    public String toString() {
        return "PoseEstimate["
                + objectId
                + " in "
                + frameId
                + ": "
                + pose
                + ", t="
                + timestampNs
                + " ns, "
                + source
                + ", quality "
                + quality
                + (stale ? ", STALE" : "")
                + "]";
    }
}
