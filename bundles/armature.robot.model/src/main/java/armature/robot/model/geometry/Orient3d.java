package armature.robot.model.geometry;

import java.math.BigInteger;

/**
 * Exact sign of the 3D orientation determinant: on which side of the plane through a, b, c a point
 * lies. A floating-point evaluation is trusted when it exceeds a forward error bound (after
 * Shewchuk's "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates");
 * otherwise the determinant is recomputed exactly in integers ({@link #exact}). Exact signs are
 * what keep quickhull's topology consistent on real meshes with many coplanar points.
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

    /**
     * The exact sign: every double is an integer times a power of two, so scaling all twelve
     * coordinates by the smallest of those powers makes them integers, and the determinant of
     * integers is computed exactly in {@link BigInteger}. Its sign is the determinant's (the scale
     * is positive). Mesh coordinates span a few binary orders of magnitude, so the integers stay
     * near 64 bits and the products near 200, where {@code new BigDecimal(double)} (an exact
     * decimal expansion of each binary fraction) carried hundreds of digits.
     */
    static int exact(double[] a, double[] b, double[] c, double[] p) {
        double[] v = {a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2], p[0], p[1], p[2]};
        int minExponent = Integer.MAX_VALUE;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("orientation of a non-finite point: " + x);
            }
            if (x != 0) {
                minExponent = Math.min(minExponent, exponent(x));
            }
        }
        BigInteger[] n = new BigInteger[12];
        for (int i = 0; i < 12; i++) {
            n[i] = integer(v[i], minExponent);
        }
        BigInteger adx = n[0].subtract(n[9]);
        BigInteger ady = n[1].subtract(n[10]);
        BigInteger adz = n[2].subtract(n[11]);
        BigInteger bdx = n[3].subtract(n[9]);
        BigInteger bdy = n[4].subtract(n[10]);
        BigInteger bdz = n[5].subtract(n[11]);
        BigInteger cdx = n[6].subtract(n[9]);
        BigInteger cdy = n[7].subtract(n[10]);
        BigInteger cdz = n[8].subtract(n[11]);
        BigInteger det =
                adz.multiply(bdx.multiply(cdy).subtract(cdx.multiply(bdy)))
                        .add(bdz.multiply(cdx.multiply(ady).subtract(adx.multiply(cdy))))
                        .add(cdz.multiply(adx.multiply(bdy).subtract(bdx.multiply(ady))));
        return det.signum();
    }

    /** The exponent of the last bit of x's significand: x = m * 2^exponent with m an integer. */
    private static int exponent(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        return biased == 0 ? -1074 : biased - 1075;
    }

    /** x / 2^minExponent, an integer when minExponent is at most x's {@link #exponent}. */
    private static BigInteger integer(double x, int minExponent) {
        if (x == 0) {
            return BigInteger.ZERO;
        }
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long significand = bits & ((1L << 52) - 1);
        if (biased != 0) {
            significand |= 1L << 52;
        }
        BigInteger m = BigInteger.valueOf(significand).shiftLeft(exponent(x) - minExponent);
        return bits < 0 ? m.negate() : m;
    }
}
