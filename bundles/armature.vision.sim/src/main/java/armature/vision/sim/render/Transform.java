package armature.vision.sim.render;

/**
 * A rigid transform child-to-parent: p_parent = R p_child + t, R row-major. Immutable; the arrays
 * are never handed out.
 */
public final class Transform {
    public static final Transform IDENTITY =
            new Transform(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new double[3]);

    private final double[] r;
    private final double[] t;

    private Transform(double[] r, double[] t) {
        this.r = r;
        this.t = t;
    }

    /** From a position in metres and a quaternion w, x, y, z (normalised here; zero refused). */
    public static Transform of(
            double x, double y, double z, double qw, double qx, double qy, double qz) {
        double n = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
        if (!(n > 1e-12) || !Double.isFinite(n + x + y + z)) {
            throw new IllegalArgumentException(
                    "pose ("
                            + x
                            + ", "
                            + y
                            + ", "
                            + z
                            + ", "
                            + qw
                            + ", "
                            + qx
                            + ", "
                            + qy
                            + ", "
                            + qz
                            + "); allowed: finite numbers and a non-zero quaternion");
        }
        double w = qw / n, a = qx / n, b = qy / n, c = qz / n;
        double[] r = {
            1 - 2 * (b * b + c * c),
            2 * (a * b - c * w),
            2 * (a * c + b * w),
            2 * (a * b + c * w),
            1 - 2 * (a * a + c * c),
            2 * (b * c - a * w),
            2 * (a * c - b * w),
            2 * (b * c + a * w),
            1 - 2 * (a * a + b * b)
        };
        return new Transform(r, new double[] {x, y, z});
    }

    /** From 7 numbers starting at {@code offset}: x, y, z, qw, qx, qy, qz. */
    public static Transform of(double[] pose7, int offset) {
        double[] p = pose7;
        int o = offset;
        return of(p[o], p[o + 1], p[o + 2], p[o + 3], p[o + 4], p[o + 5], p[o + 6]);
    }

    /** From a rotation (row-major, assumed orthonormal) and a translation; both copied. */
    public static Transform ofMatrix(double[] rowMajor, double[] translation) {
        return new Transform(rowMajor.clone(), translation.clone());
    }

    /**
     * A camera (x right, y down, z forward) at {@code eye} looking at {@code target}, the image's
     * up as close to {@code up} as the view allows: the camera-to-world transform.
     */
    public static Transform lookAt(double[] eye, double[] target, double[] up) {
        double[] z = unit(sub(target, eye), "lookAt target - eye");
        double[] x = unit(cross(z, up), "view direction x up (the view is parallel to up)");
        double[] y = cross(z, x);
        double[] r = {x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]};
        return new Transform(r, eye.clone());
    }

    /** this * other: first other, then this. */
    public Transform compose(Transform o) {
        double[] rr = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rr[3 * i + j] =
                        r[3 * i] * o.r[j] + r[3 * i + 1] * o.r[3 + j] + r[3 * i + 2] * o.r[6 + j];
            }
        }
        double[] tt = new double[3];
        apply(o.t, tt);
        return new Transform(rr, tt);
    }

    public Transform inverse() {
        double[] rt = {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
        double[] tt = new double[3];
        for (int i = 0; i < 3; i++) {
            tt[i] = -(rt[3 * i] * t[0] + rt[3 * i + 1] * t[1] + rt[3 * i + 2] * t[2]);
        }
        return new Transform(rt, tt);
    }

    /** out = R p + t. */
    public void apply(double[] p, double[] out) {
        double x = p[0], y = p[1], z = p[2];
        out[0] = r[0] * x + r[1] * y + r[2] * z + t[0];
        out[1] = r[3] * x + r[4] * y + r[5] * z + t[1];
        out[2] = r[6] * x + r[7] * y + r[8] * z + t[2];
    }

    /** out = R v. */
    public void rotate(double[] v, double[] out) {
        double x = v[0], y = v[1], z = v[2];
        out[0] = r[0] * x + r[1] * y + r[2] * z;
        out[1] = r[3] * x + r[4] * y + r[5] * z;
        out[2] = r[6] * x + r[7] * y + r[8] * z;
    }

    public double[] translation() {
        return t.clone();
    }

    public double[] rotation() {
        return r.clone();
    }

    /** The rotation as a unit quaternion w, x, y, z with w >= 0. */
    public double[] quaternionWxyz() {
        double tr = r[0] + r[4] + r[8];
        double w, x, y, z;
        if (tr > 0) {
            double s = Math.sqrt(tr + 1) * 2;
            w = s / 4;
            x = (r[7] - r[5]) / s;
            y = (r[2] - r[6]) / s;
            z = (r[3] - r[1]) / s;
        } else if (r[0] > r[4] && r[0] > r[8]) {
            double s = Math.sqrt(1 + r[0] - r[4] - r[8]) * 2;
            w = (r[7] - r[5]) / s;
            x = s / 4;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        } else if (r[4] > r[8]) {
            double s = Math.sqrt(1 + r[4] - r[0] - r[8]) * 2;
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = s / 4;
            z = (r[5] + r[7]) / s;
        } else {
            double s = Math.sqrt(1 + r[8] - r[0] - r[4]) * 2;
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = s / 4;
        }
        double n = Math.sqrt(w * w + x * x + y * y + z * z) * (w < 0 ? -1 : 1);
        return new double[] {w / n, x / n, y / n, z / n};
    }

    /** The angle in radians of the rotation between this and {@code o}. */
    public double angleTo(Transform o) {
        double tr = 0;
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                tr += r[3 * k + i] * o.r[3 * k + i];
            }
        }
        return Math.acos(Math.max(-1, Math.min(1, (tr - 1) / 2)));
    }

    /** The distance in metres between the two origins. */
    public double distanceTo(Transform o) {
        return Math.sqrt(sq(t[0] - o.t[0]) + sq(t[1] - o.t[1]) + sq(t[2] - o.t[2]));
    }

    private static double sq(double v) {
        return v * v;
    }

    static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {
            a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
        };
    }

    static double[] unit(double[] v, String what) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (!(n > 1e-12)) {
            throw new IllegalArgumentException(what + " has zero length");
        }
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
