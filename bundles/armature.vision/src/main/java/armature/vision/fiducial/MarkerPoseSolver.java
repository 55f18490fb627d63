package armature.vision.fiducial;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerDetection;
import armature.vision.api.PixelPoint;
import armature.vision.api.PoseEstimate;
import boofcv.alg.geo.pose.PnPInfinitesimalPlanePoseEstimation;
import boofcv.struct.geo.AssociatedPair;
import georegression.struct.se.Se3_F64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pose of one square marker in the camera frame, with its covariance.
 *
 * <ol>
 *   <li>The corners are undistorted and given, with the marker-frame corners of {@link
 *       MarkerDetection} (side s, z = 0), to BoofCV's IPPE solver (planar PnP, the better of its
 *       two solutions) for a start.
 *   <li>Gauss-Newton refines the pose on the 8 pixel residuals of the full camera model (distortion
 *       included), over the parameters (dt, dr): t = t0 + dt, R = exp([dr]x) R0.
 *   <li>Covariance = sigma^2 (J^T J)^-1 with J the residual Jacobian at the solution (central
 *       differences) and sigma^2 = max(RSS / (8 - 6), SIGMA_FLOOR_PX^2): the reprojection residual
 *       per degree of freedom, but never below the corner accuracy a square detector reaches (four
 *       corners leave two degrees of freedom, too few to trust a near-zero residual).
 *   <li>Planar ambiguity: with w the likelihood of the other solution relative to the winner,
 *       exp(-(RSS_2 - RSS_1) / (2 sigma^2)), and a = w / (1 + w), a d d^T is added to the
 *       covariance (d: the other pose minus the winner in the same coordinates), so a pose that
 *       could as well be its mirror image says so.
 * </ol>
 *
 * The covariance is therefore over (x, y, z in metres, rx, ry, rz in radians about the camera
 * axes), as {@link PoseEstimate} defines. Quality = (1 - a) / (1 + rms residual px) * side / (side
 * + 20 px), with side the mean side length in pixels: small, far, ambiguous markers and poor fits
 * score low. Not thread-safe.
 */
public final class MarkerPoseSolver {
    /** The corner accuracy assumed at best, pixels (BoofCV's measured median corner error ~0.3). */
    public static final double SIGMA_FLOOR_PX = 0.3;

    private static final int ITERATIONS = 20;
    private final PnPInfinitesimalPlanePoseEstimation ippe =
            new PnPInfinitesimalPlanePoseEstimation();

    /** The solved pose and what the covariance was built from. */
    public record Solution(
            double[] rotation,
            double[] translationM,
            double rmsPx,
            double[] covariance,
            double quality) {}

    /**
     * @param markerSizeM the outer side of the black border, metres
     * @return empty when the corners admit no pose in front of the camera
     */
    public Optional<Solution> solve(
            MarkerDetection d, CameraIntrinsics intrinsics, double markerSizeM) {
        BrownDistortion lens = new BrownDistortion(intrinsics);
        double[][] object = objectCorners(markerSizeM);
        double[][] observed = new double[4][];
        List<AssociatedPair> pairs = new ArrayList<>(4);
        double[] n = new double[2];
        for (int k = 0; k < 4; k++) {
            PixelPoint p = d.corners().get(k);
            observed[k] = new double[] {p.xPx(), p.yPx()};
            lens.toNormalized(p.xPx(), p.yPx(), n);
            pairs.add(new AssociatedPair(object[k][0], object[k][1], n[0], n[1]));
        }
        if (!ippe.process(pairs)) {
            return Optional.empty();
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Se3_F64 start : List.of(ippe.getWorldToCamera0(), ippe.getWorldToCamera1())) {
            refine(
                            start.R.data.clone(),
                            new double[] {start.T.x, start.T.y, start.T.z},
                            object,
                            observed,
                            lens)
                    .ifPresent(candidates::add);
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        candidates.sort(java.util.Comparator.comparingDouble(Candidate::rss));
        Candidate best = candidates.get(0);
        double[] r = best.r();
        double[] t = best.t();
        double rss = best.rss();
        double sigma2 = Math.max(rss / (8 - 6), SIGMA_FLOOR_PX * SIGMA_FLOOR_PX);
        double[] info = normalMatrix(jacobian(r, t, object, observed, lens));
        double[] inverse = Matrices.invert(info, 6);
        if (inverse == null) {
            return Optional.empty();
        }
        double[] cov = new double[36];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                cov[i * 6 + j] = sigma2 * (inverse[i * 6 + j] + inverse[j * 6 + i]) / 2;
            }
        }
        // The planar ambiguity: the other IPPE solution, refined, may explain the corners almost
        // as well. Its likelihood relative to the best, w = exp(-(rss2 - rss1) / (2 sigma^2)),
        // weighs the outer product of the difference d between the two poses into the covariance
        // (the spread of the two-pose mixture about the chosen one), and lowers the quality.
        double ambiguity = 0;
        if (candidates.size() > 1) {
            Candidate other = candidates.get(1);
            double w = Math.exp(-(other.rss() - rss) / (2 * sigma2));
            ambiguity = w / (1 + w);
            double[] diff = difference(other, best);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    cov[i * 6 + j] += ambiguity * diff[i] * diff[j];
                }
            }
        }
        double rms = Math.sqrt(rss / 4);
        double side = 0;
        for (int k = 0; k < 4; k++) {
            side += d.corners().get(k).distanceToPx(d.corners().get((k + 1) % 4)) / 4;
        }
        double quality = (1 - ambiguity) / (1 + rms) * side / (side + 20);
        return Optional.of(new Solution(r, t, rms, cov, quality));
    }

    /**
     * The marker-frame corners in the reference order: (-s/2, s/2), (s/2, s/2), (s/2, -s/2), (-s/2,
     * -s/2).
     */
    static double[][] objectCorners(double s) {
        double h = s / 2;
        return new double[][] {{-h, h}, {h, h}, {h, -h}, {-h, -h}};
    }

    private static double[] residuals(
            double[] r, double[] t, double[][] object, double[][] observed, BrownDistortion lens) {
        double[] out = new double[8];
        double[] px = new double[2];
        for (int k = 0; k < 4; k++) {
            double x = r[0] * object[k][0] + r[1] * object[k][1] + t[0];
            double y = r[3] * object[k][0] + r[4] * object[k][1] + t[1];
            double z = r[6] * object[k][0] + r[7] * object[k][1] + t[2];
            lens.toPixel(x / z, y / z, px);
            out[2 * k] = px[0] - observed[k][0];
            out[2 * k + 1] = px[1] - observed[k][1];
        }
        return out;
    }

    private record Candidate(double[] r, double[] t, double rss) {}

    /** Gauss-Newton from one start; empty when it diverges or ends behind the camera. */
    private static Optional<Candidate> refine(
            double[] r, double[] t, double[][] object, double[][] observed, BrownDistortion lens) {
        for (int it = 0; it < ITERATIONS; it++) {
            double[] step =
                    gaussNewtonStep(
                            jacobian(r, t, object, observed, lens),
                            residuals(r, t, object, observed, lens));
            if (step == null) {
                return Optional.empty();
            }
            r = Rigid.multiply(Rigid.exp(step[3], step[4], step[5]), r);
            t = new double[] {t[0] + step[0], t[1] + step[1], t[2] + step[2]};
            double norm = 0;
            for (double v : step) {
                norm += v * v;
            }
            if (norm < 1e-20) {
                break;
            }
        }
        if (!(t[2] > 0)) {
            return Optional.empty();
        }
        double rss = 0;
        for (double e : residuals(r, t, object, observed, lens)) {
            rss += e * e;
        }
        return Double.isFinite(rss) ? Optional.of(new Candidate(r, t, rss)) : Optional.empty();
    }

    /** (t_a - t_b, log(R_a R_b^T)): a's pose relative to b's in the covariance's coordinates. */
    private static double[] difference(Candidate a, Candidate b) {
        double[] bt = b.r();
        double[] rel =
                Rigid.multiply(
                        a.r(),
                        new double[] {
                            bt[0], bt[3], bt[6], bt[1], bt[4], bt[7], bt[2], bt[5], bt[8]
                        });
        double[] w = Rigid.log(rel);
        return new double[] {
            a.t()[0] - b.t()[0], a.t()[1] - b.t()[1], a.t()[2] - b.t()[2], w[0], w[1], w[2]
        };
    }

    private static double[][] jacobian(
            double[] r, double[] t, double[][] object, double[][] observed, BrownDistortion lens) {
        double[][] jac = new double[8][6];
        for (int p = 0; p < 6; p++) {
            double h = p < 3 ? 1e-7 * Math.max(1, Math.abs(t[2])) : 1e-7;
            double[] plus = perturbed(r, t, p, h, object, observed, lens);
            double[] minus = perturbed(r, t, p, -h, object, observed, lens);
            for (int i = 0; i < 8; i++) {
                jac[i][p] = (plus[i] - minus[i]) / (2 * h);
            }
        }
        return jac;
    }

    private static double[] perturbed(
            double[] r,
            double[] t,
            int p,
            double h,
            double[][] object,
            double[][] observed,
            BrownDistortion lens) {
        double[] tt = t.clone();
        double[] rr = r;
        if (p < 3) {
            tt[p] += h;
        } else {
            rr = Rigid.multiply(Rigid.exp(p == 3 ? h : 0, p == 4 ? h : 0, p == 5 ? h : 0), r);
        }
        return residuals(rr, tt, object, observed, lens);
    }

    private static double[] normalMatrix(double[][] jac) {
        double[] a = new double[36];
        for (double[] row : jac) {
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    a[i * 6 + j] += row[i] * row[j];
                }
            }
        }
        return a;
    }

    private static double[] gaussNewtonStep(double[][] jac, double[] res) {
        double[] a = normalMatrix(jac);
        double[] g = new double[6];
        for (int k = 0; k < jac.length; k++) {
            for (int i = 0; i < 6; i++) {
                g[i] += jac[k][i] * res[k];
            }
        }
        double[] inv = Matrices.invert(a, 6);
        if (inv == null) {
            return null;
        }
        double[] step = new double[6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                step[i] -= inv[i * 6 + j] * g[j];
            }
        }
        return step;
    }
}
