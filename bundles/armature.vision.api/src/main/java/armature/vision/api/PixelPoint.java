package armature.vision.api;

/**
 * A point on the image, pixels: x to the right, y down, the top-left corner of the image at (0, 0),
 * so the centre of the top-left pixel is (0.5, 0.5) (the AprilTag reference implementation's and
 * BoofCV's convention).
 */
public record PixelPoint(double xPx, double yPx) {
    public PixelPoint {
        Checks.finite("xPx", xPx);
        Checks.finite("yPx", yPx);
    }

    public double distanceToPx(PixelPoint o) {
        return Math.hypot(xPx - o.xPx, yPx - o.yPx);
    }
}
