package armature.physics.math;

/**
 * Spatial (6D) vector algebra in Plücker coordinates at the world origin, ordered (angular,
 * linear). Working at one fixed point in world axes means no frame transforms between bodies:
 * velocities, inertias and forces of different bodies are summed directly.
 *
 * <p>A spatial inertia is stored in 10 numbers: mass m, first moment h = m c (c: centre of mass),
 * and the 3x3 symmetric rotational inertia about the origin J (xx, yy, zz, xy, xz, yz). Then I (w,
 * v) = (J w + h x v, m v - h x w).
 */
public final class Spatial {
    private Spatial() {}

    /** out = a x b (motion cross motion). out must not alias a or b. */
    public static void crossMotion(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        double aw0 = a[ao],
                aw1 = a[ao + 1],
                aw2 = a[ao + 2],
                av0 = a[ao + 3],
                av1 = a[ao + 4],
                av2 = a[ao + 5];
        double bw0 = b[bo],
                bw1 = b[bo + 1],
                bw2 = b[bo + 2],
                bv0 = b[bo + 3],
                bv1 = b[bo + 4],
                bv2 = b[bo + 5];
        out[oo] = aw1 * bw2 - aw2 * bw1;
        out[oo + 1] = aw2 * bw0 - aw0 * bw2;
        out[oo + 2] = aw0 * bw1 - aw1 * bw0;
        out[oo + 3] = aw1 * bv2 - aw2 * bv1 + av1 * bw2 - av2 * bw1;
        out[oo + 4] = aw2 * bv0 - aw0 * bv2 + av2 * bw0 - av0 * bw2;
        out[oo + 5] = aw0 * bv1 - aw1 * bv0 + av0 * bw1 - av1 * bw0;
    }

    /** out = v x* f (motion cross force). out must not alias v or f. */
    public static void crossForce(double[] v, int vo, double[] f, int fo, double[] out, int oo) {
        double w0 = v[vo],
                w1 = v[vo + 1],
                w2 = v[vo + 2],
                u0 = v[vo + 3],
                u1 = v[vo + 4],
                u2 = v[vo + 5];
        double n0 = f[fo],
                n1 = f[fo + 1],
                n2 = f[fo + 2],
                f0 = f[fo + 3],
                f1 = f[fo + 4],
                f2 = f[fo + 5];
        out[oo] = w1 * n2 - w2 * n1 + u1 * f2 - u2 * f1;
        out[oo + 1] = w2 * n0 - w0 * n2 + u2 * f0 - u0 * f2;
        out[oo + 2] = w0 * n1 - w1 * n0 + u0 * f1 - u1 * f0;
        out[oo + 3] = w1 * f2 - w2 * f1;
        out[oo + 4] = w2 * f0 - w0 * f2;
        out[oo + 5] = w0 * f1 - w1 * f0;
    }

    /** out = I v for a 10-number spatial inertia. out must not alias v. */
    public static void mulInertia(double[] in, int io, double[] v, int vo, double[] out, int oo) {
        double m = in[io], hx = in[io + 1], hy = in[io + 2], hz = in[io + 3];
        double jxx = in[io + 4],
                jyy = in[io + 5],
                jzz = in[io + 6],
                jxy = in[io + 7],
                jxz = in[io + 8],
                jyz = in[io + 9];
        double w0 = v[vo],
                w1 = v[vo + 1],
                w2 = v[vo + 2],
                u0 = v[vo + 3],
                u1 = v[vo + 4],
                u2 = v[vo + 5];
        out[oo] = jxx * w0 + jxy * w1 + jxz * w2 + hy * u2 - hz * u1;
        out[oo + 1] = jxy * w0 + jyy * w1 + jyz * w2 + hz * u0 - hx * u2;
        out[oo + 2] = jxz * w0 + jyz * w1 + jzz * w2 + hx * u1 - hy * u0;
        out[oo + 3] = m * u0 - (hy * w2 - hz * w1);
        out[oo + 4] = m * u1 - (hz * w0 - hx * w2);
        out[oo + 5] = m * u2 - (hx * w1 - hy * w0);
    }

    public static double dot6(double[] a, int ao, double[] b, int bo) {
        return a[ao] * b[bo]
                + a[ao + 1] * b[bo + 1]
                + a[ao + 2] * b[bo + 2]
                + a[ao + 3] * b[bo + 3]
                + a[ao + 4] * b[bo + 4]
                + a[ao + 5] * b[bo + 5];
    }

    /** a[ao..] += s * b[bo..] over n entries. */
    public static void addScaled(double[] a, int ao, double[] b, int bo, double s, int n) {
        for (int k = 0; k < n; k++) {
            a[ao + k] += s * b[bo + k];
        }
    }
}
