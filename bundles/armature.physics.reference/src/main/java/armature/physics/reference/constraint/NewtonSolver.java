package armature.physics.reference.constraint;

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
    private final double[] tmpCone = new double[6], coneD = new double[2];
    private final int[] union;
    private final boolean[] inUnion;
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
        union = new int[nv];
        inUnion = new boolean[nv];
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
        mulM(d, x, ma);
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
                s += cone(efc, row);
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

    /**
     * An elliptic contact's zone, forces and cost at jar (MuJoCo's cone): in the dual cone space
     * {@code U = (mu jar_0, f_1 jar_1, ...)}, N = U_0 and T = |U_1..|: above the cone nothing,
     * below it every row quadratic, between them the cost {@code Dm/2 (N - mu T)^2} with {@code Dm
     * = D_0 / (mu^2 (1 + mu^2))}, whose Hessian in row space is kept for the Newton step.
     */
    private double cone(Efc efc, int row) {
        int c = efc.id[row], dim = efc.dim[c];
        double mu = efc.mu[c];
        double n = mu * jar[row], t2 = 0;
        for (int j = 1; j < dim; j++) {
            double u = jar[row + j] * efc.friction[6 * c + j];
            t2 += u * u;
        }
        double t = Math.sqrt(t2), s = 0;
        if (n >= mu * t || (t <= 0 && n >= 0)) {
            for (int j = 0; j < dim; j++) {
                efc.state[row + j] = Efc.SATISFIED;
                efc.force[row + j] = 0;
            }
        } else if (mu * n + t <= 0 || (t <= 0 && n < 0)) {
            for (int j = 0; j < dim; j++) {
                double r = jar[row + j], dd = efc.dInv[row + j];
                efc.state[row + j] = Efc.QUADRATIC;
                efc.force[row + j] = -dd * r;
                s += 0.5 * dd * r * r;
            }
        } else {
            double dm = efc.dInv[row] / (mu * mu * (1 + mu * mu)), nmt = n - mu * t;
            s = 0.5 * dm * nmt * nmt;
            double f0 = -dm * nmt * mu;
            efc.force[row] = f0;
            for (int j = 1; j < dim; j++) {
                double fj = efc.friction[6 * c + j];
                efc.force[row + j] = -f0 / t * (jar[row + j] * fj) * fj;
            }
            for (int j = 0; j < dim; j++) {
                efc.state[row + j] = Efc.CONE;
            }
            coneHessian(efc, c, row, dim, mu, n, t, dm);
        }
        return s;
    }

    /** The middle zone's Hessian of the cone cost with respect to the rows' jar. */
    private void coneHessian(
            Efc efc, int c, int row, int dim, double mu, double n, double t, double dm) {
        double[] h = efc.coneHessian;
        int o = 36 * c;
        double[] u = tmpCone;
        for (int j = 1; j < dim; j++) {
            u[j] = jar[row + j] * efc.friction[6 * c + j];
        }
        h[o] = 1;
        for (int j = 1; j < dim; j++) {
            h[o + j] = -mu / t * u[j];
        }
        double scl = mu * n / (t * t * t);
        for (int k = 1; k < dim; k++) {
            for (int j = k; j < dim; j++) {
                h[o + k * dim + j] = scl * u[j] * u[k];
            }
        }
        double diag = mu * mu - mu * n / t;
        for (int j = 1; j < dim; j++) {
            h[o + j * (dim + 1)] += diag;
        }
        for (int k = 0; k < dim; k++) {
            double sk = dm * (k == 0 ? mu : efc.friction[6 * c + k]);
            for (int j = k; j < dim; j++) {
                h[o + k * dim + j] *= sk * (j == 0 ? mu : efc.friction[6 * c + j]);
            }
        }
        for (int k = 0; k < dim; k++) {
            for (int j = k + 1; j < dim; j++) {
                h[o + j * dim + k] = h[o + k * dim + j];
            }
        }
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
                addConeBlock(efc, row);
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

    /** Adds J_c' H_c J_c of an elliptic contact in the cone's middle zone (lower triangle). */
    private void addConeBlock(Efc efc, int row) {
        int c = efc.id[row], dim = efc.dim[c], o = 36 * c, nvv = nv;
        double[] h = hess, hc = efc.coneHessian, jac = efc.jac;
        // the union of the rows' nonzero dofs (a normal row has zeros where a tangent has not)
        int cnt = 0;
        for (int p = 0; p < dim; p++) {
            int ro = (row + p) * nvv;
            for (int e = ro; e < ro + efc.nzCount[row + p]; e++) {
                int i = efc.nzDof[e];
                if (!inUnion[i]) {
                    inUnion[i] = true;
                    union[cnt++] = i;
                }
            }
        }
        java.util.Arrays.sort(union, 0, cnt);
        for (int a = 0; a < cnt; a++) {
            int i = union[a];
            for (int b = 0; b <= a; b++) {
                int j = union[b];
                double v = 0;
                for (int p = 0; p < dim; p++) {
                    double jpi = jac[(row + p) * nvv + i];
                    if (jpi == 0) {
                        continue;
                    }
                    for (int q = 0; q < dim; q++) {
                        v += jpi * hc[o + p * dim + q] * jac[(row + q) * nvv + j];
                    }
                }
                h[i * nvv + j] += v;
            }
        }
        for (int a = 0; a < cnt; a++) {
            inUnion[union[a]] = false;
        }
    }

    /**
     * Exact minimiser of the cost along dir: the derivative is piecewise linear and increasing, so
     * Newton steps on it, kept inside a bracket and bisected when one leaves it, find its zero.
     */
    private double lineSearch(MultibodyData d, Efc efc, double[] qfrcSmooth) {
        mulM(d, dir, mv);
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
                coneDerivatives(efc, row, alpha, coneD);
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

    /**
     * First and second derivative along dir of one elliptic contact's cost at step alpha. Writes
     * into out, which the caller reads before its next use.
     */
    private void coneDerivatives(Efc efc, int row, double alpha, double[] out) {
        int c = efc.id[row], dim = efc.dim[c];
        double mu = efc.mu[c];
        double n = mu * (jar[row] + alpha * jv[row]), dn = mu * jv[row];
        double t2 = 0, tdt = 0, dt2 = 0;
        for (int j = 1; j < dim; j++) {
            double f = efc.friction[6 * c + j];
            double u = f * (jar[row + j] + alpha * jv[row + j]), du = f * jv[row + j];
            t2 += u * u;
            tdt += u * du;
            dt2 += du * du;
        }
        double t = Math.sqrt(t2);
        double d1 = 0, d2 = 0;
        if (n >= mu * t || (t <= 0 && n >= 0)) {
            // satisfied: no cost
        } else if (mu * n + t <= 0 || (t <= 0 && n < 0)) {
            for (int j = 0; j < dim; j++) {
                double r = jar[row + j] + alpha * jv[row + j], dd = efc.dInv[row + j];
                d1 += dd * r * jv[row + j];
                d2 += dd * jv[row + j] * jv[row + j];
            }
        } else {
            double dm = efc.dInv[row] / (mu * mu * (1 + mu * mu));
            double dtdA = tdt / t, d2t = (dt2 - dtdA * dtdA) / t;
            double g = n - mu * t, dg = dn - mu * dtdA;
            d1 = dm * g * dg;
            d2 = dm * (dg * dg - g * mu * d2t);
        }
        out[0] = d1;
        out[1] = d2;
    }

    /** out = M v, with the armature on the diagonal (qM holds the rigid-body part, dense). */
    private void mulM(MultibodyData d, double[] v, double[] out) {
        double[] qm = d.qM;
        for (int i = 0; i < nv; i++) {
            double s = armature[i] * v[i];
            int o = i * nv;
            for (int j = 0; j < nv; j++) {
                s += qm[o + j] * v[j];
            }
            out[i] = s;
        }
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
