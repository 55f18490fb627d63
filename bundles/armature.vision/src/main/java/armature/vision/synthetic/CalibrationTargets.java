package armature.vision.synthetic;

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
