package armature.robot.model.geometry;

/**
 * An immutable 3-vector. Units are given by the field or method that holds it (for example {@code
 * posM} is in metres).
 *
 * @param x first component
 * @param y second component
 * @param z third component
 */
public record Vec3(double x, double y, double z) {
    /** The zero vector. */
    public static final Vec3 ZERO = new Vec3(0, 0, 0);

    /** Unit z axis, the MuJoCo default joint axis. */
    public static final Vec3 UNIT_Z = new Vec3(0, 0, 1);

    /** Rejects NaN and infinite components. */
    public Vec3 {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException(
                    "vector components must be finite, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    /**
     * @param values exactly three values
     * @return the vector
     */
    public static Vec3 of(double[] values) {
        if (values.length != 3) {
            throw new IllegalArgumentException("expected 3 values, got " + values.length);
        }
        return new Vec3(values[0], values[1], values[2]);
    }

    /**
     * @return this + o
     */
    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    /**
     * @return this - o
     */
    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    /**
     * @return this * s
     */
    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    /**
     * @return dot product
     */
    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    /**
     * @return cross product this x o
     */
    public Vec3 cross(Vec3 o) {
        return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    /**
     * @return Euclidean length
     */
    public double norm() {
        return Math.sqrt(dot(this));
    }

    /**
     * @return this vector scaled to unit length
     * @throws IllegalArgumentException if the vector is (nearly) zero
     */
    public Vec3 normalized() {
        double n = norm();
        if (n < 1e-12) {
            throw new IllegalArgumentException("cannot normalise a zero-length vector " + this);
        }
        return times(1 / n);
    }

    /**
     * @return components as a new array
     */
    public double[] toArray() {
        return new double[] {x, y, z};
    }
}
