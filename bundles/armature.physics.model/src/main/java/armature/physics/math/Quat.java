package armature.physics.math;

/**
 * Unit quaternions (w, x, y, z) stored in double arrays at an offset. All methods write into caller
 * storage and never allocate; output may alias input only where stated.
 */
public final class Quat {
    private Quat() {}

    /** Rotation matrix (row-major 3x3) of the unit quaternion {@code q}. */
    public static void toMatrix(double[] q, int qo, double[] m, int mo) {
        double w = q[qo], x = q[qo + 1], y = q[qo + 2], z = q[qo + 3];
        double xx = x * x, yy = y * y, zz = z * z, xy = x * y, xz = x * z, yz = y * z;
        double wx = w * x, wy = w * y, wz = w * z;
        m[mo] = 1 - 2 * (yy + zz);
        m[mo + 1] = 2 * (xy - wz);
        m[mo + 2] = 2 * (xz + wy);
        m[mo + 3] = 2 * (xy + wz);
        m[mo + 4] = 1 - 2 * (xx + zz);
        m[mo + 5] = 2 * (yz - wx);
        m[mo + 6] = 2 * (xz - wy);
        m[mo + 7] = 2 * (yz + wx);
        m[mo + 8] = 1 - 2 * (xx + yy);
    }

    /** out = a * b (Hamilton product); out may alias a or b. */
    public static void mul(double[] a, int ao, double[] b, int bo, double[] out, int oo) {
        double aw = a[ao], ax = a[ao + 1], ay = a[ao + 2], az = a[ao + 3];
        double bw = b[bo], bx = b[bo + 1], by = b[bo + 2], bz = b[bo + 3];
        out[oo] = aw * bw - ax * bx - ay * by - az * bz;
        out[oo + 1] = aw * bx + ax * bw + ay * bz - az * by;
        out[oo + 2] = aw * by - ax * bz + ay * bw + az * bx;
        out[oo + 3] = aw * bz + ax * by - ay * bx + az * bw;
    }

    /** Normalises in place; returns the previous norm. */
    public static double normalize(double[] q, int o) {
        double n =
                Math.sqrt(
                        q[o] * q[o]
                                + q[o + 1] * q[o + 1]
                                + q[o + 2] * q[o + 2]
                                + q[o + 3] * q[o + 3]);
        if (n > 0) {
            double inv = 1 / n;
            q[o] *= inv;
            q[o + 1] *= inv;
            q[o + 2] *= inv;
            q[o + 3] *= inv;
        }
        return n;
    }

    /**
     * Quaternion of a rotation by {@code angle} about the unit axis (ax, ay, az). Uses StrictMath:
     * Math.sin/cos may be intrinsics whose last bit differs between JVMs and CPUs, and the engine
     * promises bit-identical trajectories wherever it runs.
     */
    public static void fromAxisAngle(
            double ax, double ay, double az, double angle, double[] out, int oo) {
        double h = 0.5 * angle, s = StrictMath.sin(h);
        out[oo] = StrictMath.cos(h);
        out[oo + 1] = ax * s;
        out[oo + 2] = ay * s;
        out[oo + 3] = az * s;
    }

    /**
     * q <- q * exp(omega * dt / 2): integrates a body-frame angular velocity over dt and keeps the
     * result normalised. {@code tmp} needs 8 entries.
     */
    public static void integrateBodyRate(
            double[] q, int qo, double wx, double wy, double wz, double dt, double[] tmp) {
        double n = Math.sqrt(wx * wx + wy * wy + wz * wz);
        double angle = n * dt;
        if (n > 1e-300) {
            fromAxisAngle(wx / n, wy / n, wz / n, angle, tmp, 4);
        } else {
            tmp[4] = 1;
            tmp[5] = 0;
            tmp[6] = 0;
            tmp[7] = 0;
        }
        mul(q, qo, tmp, 4, q, qo);
        normalize(q, qo);
    }
}
