package armature.physics.reference.constraint;

import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * MuJoCo's primal problem solved by Newton's method (ADR 0082): find the acceleration x that
 * minimises {@code 1/2 (x - a0)' M (x - a0) + sum_r s_r(J_r x - aref_r)}, where a0 is the
 * unconstrained acceleration, M the mass matrix without damping, and s_r the row's cost: {@code 1/2
 * D r^2} for equality rows, the same for limits and contacts while r &lt; 0 and nothing otherwise,
 * and for frictionloss rows the quadratic inside |r| &lt; R F and linear (force F) outside. Each
 * iteration takes the Newton direction of the current piece, {@code -(M + J' D_active J)^-1 grad},
 * and minimises exactly along it (the cost is convex and piecewise quadratic in the step). It stops
 * as MuJoCo does: when the cost improvement or the gradient, scaled by {@code 1 / (mean diagonal
 * inertia * nv)}, falls below the tolerance. The row forces are {@code -s_r'}.
 */
final class NewtonSolver {
    private final int nv;
    private final double[] x, ma, jar, jv, mv, grad, dir, hess, warm, tmp;
    private final double[] armature;
    private final double[] dd2 = new double[2];
    private final double[] coneD = new double[2];
    private final EllipticCones cones;
    private boolean hasWarm;
    private int iterations;

    NewtonSolver(int nv, int maxRows, double[] armature) {
        this.nv = nv;
        this.armature = armature;
        x = new double[nv];
        ma = new double[nv];
        mv = new double[nv];
        grad = new double[nv];
        dir = new double[nv];
        warm = new double[nv];
        tmp = new double[nv];
        hess = new double[nv * nv];
        jar = new double[maxRows];
        cones = new EllipticCones(nv);
        jv = new double[maxRows];
    }

    /** Newton iterations of the last solve. */
    int iterations() {
        return iterations;
    }

    /** Forgets the warm start (after the state was set from outside). */
    void resetWarmstart() {
        hasWarm = false;
    }

    /**
     * Solves for {@code d.qacc} and {@code d.qfrcConstraint} (and the rows' forces); {@code
     * qaccSmooth} must be M^-1 qfrcSmooth.
     */
    void solve(
            MultibodyData d,
            Efc efc,
            double[] qfrcSmooth,
            double[] qaccSmooth,
            double tolerance,
            int maxIterations,
            double meanInertia,
            boolean warmstart) {
        iterations = 0;
        if (efc.n == 0) {
            System.arraycopy(qaccSmooth, 0, d.qacc, 0, nv);
            java.util.Arrays.fill(d.qfrcConstraint, 0);
            System.arraycopy(d.qacc, 0, warm, 0, nv);
            hasWarm = true;
            return;
        }
        double cost;
        if (warmstart && hasWarm) {
            System.arraycopy(warm, 0, x, 0, nv);
            double warmCost = evaluate(d, efc, qfrcSmooth, qaccSmooth);
            System.arraycopy(qaccSmooth, 0, x, 0, nv);
            double smoothCost = evaluate(d, efc, qfrcSmooth, qaccSmooth);
            if (warmCost < smoothCost) {
                System.arraycopy(warm, 0, x, 0, nv);
                cost = evaluate(d, efc, qfrcSmooth, qaccSmooth);
            } else {
                cost = smoothCost;
            }
        } else {
            System.arraycopy(qaccSmooth, 0, x, 0, nv);
            cost = evaluate(d, efc, qfrcSmooth, qaccSmooth);
        }
        double scale = 1 / (meanInertia * Math.max(1, nv));
        gradient(efc, qfrcSmooth);
        while (iterations < maxIterations) {
            iterations++;
            hessianAndDirection(d, efc);
            double alpha = lineSearch(d, efc, qfrcSmooth);
            if (alpha == 0) {
                break;
            }
            for (int i = 0; i < nv; i++) {
                x[i] += alpha * dir[i];
            }
            double next = evaluate(d, efc, qfrcSmooth, qaccSmooth);
            gradient(efc, qfrcSmooth);
            double improvement = scale * (cost - next);
            cost = next;
            if (improvement < tolerance || scale * norm(grad) < tolerance) {
                break;
            }
        }
        System.arraycopy(x, 0, d.qacc, 0, nv);
        java.util.Arrays.fill(d.qfrcConstraint, 0);
        for (int row = 0; row < efc.n; row++) {
            addTransposed(efc, row, efc.force[row], d.qfrcConstraint);
        }
        System.arraycopy(x, 0, warm, 0, nv);
        hasWarm = true;
    }

    /** Ma, jar, row states and forces at x; returns the total cost. */
    private double evaluate(MultibodyData d, Efc efc, double[] qfrcSmooth, double[] qaccSmooth) {
        Dynamics.mulM(d, x, ma);
        double gauss = 0;
        for (int i = 0; i < nv; i++) {
            gauss += (ma[i] - qfrcSmooth[i]) * (x[i] - qaccSmooth[i]);
        }
        double s = 0;
        for (int row = 0; row < efc.n; row++) {
            jar[row] = efc.dot(row, x) - efc.aref[row];
        }
        for (int row = 0; row < efc.n; row++) {
            double r = jar[row];
            double dd = efc.dInv[row];
            int t = efc.type[row];
            if (t == Efc.EQUALITY) {
                efc.state[row] = Efc.QUADRATIC;
                efc.force[row] = -dd * r;
                s += 0.5 * dd * r * r;
            } else if (t == Efc.FRICTION_DOF || t == Efc.FRICTION_TENDON) {
                double f = efc.frictionLoss[row], rf = efc.r[row] * f;
                if (r <= -rf) {
                    efc.state[row] = Efc.LINEAR_NEG;
                    efc.force[row] = f;
                    s += -0.5 * rf * f - f * r;
                } else if (r >= rf) {
                    efc.state[row] = Efc.LINEAR_POS;
                    efc.force[row] = -f;
                    s += -0.5 * rf * f + f * r;
                } else {
                    efc.state[row] = Efc.QUADRATIC;
                    efc.force[row] = -dd * r;
                    s += 0.5 * dd * r * r;
                }
            } else if (t == Efc.CONTACT_ELLIPTIC) {
                s += cones.update(efc, row, jar);
                row += efc.dim[efc.id[row]] - 1;
            } else if (r < 0) {
                efc.state[row] = Efc.QUADRATIC;
                efc.force[row] = -dd * r;
                s += 0.5 * dd * r * r;
            } else {
                efc.state[row] = Efc.SATISFIED;
                efc.force[row] = 0;
            }
        }
        return 0.5 * gauss + s;
    }

    /** grad = Ma - qfrcSmooth - J' force. */
    private void gradient(Efc efc, double[] qfrcSmooth) {
        for (int i = 0; i < nv; i++) {
            grad[i] = ma[i] - qfrcSmooth[i];
        }
        for (int row = 0; row < efc.n; row++) {
            addTransposed(efc, row, -efc.force[row], grad);
        }
    }

    /** dir = -(M + J' D_quadratic J)^-1 grad, by a dense Cholesky factorisation. */
    private void hessianAndDirection(MultibodyData d, Efc efc) {
        double[] h = hess;
        double[] qm = d.qM;
        System.arraycopy(qm, 0, h, 0, nv * nv);
        for (int i = 0; i < nv; i++) {
            h[i * nv + i] += armature[i];
        }
        for (int row = 0; row < efc.n; row++) {
            if (efc.state[row] == Efc.CONE) {
                cones.addHessianBlock(efc, row, hess);
                row += efc.dim[efc.id[row]] - 1;
                continue;
            }
            if (efc.state[row] != Efc.QUADRATIC) {
                continue;
            }
            double dd = efc.dInv[row];
            int ro = row * nv, c = efc.nzCount[row];
            for (int a = 0; a < c; a++) {
                int i = efc.nzDof[ro + a];
                double ji = dd * efc.jac[ro + i];
                for (int b = 0; b <= a; b++) {
                    int j = efc.nzDof[ro + b];
                    h[i * nv + j] += ji * efc.jac[ro + j];
                }
            }
        }
        // lower triangle holds the matrix (i >= j); factor in place: H = L L'
        for (int j = 0; j < nv; j++) {
            double diag = h[j * nv + j];
            for (int k = 0; k < j; k++) {
                diag -= h[j * nv + k] * h[j * nv + k];
            }
            if (!(diag > 0)) {
                throw new IllegalStateException(
                        "constraint Hessian not positive definite at dof " + j + ": " + diag);
            }
            double ljj = Math.sqrt(diag);
            h[j * nv + j] = ljj;
            for (int i = j + 1; i < nv; i++) {
                double v = h[i * nv + j];
                for (int k = 0; k < j; k++) {
                    v -= h[i * nv + k] * h[j * nv + k];
                }
                h[i * nv + j] = v / ljj;
            }
        }
        for (int i = 0; i < nv; i++) {
            double v = -grad[i];
            for (int k = 0; k < i; k++) {
                v -= h[i * nv + k] * tmp[k];
            }
            tmp[i] = v / h[i * nv + i];
        }
        for (int i = nv - 1; i >= 0; i--) {
            double v = tmp[i];
            for (int k = i + 1; k < nv; k++) {
                v -= h[k * nv + i] * dir[k];
            }
            dir[i] = v / h[i * nv + i];
        }
    }

    /**
     * Exact minimiser of the cost along dir: the derivative is piecewise linear and increasing, so
     * Newton steps on it, kept inside a bracket and bisected when one leaves it, find its zero.
     */
    private double lineSearch(MultibodyData d, Efc efc, double[] qfrcSmooth) {
        Dynamics.mulM(d, dir, mv);
        double g1 = 0, g2 = 0;
        for (int i = 0; i < nv; i++) {
            g1 += dir[i] * (ma[i] - qfrcSmooth[i]);
            g2 += dir[i] * mv[i];
        }
        for (int row = 0; row < efc.n; row++) {
            jv[row] = efc.dot(row, dir);
        }
        derivatives(efc, 0, g1, g2, dd2);
        double d0 = dd2[0];
        if (!(d0 < 0) || !(dd2[1] > 0)) {
            return 0;
        }
        double lo = 0, hi = Double.POSITIVE_INFINITY, alpha = -d0 / dd2[1];
        for (int it = 0; it < 60; it++) {
            derivatives(efc, alpha, g1, g2, dd2);
            double d1 = dd2[0];
            if (Math.abs(d1) <= 1e-14 * -d0) {
                break;
            }
            if (d1 < 0) {
                lo = alpha;
            } else {
                hi = alpha;
            }
            double next = alpha - d1 / dd2[1];
            if (!(next > lo && next < hi)) {
                next = hi < Double.POSITIVE_INFINITY ? 0.5 * (lo + hi) : 2 * alpha;
            }
            if (next == alpha) {
                break;
            }
            alpha = next;
        }
        return alpha;
    }

    /** First and second derivative of the cost at x + alpha dir into out[0], out[1]. */
    private void derivatives(Efc efc, double alpha, double g1, double g2, double[] out) {
        double d1 = g1 + alpha * g2, d2 = g2;
        for (int row = 0; row < efc.n; row++) {
            if (efc.type[row] == Efc.CONTACT_ELLIPTIC) {
                cones.derivatives(efc, row, jar, jv, alpha, coneD);
                d1 += coneD[0];
                d2 += coneD[1];
                row += efc.dim[efc.id[row]] - 1;
                continue;
            }
            double v = jv[row];
            if (v == 0) {
                continue;
            }
            double r = jar[row] + alpha * v, dd = efc.dInv[row];
            int t = efc.type[row];
            if (t == Efc.FRICTION_DOF || t == Efc.FRICTION_TENDON) {
                double f = efc.frictionLoss[row], rf = efc.r[row] * f;
                if (r <= -rf) {
                    d1 -= f * v;
                } else if (r >= rf) {
                    d1 += f * v;
                } else {
                    d1 += dd * r * v;
                    d2 += dd * v * v;
                }
            } else if (t == Efc.EQUALITY || r < 0) {
                d1 += dd * r * v;
                d2 += dd * v * v;
            }
        }
        out[0] = d1;
        out[1] = d2;
    }

    private static void addTransposed(Efc efc, int row, double f, double[] out) {
        if (f == 0) {
            return;
        }
        int ro = row * efc.nv;
        for (int e = ro; e < ro + efc.nzCount[row]; e++) {
            int i = efc.nzDof[e];
            out[i] += efc.jac[ro + i] * f;
        }
    }

    private double norm(double[] v) {
        double s = 0;
        for (int i = 0; i < nv; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}
