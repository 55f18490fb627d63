package armature.vision.api;

/**
 * A pinhole camera with Brown-Conrady distortion (the model of OpenCV and BoofCV). Pixel
 * coordinates: x to the right, y down, the centre of the top-left pixel at (0.5, 0.5) (a pixel
 * covers [i, i+1)). A point (X, Y, Z) in the camera frame (x right, y down, z forward) projects to
 * normalised (x, y) = (X/Z, Y/Z), is distorted with r^2 = x^2 + y^2:
 *
 * <pre>
 * x' = x (1 + k1 r^2 + k2 r^4 + k3 r^6) + 2 p1 x y + p2 (r^2 + 2 x^2)
 * y' = y (1 + k1 r^2 + k2 r^4 + k3 r^6) + p1 (r^2 + 2 y^2) + 2 p2 x y
 * </pre>
 *
 * and lands on pixel (fx x' + cx, fy y' + cy).
 *
 * @param widthPx image width, pixels (1..65535)
 * @param heightPx image height, pixels (1..65535)
 * @param fxPx focal length along x, pixels (> 0)
 * @param fyPx focal length along y, pixels (> 0)
 * @param cxPx principal point x, pixels (finite)
 * @param cyPx principal point y, pixels (finite)
 * @param radial k1, k2[, k3]: 0 to 3 finite coefficients (none = no radial distortion)
 * @param tangential p1, p2: 0 or 2 finite coefficients
 */
public record CameraIntrinsics(
        int widthPx,
        int heightPx,
        double fxPx,
        double fyPx,
        double cxPx,
        double cyPx,
        double[] radial,
        double[] tangential) {
    /** The largest width or height accepted. */
    public static final int MAX_SIZE_PX = 65_535;

    public CameraIntrinsics {
        Checks.positive("widthPx", widthPx, MAX_SIZE_PX);
        Checks.positive("heightPx", heightPx, MAX_SIZE_PX);
        Checks.positive("fxPx", fxPx);
        Checks.positive("fyPx", fyPx);
        Checks.finite("cxPx", cxPx);
        Checks.finite("cyPx", cyPx);
        radial = Checks.finite("radial", radial == null ? new double[0] : radial, 0, 3);
        tangential =
                Checks.finite("tangential", tangential == null ? new double[0] : tangential, 0, 2);
        if (tangential.length == 1) {
            throw new IllegalArgumentException(
                    "tangential has 1 value; allowed: none or 2 (p1, p2)");
        }
    }

    /** An ideal pinhole (no distortion). */
    public static CameraIntrinsics pinhole(
            int widthPx, int heightPx, double fxPx, double fyPx, double cxPx, double cyPx) {
        return new CameraIntrinsics(
                widthPx, heightPx, fxPx, fyPx, cxPx, cyPx, new double[0], new double[0]);
    }

    @Override
    public double[] radial() {
        return radial.clone();
    }

    @Override
    public double[] tangential() {
        return tangential.clone();
    }

    /** Radial coefficient {@code i} (0 = k1), 0 when not given. */
    public double radial(int i) {
        return i < radial.length ? radial[i] : 0;
    }

    /** Tangential coefficient {@code i} (0 = p1), 0 when not given. */
    public double tangential(int i) {
        return i < tangential.length ? tangential[i] : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraIntrinsics c
                && widthPx == c.widthPx
                && heightPx == c.heightPx
                && fxPx == c.fxPx
                && fyPx == c.fyPx
                && cxPx == c.cxPx
                && cyPx == c.cyPx
                && java.util.Arrays.equals(radial, c.radial)
                && java.util.Arrays.equals(tangential, c.tangential);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(widthPx, heightPx, fxPx, fyPx, cxPx, cyPx)
                ^ java.util.Arrays.hashCode(radial)
                ^ java.util.Arrays.hashCode(tangential);
    }

    @Override
    public String toString() {
        return "CameraIntrinsics["
                + widthPx
                + "x"
                + heightPx
                + ", fx="
                + fxPx
                + ", fy="
                + fyPx
                + ", cx="
                + cxPx
                + ", cy="
                + cyPx
                + ", radial="
                + java.util.Arrays.toString(radial)
                + ", tangential="
                + java.util.Arrays.toString(tangential)
                + "]";
    }
}
