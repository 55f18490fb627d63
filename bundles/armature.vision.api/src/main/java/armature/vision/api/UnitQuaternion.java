package armature.vision.api;

/**
 * A rotation as a unit quaternion, scalar first (w, x, y, z), Hamilton convention: it rotates a
 * vector of the child frame into the parent frame.
 */
public record UnitQuaternion(double w, double x, double y, double z) {
    /** How far from 1 the norm may be; a producer normalises, a typo does not pass. */
    public static final double NORM_TOLERANCE = 1e-6;

    public static final UnitQuaternion IDENTITY = new UnitQuaternion(1, 0, 0, 0);

    public UnitQuaternion {
        Checks.finite("quaternion w", w);
        Checks.finite("quaternion x", x);
        Checks.finite("quaternion y", y);
        Checks.finite("quaternion z", z);
        double norm = Math.sqrt(w * w + x * x + y * y + z * z);
        if (Math.abs(norm - 1) > NORM_TOLERANCE) {
            throw new IllegalArgumentException(
                    "quaternion [w, x, y, z] = ["
                            + w
                            + ", "
                            + x
                            + ", "
                            + y
                            + ", "
                            + z
                            + "] has norm "
                            + norm
                            + "; allowed: a unit quaternion (norm 1 +- "
                            + NORM_TOLERANCE
                            + ")");
        }
    }

    /** Normalises any non-zero finite quaternion (for producers that compute one). */
    public static UnitQuaternion normalized(double w, double x, double y, double z) {
        double n = Math.sqrt(w * w + x * x + y * y + z * z);
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException(
                    "quaternion has norm " + n + "; allowed: a finite non-zero quaternion");
        }
        // One sign for one rotation: w >= 0.
        double s = w < 0 ? -1 / n : 1 / n;
        return new UnitQuaternion(w * s, x * s, y * s, z * s);
    }

    /** The angle in radians between this rotation and {@code other} (0..pi). */
    public double angleToRad(UnitQuaternion other) {
        double dot = Math.abs(w * other.w + x * other.x + y * other.y + z * other.z);
        return 2 * Math.acos(Math.min(1, dot));
    }

    /** The rotation as a row-major 3x3 matrix. */
    public double[] toMatrix() {
        return new double[] {
            1 - 2 * (y * y + z * z),
            2 * (x * y - w * z),
            2 * (x * z + w * y),
            2 * (x * y + w * z),
            1 - 2 * (x * x + z * z),
            2 * (y * z - w * x),
            2 * (x * z - w * y),
            2 * (y * z + w * x),
            1 - 2 * (x * x + y * y)
        };
    }
}
