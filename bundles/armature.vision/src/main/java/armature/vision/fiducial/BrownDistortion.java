package armature.vision.fiducial;

import armature.vision.api.CameraIntrinsics;

/**
 * The Brown-Conrady lens model of {@link CameraIntrinsics}: normalised image coordinates to pixels
 * and back. Plain arithmetic so that the solver and the synthetic renderer share one model.
 */
public final class BrownDistortion {
    private final CameraIntrinsics c;
    private final double k1;
    private final double k2;
    private final double k3;
    private final double p1;
    private final double p2;
    private final boolean none;

    public BrownDistortion(CameraIntrinsics c) {
        this.c = c;
        k1 = c.radial(0);
        k2 = c.radial(1);
        k3 = c.radial(2);
        p1 = c.tangential(0);
        p2 = c.tangential(1);
        none = k1 == 0 && k2 == 0 && k3 == 0 && p1 == 0 && p2 == 0;
    }

    /** Undistorted normalised (x, y) to a pixel, into {@code out[0..1]}. */
    public void toPixel(double x, double y, double[] out) {
        double xd = x;
        double yd = y;
        if (!none) {
            double r2 = x * x + y * y;
            double radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
            xd = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
            yd = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
        }
        out[0] = c.fxPx() * xd + c.cxPx();
        out[1] = c.fyPx() * yd + c.cyPx();
    }

    /**
     * A pixel to undistorted normalised (x, y), into {@code out[0..1]}, by fixed-point iteration
     * (converges for the moderate distortion of narrow-field lenses this model is for).
     */
    public void toNormalized(double u, double v, double[] out) {
        double xd = (u - c.cxPx()) / c.fxPx();
        double yd = (v - c.cyPx()) / c.fyPx();
        double x = xd;
        double y = yd;
        if (!none) {
            for (int i = 0; i < 30; i++) {
                double r2 = x * x + y * y;
                double radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
                double dx = 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
                double dy = p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
                x = (xd - dx) / radial;
                y = (yd - dy) / radial;
            }
        }
        out[0] = x;
        out[1] = y;
    }
}
