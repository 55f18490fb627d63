package armature.vision.fiducial;

import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
import java.util.List;

/**
 * Pose estimates of one object from several cameras, fused into one.
 *
 * <p>{@link #toParent} first expresses each camera's estimate in the robot frame with the camera's
 * pose: with T_robot_object = T_robot_camera T_camera_object and the covariance's perturbation (t'
 * = t + dt, R' = exp([dr]x) R, both in the parent frame), dt and dr rotate with the camera's
 * rotation, so the covariance becomes B C B^T with B = diag(R_rc, R_rc).
 *
 * <p>{@link #fuse} then combines estimates in the same frame by their information (inverse
 * covariance) on the tangent space around the best-quality estimate's rotation: P = (sum
 * C_i^-1)^-1, x = P sum C_i^-1 x_i. Views that agree shrink P below every single one. Where they
 * disagree more than their covariances allow, chi^2 = sum (x_i - x)^T C_i^-1 (x_i - x) exceeds its
 * 6 (n - 1) degrees of freedom, and P is scaled by chi^2 / (6 (n - 1)) (the Birge ratio): the fused
 * covariance grows instead of claiming a certainty the views do not share. A lost view is simply
 * absent, so P grows back. Stale estimates are left out; when all are stale the result is the
 * freshest, stale. The fused quality is the best view's divided by that scale; the timestamp is the
 * newest view's.
 */
public final class PoseFusion {
    private PoseFusion() {}

    /**
     * The estimate in the camera's parent frame.
     *
     * @param parentFromCamera the camera frame in the parent (robot) frame
     * @param parentId the parent frame's id, e.g. {@code robot}
     */
    public static PoseEstimate toParent(PoseEstimate e, Pose3 parentFromCamera, String parentId) {
        double[] rc = parentFromCamera.orientation().toMatrix();
        Pose3 p = e.pose();
        double[] t = {
            rc[0] * p.xM() + rc[1] * p.yM() + rc[2] * p.zM() + parentFromCamera.xM(),
            rc[3] * p.xM() + rc[4] * p.yM() + rc[5] * p.zM() + parentFromCamera.yM(),
            rc[6] * p.xM() + rc[7] * p.yM() + rc[8] * p.zM() + parentFromCamera.zM()
        };
        double[] r = Rigid.multiply(rc, p.orientation().toMatrix());
        double[] b = new double[36];
        for (int block = 0; block < 2; block++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    b[(block * 3 + i) * 6 + block * 3 + j] = rc[i * 3 + j];
                }
            }
        }
        double[] cov = multiply(multiply(b, e.covariance(), 6), transpose(b, 6), 6);
        return new PoseEstimate(
                e.objectId(),
                parentId,
                Rigid.pose(r, t),
                symmetric(cov),
                e.timestampNs(),
                e.source(),
                e.quality(),
                e.stale());
    }

    /**
     * The estimate of an object from the estimate of one marker on it, in the same frame: T_f_obj =
     * T_f_marker T_marker_obj. The marker's perturbation (dt, dr in the frame) moves the object's
     * origin by dt + dr x a, where a = R p is the marker-to-object offset in the frame, so the
     * covariance becomes B C B^T with B = [[I, -[a]x], [0, I]]: the rotation's uncertainty adds to
     * the position's in proportion to how far the object's origin is from the marker.
     *
     * @param objectFromMarker the marker's frame in the object's frame
     */
    public static PoseEstimate ofObject(
            PoseEstimate marker, Pose3 objectFromMarker, String objectId) {
        double[] rm = objectFromMarker.orientation().toMatrix();
        double[] rmT = transpose(rm, 3);
        // The object's frame in the marker's frame: R = Rm^T, p = -Rm^T t_m.
        double[] pm = {
            -(rmT[0] * objectFromMarker.xM()
                    + rmT[1] * objectFromMarker.yM()
                    + rmT[2] * objectFromMarker.zM()),
            -(rmT[3] * objectFromMarker.xM()
                    + rmT[4] * objectFromMarker.yM()
                    + rmT[5] * objectFromMarker.zM()),
            -(rmT[6] * objectFromMarker.xM()
                    + rmT[7] * objectFromMarker.yM()
                    + rmT[8] * objectFromMarker.zM())
        };
        Pose3 p = marker.pose();
        double[] r = p.orientation().toMatrix();
        double[] a = {
            r[0] * pm[0] + r[1] * pm[1] + r[2] * pm[2],
            r[3] * pm[0] + r[4] * pm[1] + r[5] * pm[2],
            r[6] * pm[0] + r[7] * pm[1] + r[8] * pm[2]
        };
        double[] b = new double[36];
        for (int i = 0; i < 6; i++) {
            b[i * 6 + i] = 1;
        }
        // Top-right block: -[a]x.
        b[0 * 6 + 4] = a[2];
        b[0 * 6 + 5] = -a[1];
        b[1 * 6 + 3] = -a[2];
        b[1 * 6 + 5] = a[0];
        b[2 * 6 + 3] = a[1];
        b[2 * 6 + 4] = -a[0];
        double[] cov = multiply(multiply(b, marker.covariance(), 6), transpose(b, 6), 6);
        return new PoseEstimate(
                objectId,
                marker.frameId(),
                Rigid.pose(
                        Rigid.multiply(r, rmT),
                        new double[] {p.xM() + a[0], p.yM() + a[1], p.zM() + a[2]}),
                symmetric(cov),
                marker.timestampNs(),
                marker.source(),
                marker.quality(),
                marker.stale());
    }

    /**
     * Fuses estimates of one object in one frame.
     *
     * @param source the fused estimate's source, e.g. {@code fusion/3-cameras}
     * @throws IllegalArgumentException when the list is empty or mixes objects or frames
     */
    public static PoseEstimate fuse(List<PoseEstimate> estimates, String source) {
        if (estimates.isEmpty()) {
            throw new IllegalArgumentException("no estimate to fuse");
        }
        PoseEstimate first = estimates.get(0);
        for (PoseEstimate e : estimates) {
            if (!e.objectId().equals(first.objectId()) || !e.frameId().equals(first.frameId())) {
                throw new IllegalArgumentException(
                        "estimates of "
                                + e.objectId()
                                + " in "
                                + e.frameId()
                                + " and "
                                + first.objectId()
                                + " in "
                                + first.frameId()
                                + " cannot be fused; allowed: one object in one frame");
            }
        }
        List<PoseEstimate> fresh = estimates.stream().filter(e -> !e.stale()).toList();
        if (fresh.isEmpty()) {
            PoseEstimate newest = estimates.get(0);
            for (PoseEstimate e : estimates) {
                if (e.timestampNs() > newest.timestampNs()) {
                    newest = e;
                }
            }
            return newest;
        }
        PoseEstimate reference = fresh.get(0);
        for (PoseEstimate e : fresh) {
            if (e.quality() > reference.quality()) {
                reference = e;
            }
        }
        double[] refR = reference.pose().orientation().toMatrix();
        double[] refRt = transpose(refR, 3);
        int n = fresh.size();
        double[][] x = new double[n][];
        double[][] info = new double[n][];
        double[] infoSum = new double[36];
        double[] weighted = new double[6];
        for (int k = 0; k < n; k++) {
            PoseEstimate e = fresh.get(k);
            double[] rv = Rigid.log(Rigid.multiply(e.pose().orientation().toMatrix(), refRt));
            x[k] = new double[] {e.pose().xM(), e.pose().yM(), e.pose().zM(), rv[0], rv[1], rv[2]};
            info[k] = Matrices.invert(regularized(e.covariance()), 6);
            if (info[k] == null) {
                throw new IllegalArgumentException(
                        "the covariance of " + e.source() + " cannot be inverted");
            }
            double[] ix = multiplyVector(info[k], x[k]);
            for (int i = 0; i < 36; i++) {
                infoSum[i] += info[k][i];
            }
            for (int i = 0; i < 6; i++) {
                weighted[i] += ix[i];
            }
        }
        double[] p = Matrices.invert(infoSum, 6);
        if (p == null) {
            throw new IllegalArgumentException(
                    "the summed information of "
                            + n
                            + " estimates of "
                            + first.objectId()
                            + " cannot be inverted; no fused pose");
        }
        double[] mean = multiplyVector(p, weighted);
        double scale = 1;
        if (n > 1) {
            double chi2 = 0;
            for (int k = 0; k < n; k++) {
                double[] d = new double[6];
                for (int i = 0; i < 6; i++) {
                    d[i] = x[k][i] - mean[i];
                }
                double[] id = multiplyVector(info[k], d);
                for (int i = 0; i < 6; i++) {
                    chi2 += d[i] * id[i];
                }
            }
            scale = Math.max(1, chi2 / (6.0 * (n - 1)));
        }
        for (int i = 0; i < 36; i++) {
            p[i] *= scale;
        }
        double[] r = Rigid.multiply(Rigid.exp(mean[3], mean[4], mean[5]), refR);
        long newest = 0;
        double quality = 0;
        for (PoseEstimate e : fresh) {
            newest = Math.max(newest, e.timestampNs());
            quality = Math.max(quality, e.quality());
        }
        UnitQuaternion q = Rigid.quaternion(r);
        return new PoseEstimate(
                first.objectId(),
                first.frameId(),
                new Pose3(mean[0], mean[1], mean[2], q),
                symmetric(p),
                newest,
                source,
                quality / scale,
                false);
    }

    /** Adds a tiny diagonal so that an exactly singular covariance (a zero) still inverts. */
    private static double[] regularized(double[] c) {
        double[] out = c.clone();
        for (int i = 0; i < 6; i++) {
            out[i * 6 + i] += 1e-18;
        }
        return out;
    }

    private static double[] symmetric(double[] c) {
        double[] out = new double[36];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                out[i * 6 + j] = (c[i * 6 + j] + c[j * 6 + i]) / 2;
            }
        }
        return out;
    }

    private static double[] multiply(double[] a, double[] b, int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    m[i * n + j] += v * b[k * n + j];
                }
            }
        }
        return m;
    }

    private static double[] transpose(double[] a, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = a[i * n + j];
            }
        }
        return t;
    }

    private static double[] multiplyVector(double[] a, double[] v) {
        double[] out = new double[6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                out[i] += a[i * 6 + j] * v[j];
            }
        }
        return out;
    }
}
