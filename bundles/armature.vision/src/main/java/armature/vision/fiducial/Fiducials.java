package armature.vision.fiducial;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector;
import armature.vision.api.ImageFrame;
import armature.vision.api.MarkerDetection;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PoseEstimate;
import armature.vision.image.GreyImage;
import armature.vision.image.ImageDecoder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link FiducialDetector} on BoofCV: decode, find, solve. Thread-safe: one finder and solver per
 * family, used under its own lock (BoofCV's detectors keep per-image work buffers).
 */
public final class Fiducials implements FiducialDetector {
    private final Map<MarkerFamily, Worker> workers = new EnumMap<>(MarkerFamily.class);

    private record Worker(SquareMarkerFinder finder, MarkerPoseSolver solver) {}

    @Override
    public List<Result> detect(
            ImageFrame frame,
            MarkerFamily family,
            Optional<CameraIntrinsics> intrinsics,
            double markerSizeM) {
        GreyImage image = ImageDecoder.decode(frame);
        return detect(
                image, family, intrinsics, markerSizeM, frame.cameraId(), frame.timestampNs());
    }

    /**
     * The same on a decoded image.
     *
     * @param frameId the camera frame the poses are in (the camera id)
     * @param timestampNs the image's time, copied into the poses
     */
    public List<Result> detect(
            GreyImage image,
            MarkerFamily family,
            Optional<CameraIntrinsics> intrinsics,
            double markerSizeM,
            String frameId,
            long timestampNs) {
        if (intrinsics.isPresent()) {
            CameraIntrinsics c = intrinsics.get();
            if (c.widthPx() != image.widthPx() || c.heightPx() != image.heightPx()) {
                throw new IllegalArgumentException(
                        "the image of '"
                                + frameId
                                + "' is "
                                + image.widthPx()
                                + "x"
                                + image.heightPx()
                                + " but the intrinsics are for "
                                + c.widthPx()
                                + "x"
                                + c.heightPx());
            }
            if (!(Double.isFinite(markerSizeM) && markerSizeM > 0)) {
                throw new IllegalArgumentException(
                        "marker size is " + markerSizeM + " m; allowed: a finite number > 0");
            }
        }
        Worker w;
        synchronized (workers) {
            w =
                    workers.computeIfAbsent(
                            family,
                            f -> new Worker(new SquareMarkerFinder(f), new MarkerPoseSolver()));
        }
        synchronized (w) {
            List<Result> out = new ArrayList<>();
            for (MarkerDetection d : w.finder().find(image)) {
                Optional<PoseEstimate> pose =
                        intrinsics
                                .flatMap(c -> w.solver().solve(d, c, markerSizeM))
                                .map(s -> estimate(d, s, frameId, timestampNs));
                out.add(new Result(d, pose));
            }
            return out;
        }
    }

    /** The object id of a marker: {@code <family>-<id>}, e.g. {@code tag36h11-7}. */
    public static String objectId(MarkerDetection d) {
        return d.family().wireName() + "-" + d.markerId();
    }

    private static PoseEstimate estimate(
            MarkerDetection d, MarkerPoseSolver.Solution s, String frameId, long timestampNs) {
        return new PoseEstimate(
                objectId(d),
                frameId,
                Rigid.pose(s.rotation(), s.translationM()),
                s.covariance(),
                timestampNs,
                "fiducial/" + d.family().wireName(),
                s.quality(),
                false);
    }
}
