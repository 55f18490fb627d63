package armature.vision.fiducial;

import armature.vision.api.MarkerDetection;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelPoint;
import armature.vision.image.GreyImage;
import boofcv.abst.fiducial.SquareHamming_to_FiducialDetector;
import boofcv.factory.fiducial.FactoryFiducial;
import boofcv.struct.image.GrayU8;
import georegression.struct.shapes.Polygon2D_F64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the markers of one family with BoofCV's square Hamming detector ({@code
 * FactoryFiducial.squareHamming}, default configuration: global-adaptive threshold, polygon fit
 * with sub-pixel edge refinement). Not thread-safe: one per thread, or synchronise.
 *
 * <p>Corner order. BoofCV lists a square marker's corners top-left, top-right, bottom-right,
 * bottom-left of the marker as printed, clockwise on the screen; the AprilTag reference
 * implementation lists bottom-left, bottom-right, top-right, top-left. We report the AprilTag order
 * ({@link MarkerDetection}): reference corner k is BoofCV corner 3-k. ApriltagReferenceTest in the
 * launcher checks this against the C library on rotated and perspective views.
 */
public final class SquareMarkerFinder {
    private final MarkerFamily family;
    private final SquareHamming_to_FiducialDetector<GrayU8> detector;
    private GrayU8 buffer = new GrayU8(1, 1);

    public SquareMarkerFinder(MarkerFamily family) {
        this.family = family;
        this.detector =
                FactoryFiducial.squareHamming(Dictionaries.config(family), null, GrayU8.class);
    }

    public MarkerFamily family() {
        return family;
    }

    /** The markers in {@code image}, sorted by id, then by x and y of the first corner. */
    public List<MarkerDetection> find(GreyImage image) {
        buffer.reshape(image.widthPx(), image.heightPx());
        System.arraycopy(image.pixels(), 0, buffer.data, 0, image.pixels().length);
        detector.detect(buffer);
        List<MarkerDetection> found = new ArrayList<>();
        Polygon2D_F64 bounds = new Polygon2D_F64(4);
        for (int i = 0; i < detector.totalFound(); i++) {
            long id = detector.getId(i);
            if (id < 0 || id >= family.markerCount()) {
                continue; // not one of this family's ids: never report a marker we cannot name
            }
            detector.getBounds(i, bounds);
            if (bounds.size() != 4) {
                continue;
            }
            List<PixelPoint> corners = new ArrayList<>(4);
            for (int k = 0; k < 4; k++) {
                var p = bounds.get(3 - k);
                corners.add(new PixelPoint(p.x, p.y));
            }
            found.add(new MarkerDetection(family, (int) id, corners));
        }
        found.sort(
                Comparator.comparingInt(MarkerDetection::markerId)
                        .thenComparingDouble(d -> d.corners().get(0).xPx())
                        .thenComparingDouble(d -> d.corners().get(0).yPx()));
        return found;
    }
}
