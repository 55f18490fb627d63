package armature.robot.model.geometry;

/**
 * Conversions from the orientation notations used by MJCF and URDF to unit quaternions. Angles are
 * in radians here; converting degrees is the caller's job because only the caller knows the file's
 * {@code compiler angle} setting.
 */
public final class Orientations {
    private Orientations() {}

    /**
     * Euler angles with a MuJoCo {@code eulerseq}: lower-case letters rotate about the moving
     * (intrinsic) axes, upper-case about the fixed (extrinsic) axes.
     *
     * @param anglesRad three angles in radians
     * @param sequence three letters from {@code xyzXYZ}, for example {@code "xyz"}
     * @return the rotation
     */
    public static Quat fromEuler(Vec3 anglesRad, String sequence) {
        if (sequence.length() != 3) {
            throw new IllegalArgumentException(
                    "euler sequence must have 3 letters from xyzXYZ, got '" + sequence + "'");
        }
        double[] angles = anglesRad.toArray();
        Quat q = Quat.IDENTITY;
        for (int i = 0; i < 3; i++) {
            char c = sequence.charAt(i);
            Vec3 axis =
                    switch (Character.toLowerCase(c)) {
                        case 'x' -> new Vec3(1, 0, 0);
                        case 'y' -> new Vec3(0, 1, 0);
                        case 'z' -> new Vec3(0, 0, 1);
                        default ->
                                throw new IllegalArgumentException(
                                        "euler sequence must have 3 letters from xyzXYZ, got '"
                                                + sequence
                                                + "'");
                    };
            Quat step = Quat.fromAxisAngle(axis, angles[i]);
            q = Character.isLowerCase(c) ? q.times(step) : step.times(q);
        }
        return q.normalized();
    }

    /**
     * URDF roll-pitch-yaw: rotation about fixed X by roll, then fixed Y by pitch, then fixed Z by
     * yaw, so {@code R = Rz(yaw) Ry(pitch) Rx(roll)}.
     *
     * @param rollPitchYawRad roll, pitch, yaw in radians
     * @return the rotation
     */
    public static Quat fromRpy(Vec3 rollPitchYawRad) {
        return fromEuler(rollPitchYawRad, "XYZ");
    }

    /**
     * MJCF {@code xyaxes}: the frame's x axis and (an approximation of) its y axis in parent
     * coordinates; y is orthogonalised against x and z = x cross y.
     *
     * @param xAxis x axis of the frame
     * @param yAxis approximate y axis of the frame
     * @return the rotation
     */
    public static Quat fromXyAxes(Vec3 xAxis, Vec3 yAxis) {
        Vec3 x = xAxis.normalized();
        Vec3 y = yAxis.minus(x.times(yAxis.dot(x)));
        if (y.norm() < 1e-12) {
            throw new IllegalArgumentException("xyaxes: y axis is parallel to x axis");
        }
        y = y.normalized();
        Vec3 z = x.cross(y);
        double[][] m = {
            {x.x(), y.x(), z.x()},
            {x.y(), y.y(), z.y()},
            {x.z(), y.z(), z.z()}
        };
        return Quat.fromMatrix(m);
    }

    /**
     * MJCF {@code zaxis}: the smallest rotation that takes (0, 0, 1) onto the given direction.
     *
     * @param zAxis direction of the frame's z axis in parent coordinates
     * @return the rotation
     */
    public static Quat fromZAxis(Vec3 zAxis) {
        Vec3 z = zAxis.normalized();
        Vec3 axis = Vec3.UNIT_Z.cross(z);
        double sin = axis.norm();
        double cos = z.z();
        if (sin < 1e-12) {
            // Parallel or anti-parallel: any perpendicular axis works for the half turn.
            return cos > 0 ? Quat.IDENTITY : new Quat(0, 1, 0, 0);
        }
        return Quat.fromAxisAngle(axis, Math.atan2(sin, cos));
    }
}
