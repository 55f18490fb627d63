package armature.vision.component;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector;
import armature.vision.api.ImageFrame;
import armature.vision.api.MarkerFamily;
import armature.vision.fiducial.Fiducials;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link FiducialDetector} service: BoofCV square fiducials ({@link Fiducials}). Needs no
 * configuration; BoofCV's classes come from armature.lib.boofcv (ADR 0101).
 */
@Component(name = "armature.vision.fiducial", service = FiducialDetector.class)
public final class FiducialDetectorComponent implements FiducialDetector {
    private final Fiducials fiducials = new Fiducials();

    @Override
    public List<Result> detect(
            ImageFrame frame,
            MarkerFamily family,
            Optional<CameraIntrinsics> intrinsics,
            double markerSizeM) {
        return fiducials.detect(frame, family, intrinsics, markerSizeM);
    }
}
