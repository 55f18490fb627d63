package armature.robot.model.geometry;

/**
 * An immutable unit quaternion in MuJoCo order (w, x, y, z) describing a rotation from a child
 * frame to its parent frame.
 *
 * @param w scalar part
 * @param x vector part, x
 * @param y vector part, y
 * @param z vector part, z
 */
public record Quat(double w, double x, double y, double z) {
    /** The identity rotation. */
    public static final Quat IDENTITY = new Quat(1, 0, 0, 0);

    /** Rejects NaN and infinite components. */
    public Quat {
        if (!Double.isFinite(w)
                || !Double.isFinite(x)
                || !Double.isFinite(y)
                || !Double.isFinite(z)) {
            throw new IllegalArgumentException(
                    "quaternion components must be finite, got ("
                            + w
                            + ", "
                            + x
                            + ", "
                            + y
                            + ", "
                            + z
                            + ")");
        }
    }

    /**
     * @param axis rotation axis (need not be unit length, must not be zero)
     * @param angleRad rotation angle in radians
     * @return the rotation
     */
    public static Quat fromAxisAngle(Vec3 axis, double angleRad) {
        Vec3 a = axis.normalized();
        double s = Math.sin(angleRad / 2);
        return new Quat(Math.cos(angleRad / 2), a.x() * s, a.y() * s, a.z() * s);
    }

    /**
     * @param m rotation matrix, row-major, columns are the child axes in parent coordinates
     * @return the matching unit quaternion with w &gt;= 0
     */
    public static Quat fromMatrix(double[][] m) {
        double trace = m[0][0] + m[1][1] + m[2][2];
        double w;
        double x;
        double y;
        double z;
        if (trace > 0) {
            double s = Math.sqrt(trace + 1) * 2;
            w = s / 4;
            x = (m[2][1] - m[1][2]) / s;
            y = (m[0][2] - m[2][0]) / s;
            z = (m[1][0] - m[0][1]) / s;
        } else if (m[0][0] > m[1][1] && m[0][0] > m[2][2]) {
            double s = Math.sqrt(1 + m[0][0] - m[1][1] - m[2][2]) * 2;
            w = (m[2][1] - m[1][2]) / s;
            x = s / 4;
            y = (m[0][1] + m[1][0]) / s;
            z = (m[0][2] + m[2][0]) / s;
        } else if (m[1][1] > m[2][2]) {
            double s = Math.sqrt(1 + m[1][1] - m[0][0] - m[2][2]) * 2;
            w = (m[0][2] - m[2][0]) / s;
            x = (m[0][1] + m[1][0]) / s;
            y = s / 4;
            z = (m[1][2] + m[2][1]) / s;
        } else {
            double s = Math.sqrt(1 + m[2][2] - m[0][0] - m[1][1]) * 2;
            w = (m[1][0] - m[0][1]) / s;
            x = (m[0][2] + m[2][0]) / s;
            y = (m[1][2] + m[2][1]) / s;
            z = s / 4;
        }
        Quat q = new Quat(w, x, y, z).normalized();
        return q.w < 0 ? new Quat(-q.w, -q.x, -q.y, -q.z) : q;
    }

    /**
     * @return Hamilton product this * o (apply o first, then this)
     */
    public Quat times(Quat o) {
        return new Quat(
                w * o.w - x * o.x - y * o.y - z * o.z,
                w * o.x + x * o.w + y * o.z - z * o.y,
                w * o.y - x * o.z + y * o.w + z * o.x,
                w * o.z + x * o.y - y * o.x + z * o.w);
    }

    /**
     * @return the inverse rotation
     */
    public Quat conjugate() {
        return new Quat(w, -x, -y, -z);
    }

    /**
     * @return this quaternion scaled to unit length
     * @throws IllegalArgumentException for a (nearly) zero quaternion
     */
    public Quat normalized() {
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (n < 1e-12) {
            throw new IllegalArgumentException("cannot normalise a zero quaternion " + this);
        }
        return new Quat(w / n, x / n, y / n, z / n);
    }

    /**
     * @return v rotated by this rotation
     */
    public Vec3 rotate(Vec3 v) {
        double[][] r = toMatrix();
        return new Vec3(
                r[0][0] * v.x() + r[0][1] * v.y() + r[0][2] * v.z(),
                r[1][0] * v.x() + r[1][1] * v.y() + r[1][2] * v.z(),
                r[2][0] * v.x() + r[2][1] * v.y() + r[2][2] * v.z());
    }

    /**
     * @return the 3x3 rotation matrix, row-major
     */
    public double[][] toMatrix() {
        Quat q = normalized();
        double ww = q.w * q.w;
        double xx = q.x * q.x;
        double yy = q.y * q.y;
        double zz = q.z * q.z;
        return new double[][] {
            {ww + xx - yy - zz, 2 * (q.x * q.y - q.w * q.z), 2 * (q.x * q.z + q.w * q.y)},
            {2 * (q.x * q.y + q.w * q.z), ww - xx + yy - zz, 2 * (q.y * q.z - q.w * q.x)},
            {2 * (q.x * q.z - q.w * q.y), 2 * (q.y * q.z + q.w * q.x), ww - xx - yy + zz}
        };
    }

    /**
     * @param o another rotation
     * @param tolerance allowed difference per component
     * @return whether both describe the same rotation (q and -q are equal)
     */
    public boolean sameRotation(Quat o, double tolerance) {
        boolean same =
                Math.abs(w - o.w) <= tolerance
                        && Math.abs(x - o.x) <= tolerance
                        && Math.abs(y - o.y) <= tolerance
                        && Math.abs(z - o.z) <= tolerance;
        boolean opposite =
                Math.abs(w + o.w) <= tolerance
                        && Math.abs(x + o.x) <= tolerance
                        && Math.abs(y + o.y) <= tolerance
                        && Math.abs(z + o.z) <= tolerance;
        return same || opposite;
    }

    /**
     * @return components (w, x, y, z) as a new array
     */
    public double[] toArray() {
        return new double[] {w, x, y, z};
    }
}
