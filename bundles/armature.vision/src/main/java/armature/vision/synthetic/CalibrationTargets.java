package armature.vision.synthetic;

import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import java.util.ArrayList;
import java.util.List;

/**
 * Printed calibration targets as {@link PlanarMarkerRenderer.Pattern}s, centred on the plane's
 * origin with a white margin around them, for rendering calibration images with a known camera.
 */
public final class CalibrationTargets {
    private CalibrationTargets() {}

    /**
     * A chessboard of {@code rows x cols} squares of side {@code squareM}, the top-left one black.
     */
    public static PlanarMarkerRenderer.Pattern chessboard(
            int rows, int cols, double squareM, double marginM) {
        double halfW = cols * squareM / 2;
        double halfH = rows * squareM / 2;
        return (u, v) -> {
            if (Math.abs(u) > halfW + marginM || Math.abs(v) > halfH + marginM) {
                return -1;
            }
            if (Math.abs(u) >= halfW || Math.abs(v) >= halfH) {
                return 255;
            }
            long col = (long) Math.floor((u + halfW) / squareM);
            long row = (long) Math.floor((v + halfH) / squareM);
            return (col + row) % 2 == 0 ? 0 : 255;
        };
    }

    /**
     * Eight views of a target for a calibration: tilted up to 0.45 rad about x, y or both, 0.40 to
     * 0.52 m in front of the camera times {@code scale} (a 6 x 9 board of 3 cm squares then covers
     * about 60 % of a 640-pixel-wide image at fx 600), and shifted by a few cm (times {@code
     * scale}) so that the target's corners spread over the image.
     */
    public static List<Pose3> views(double scale) {
        double[][] tilts = {
            {0.45, 0, 0.4}, {-0.45, 0, 0.45}, {0, 0.45, 0.42}, {0, -0.45, 0.5},
            {0.35, 0.35, 0.47}, {-0.35, 0.3, 0.44}, {0.3, -0.35, 0.52}, {0.05, 0.05, 0.4}
        };
        List<Pose3> out = new ArrayList<>();
        for (int i = 0; i < tilts.length; i++) {
            double ax = tilts[i][0];
            double ay = tilts[i][1];
            double angle = Math.hypot(ax, ay);
            double s = angle == 0 ? 0 : Math.sin(angle / 2) / angle;
            out.add(
                    new Pose3(
                            0.02 * Math.sin(i) * scale,
                            0.015 * Math.cos(i) * scale,
                            tilts[i][2] * scale,
                            UnitQuaternion.normalized(Math.cos(angle / 2), s * ax, s * ay, 0)));
        }
        return out;
    }

    /**
     * A grid of {@code rows x cols} black squares of side {@code squareM} with {@code spaceM} of
     * white between them.
     */
    public static PlanarMarkerRenderer.Pattern squareGrid(
            int rows, int cols, double squareM, double spaceM, double marginM) {
        double pitch = squareM + spaceM;
        double halfW = (cols * pitch - spaceM) / 2;
        double halfH = (rows * pitch - spaceM) / 2;
        return (u, v) -> {
            if (Math.abs(u) > halfW + marginM || Math.abs(v) > halfH + marginM) {
                return -1;
            }
            double x = u + halfW;
            double y = v + halfH;
            if (x < 0 || y < 0 || x >= cols * pitch - spaceM || y >= rows * pitch - spaceM) {
                return 255;
            }
            return x % pitch < squareM && y % pitch < squareM ? 0 : 255;
        };
    }
}
