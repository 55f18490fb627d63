package armature.robot.model.geometry;

import java.math.BigDecimal;

/**
 * Exact sign of the 3D orientation determinant: on which side of the plane through a, b, c a point
 * lies. A floating-point evaluation is trusted when it exceeds a forward error bound (after
 * Shewchuk's "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates");
 * otherwise the determinant is recomputed exactly with {@link BigDecimal}, which is exact for
 * double inputs. Exact signs are what keep quickhull's topology consistent on real meshes with many
 * coplanar points.
 */
final class Orient3d {
    // Shewchuk's bound is (7 + 56 eps) eps with eps = 2^-53; a larger constant only costs speed.
    private static final double ERROR_BOUND = 1e-14;

    private Orient3d() {}

    /**
     * @return +1 if p lies above the plane of the counter-clockwise triangle (a, b, c) (on the side
     *     its normal {@code (b - a) x (c - a)} points to), -1 below, 0 exactly on it
     */
    static int side(double[] a, double[] b, double[] c, double[] p) {
        double adx = a[0] - p[0];
        double ady = a[1] - p[1];
        double adz = a[2] - p[2];
        double bdx = b[0] - p[0];
        double bdy = b[1] - p[1];
        double bdz = b[2] - p[2];
        double cdx = c[0] - p[0];
        double cdy = c[1] - p[1];
        double cdz = c[2] - p[2];
        double bdxcdy = bdx * cdy;
        double cdxbdy = cdx * bdy;
        double cdxady = cdx * ady;
        double adxcdy = adx * cdy;
        double adxbdy = adx * bdy;
        double bdxady = bdx * ady;
        // det[a - p; b - p; c - p] = -(p - a) . ((b - a) x (c - a))
        double det = adz * (bdxcdy - cdxbdy) + bdz * (cdxady - adxcdy) + cdz * (adxbdy - bdxady);
        double permanent =
                (Math.abs(bdxcdy) + Math.abs(cdxbdy)) * Math.abs(adz)
                        + (Math.abs(cdxady) + Math.abs(adxcdy)) * Math.abs(bdz)
                        + (Math.abs(adxbdy) + Math.abs(bdxady)) * Math.abs(cdz);
        double bound = ERROR_BOUND * permanent;
        if (det > bound) {
            return -1;
        }
        if (-det > bound) {
            return 1;
        }
        return -exact(a, b, c, p);
    }

    private static int exact(double[] a, double[] b, double[] c, double[] p) {
        BigDecimal px = new BigDecimal(p[0]);
        BigDecimal py = new BigDecimal(p[1]);
        BigDecimal pz = new BigDecimal(p[2]);
        BigDecimal adx = new BigDecimal(a[0]).subtract(px);
        BigDecimal ady = new BigDecimal(a[1]).subtract(py);
        BigDecimal adz = new BigDecimal(a[2]).subtract(pz);
        BigDecimal bdx = new BigDecimal(b[0]).subtract(px);
        BigDecimal bdy = new BigDecimal(b[1]).subtract(py);
        BigDecimal bdz = new BigDecimal(b[2]).subtract(pz);
        BigDecimal cdx = new BigDecimal(c[0]).subtract(px);
        BigDecimal cdy = new BigDecimal(c[1]).subtract(py);
        BigDecimal cdz = new BigDecimal(c[2]).subtract(pz);
        BigDecimal det =
                adz.multiply(bdx.multiply(cdy).subtract(cdx.multiply(bdy)))
                        .add(bdz.multiply(cdx.multiply(ady).subtract(adx.multiply(cdy))))
                        .add(cdz.multiply(adx.multiply(bdy).subtract(bdx.multiply(ady))));
        return det.signum();
    }
}
