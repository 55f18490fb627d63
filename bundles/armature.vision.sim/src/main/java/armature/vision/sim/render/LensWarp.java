package armature.vision.sim.render;

import armature.vision.api.CameraIntrinsics;

/**
 * Brown-Conrady distortion applied to an image rendered through the ideal pinhole: for each output
 * pixel, where its ray lands in the undistorted image (computed once per camera model), read there
 * bilinearly. The undistorted canvas is made large enough to hold every ray of the output ({@link
 * #canvasOffsetXPx()} and size), so barrel distortion does not pull in blank borders.
 */
public final class LensWarp {
    private final CameraIntrinsics k;
    private final float[] sourceX;
    private final float[] sourceY;
    private final int offsetX;
    private final int offsetY;
    private final int canvasWidth;
    private final int canvasHeight;

    public LensWarp(CameraIntrinsics k) {
        this.k = k;
        int w = k.widthPx(), h = k.heightPx();
        sourceX = new float[w * h];
        sourceY = new float[w * h];
        double[] n = new double[2];
        double minU = Double.MAX_VALUE, maxU = -Double.MAX_VALUE;
        double minV = Double.MAX_VALUE, maxV = -Double.MAX_VALUE;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                undistort(k, x + 0.5, y + 0.5, n);
                double u = k.fxPx() * n[0] + k.cxPx(), v = k.fyPx() * n[1] + k.cyPx();
                sourceX[y * w + x] = (float) u;
                sourceY[y * w + x] = (float) v;
                minU = Math.min(minU, u);
                maxU = Math.max(maxU, u);
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
            }
        }
        // A strongly distorted lens could ask for a huge canvas: keep it within 3x the image.
        offsetX = (int) Math.max(-w, Math.floor(minU) - 2);
        offsetY = (int) Math.max(-h, Math.floor(minV) - 2);
        canvasWidth = (int) Math.min(3L * w, (long) Math.ceil(maxU) + 2 - offsetX);
        canvasHeight = (int) Math.min(3L * h, (long) Math.ceil(maxV) + 2 - offsetY);
    }

    public CameraIntrinsics intrinsics() {
        return k;
    }

    /** Where the canvas's pixel (0, 0) lies in undistorted image coordinates. */
    public int canvasOffsetXPx() {
        return offsetX;
    }

    public int canvasOffsetYPx() {
        return offsetY;
    }

    public int canvasWidthPx() {
        return canvasWidth;
    }

    public int canvasHeightPx() {
        return canvasHeight;
    }

    /**
     * The output image read from {@code canvas}, rendered with the principal point shifted by the
     * offset.
     */
    public RgbImage apply(RgbImage canvas) {
        RgbImage out = new RgbImage(k.widthPx(), k.heightPx());
        float[] px = new float[3];
        for (int i = 0; i < sourceX.length; i++) {
            canvas.sample(sourceX[i] - offsetX, sourceY[i] - offsetY, px);
            out.red[i] = px[0];
            out.green[i] = px[1];
            out.blue[i] = px[2];
        }
        return out;
    }

    /** Whether the model has any distortion coefficient other than 0. */
    public static boolean distorts(CameraIntrinsics k) {
        for (double c : k.radial()) {
            if (c != 0) {
                return true;
            }
        }
        for (double c : k.tangential()) {
            if (c != 0) {
                return true;
            }
        }
        return false;
    }

    /** Normalised undistorted (x, y) to a pixel of the distorted image, into out[0..1]. */
    public static void distort(CameraIntrinsics k, double x, double y, double[] out) {
        double r2 = x * x + y * y;
        double radial = 1 + r2 * (k.radial(0) + r2 * (k.radial(1) + r2 * k.radial(2)));
        double p1 = k.tangential(0), p2 = k.tangential(1);
        double xd = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
        double yd = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
        out[0] = k.fxPx() * xd + k.cxPx();
        out[1] = k.fyPx() * yd + k.cyPx();
    }

    /** A distorted pixel to normalised undistorted (x, y), by fixed-point iteration. */
    public static void undistort(CameraIntrinsics k, double u, double v, double[] out) {
        double xd = (u - k.cxPx()) / k.fxPx(), yd = (v - k.cyPx()) / k.fyPx();
        double k1 = k.radial(0), k2 = k.radial(1), k3 = k.radial(2);
        double p1 = k.tangential(0), p2 = k.tangential(1);
        double x = xd, y = yd;
        for (int i = 0; i < 20; i++) {
            double r2 = x * x + y * y;
            double radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
            x = (xd - 2 * p1 * x * y - p2 * (r2 + 2 * x * x)) / radial;
            y = (yd - p1 * (r2 + 2 * y * y) - 2 * p2 * x * y) / radial;
        }
        out[0] = x;
        out[1] = y;
    }
}
