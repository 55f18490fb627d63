package armature.vision.api;

import java.util.List;
import java.util.Objects;

/**
 * One square marker found in one image.
 *
 * <p>The corners are the outer corners of the marker's black border, in the order the AprilTag
 * reference implementation reports them ({@code apriltag_detection_t.p[0..3]}): seen as the marker
 * is printed (upright), <b>bottom-left, bottom-right, top-right, top-left</b>, counter-clockwise on
 * the screen. In the marker frame (origin at the centre, x to the right edge, y to the bottom edge
 * as printed, z into the marker, side s) they are (-s/2, s/2), (s/2, s/2), (s/2, -s/2), (-s/2,
 * -s/2).
 *
 * @param family the marker family
 * @param markerId the id within the family (0..family.markerCount()-1)
 * @param corners the four corners in the order above
 */
public record MarkerDetection(MarkerFamily family, int markerId, List<PixelPoint> corners) {
    public MarkerDetection {
        Objects.requireNonNull(family, "family");
        if (markerId < 0 || markerId >= family.markerCount()) {
            throw new IllegalArgumentException(
                    "markerId is "
                            + markerId
                            + "; allowed for "
                            + family.wireName()
                            + ": 0.."
                            + (family.markerCount() - 1));
        }
        if (corners == null || corners.size() != 4) {
            throw new IllegalArgumentException(
                    "corners has "
                            + (corners == null ? 0 : corners.size())
                            + " points; allowed: exactly 4");
        }
        corners = List.copyOf(corners);
    }

    /** The mean of the four corners. */
    public PixelPoint center() {
        double x = 0;
        double y = 0;
        for (PixelPoint p : corners) {
            x += p.xPx() / 4;
            y += p.yPx() / 4;
        }
        return new PixelPoint(x, y);
    }
}
