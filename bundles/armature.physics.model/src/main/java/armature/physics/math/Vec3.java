package armature.physics.math;

/** Small 3-vector and 3x3 (row-major) helpers on arrays with offsets; allocation-free. */
public final class Vec3 {
    private Vec3() {}

    public static double dot(double[] a, int ao, double[] b, int bo) {
        return a[ao] * b[bo] + a[ao + 1] * b[bo + 1] + a[ao + 2] * b[bo + 2];
    }

    /** out = a x b; out must not alias a or b. */
    public static void cross(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        out[oo] = a[ao + 1] * b[bo + 2] - a[ao + 2] * b[bo + 1];
        out[oo + 1] = a[ao + 2] * b[bo] - a[ao] * b[bo + 2];
        out[oo + 2] = a[ao] * b[bo + 1] - a[ao + 1] * b[bo];
    }

    /** out = M v; out must not alias v. */
    public static void mulMat(double[] m, int mo, double[] v, int vo, double[] out, int oo) {
        double x = v[vo], y = v[vo + 1], z = v[vo + 2];
        out[oo] = m[mo] * x + m[mo + 1] * y + m[mo + 2] * z;
        out[oo + 1] = m[mo + 3] * x + m[mo + 4] * y + m[mo + 5] * z;
        out[oo + 2] = m[mo + 6] * x + m[mo + 7] * y + m[mo + 8] * z;
    }

    /** out = M^T v; out must not alias v. */
    public static void mulMatT(double[] m, int mo, double[] v, int vo, double[] out, int oo) {
        double x = v[vo], y = v[vo + 1], z = v[vo + 2];
        out[oo] = m[mo] * x + m[mo + 3] * y + m[mo + 6] * z;
        out[oo + 1] = m[mo + 1] * x + m[mo + 4] * y + m[mo + 7] * z;
        out[oo + 2] = m[mo + 2] * x + m[mo + 5] * y + m[mo + 8] * z;
    }

    public static double norm(double[] a, int ao) {
        return Math.sqrt(dot(a, ao, a, ao));
    }

    /** Normalises in place, returns the previous length (0 leaves the vector unchanged). */
    public static double normalize(double[] a, int ao) {
        double n = norm(a, ao);
        if (n > 0) {
            a[ao] /= n;
            a[ao + 1] /= n;
            a[ao + 2] /= n;
        }
        return n;
    }

    /** Writes two unit vectors t1, t2 so that (n, t1, t2) is right-handed orthonormal. */
    public static void tangents(double[] n, int no, double[] t1, int t1o, double[] t2, int t2o) {
        double nx = n[no], ny = n[no + 1], nz = n[no + 2];
        // Pick the world axis least aligned with n for a well-conditioned first tangent.
        double ax = Math.abs(nx), ay = Math.abs(ny), az = Math.abs(nz);
        double tx, ty, tz;
        if (ax <= ay && ax <= az) {
            tx = 0;
            ty = -nz;
            tz = ny;
        } else if (ay <= az) {
            tx = nz;
            ty = 0;
            tz = -nx;
        } else {
            tx = -ny;
            ty = nx;
            tz = 0;
        }
        double l = Math.sqrt(tx * tx + ty * ty + tz * tz);
        t1[t1o] = tx / l;
        t1[t1o + 1] = ty / l;
        t1[t1o + 2] = tz / l;
        cross(n, no, t1, t1o, t2, t2o);
    }
}
