package armature.vision.fiducial;

import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;

/** Small rotation arithmetic on row-major 3x3 matrices, shared by the solver and the renderer. */
public final class Rigid {
    private Rigid() {}

    /** exp([w]x): the rotation by |w| radians about w (Rodrigues). */
    public static double[] exp(double wx, double wy, double wz) {
        double theta = Math.sqrt(wx * wx + wy * wy + wz * wz);
        if (theta < 1e-12) {
            return new double[] {1, -wz, wy, wz, 1, -wx, -wy, wx, 1};
        }
        double kx = wx / theta;
        double ky = wy / theta;
        double kz = wz / theta;
        double s = Math.sin(theta);
        double c = 1 - Math.cos(theta);
        return new double[] {
            1 - c * (ky * ky + kz * kz),
            -s * kz + c * kx * ky,
            s * ky + c * kx * kz,
            s * kz + c * kx * ky,
            1 - c * (kx * kx + kz * kz),
            -s * kx + c * ky * kz,
            -s * ky + c * kx * kz,
            s * kx + c * ky * kz,
            1 - c * (kx * kx + ky * ky)
        };
    }

    /** The rotation vector of a rotation matrix (inverse of {@link #exp}). */
    public static double[] log(double[] r) {
        double c = Math.max(-1, Math.min(1, (r[0] + r[4] + r[8] - 1) / 2));
        double theta = Math.acos(c);
        double vx = r[7] - r[5];
        double vy = r[2] - r[6];
        double vz = r[3] - r[1];
        if (theta < 1e-9) {
            return new double[] {vx / 2, vy / 2, vz / 2};
        }
        if (Math.PI - theta < 1e-6) {
            // Near pi the antisymmetric part vanishes: take the axis from the symmetric part.
            double x = Math.sqrt(Math.max(0, (r[0] + 1) / 2));
            double y = Math.sqrt(Math.max(0, (r[4] + 1) / 2)) * (r[1] + r[3] < 0 ? -1 : 1);
            double z = Math.sqrt(Math.max(0, (r[8] + 1) / 2)) * (r[2] + r[6] < 0 ? -1 : 1);
            return new double[] {theta * x, theta * y, theta * z};
        }
        double k = theta / (2 * Math.sin(theta));
        return new double[] {k * vx, k * vy, k * vz};
    }

    /** a b. */
    public static double[] multiply(double[] a, double[] b) {
        double[] m = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i * 3 + j] = a[i * 3] * b[j] + a[i * 3 + 1] * b[3 + j] + a[i * 3 + 2] * b[6 + j];
            }
        }
        return m;
    }

    /** The unit quaternion of a rotation matrix (Shepperd's method: the largest pivot). */
    public static UnitQuaternion quaternion(double[] r) {
        double trace = r[0] + r[4] + r[8];
        double w;
        double x;
        double y;
        double z;
        if (trace > 0) {
            double s = 2 * Math.sqrt(1 + trace);
            w = s / 4;
            x = (r[7] - r[5]) / s;
            y = (r[2] - r[6]) / s;
            z = (r[3] - r[1]) / s;
        } else if (r[0] > r[4] && r[0] > r[8]) {
            double s = 2 * Math.sqrt(1 + r[0] - r[4] - r[8]);
            w = (r[7] - r[5]) / s;
            x = s / 4;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        } else if (r[4] > r[8]) {
            double s = 2 * Math.sqrt(1 + r[4] - r[0] - r[8]);
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = s / 4;
            z = (r[5] + r[7]) / s;
        } else {
            double s = 2 * Math.sqrt(1 + r[8] - r[0] - r[4]);
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = s / 4;
        }
        return UnitQuaternion.normalized(w, x, y, z);
    }

    /** A pose from a rotation matrix and a translation in metres. */
    public static Pose3 pose(double[] r, double[] t) {
        return new Pose3(t[0], t[1], t[2], quaternion(r));
    }
}
