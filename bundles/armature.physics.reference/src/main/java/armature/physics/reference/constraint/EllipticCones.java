package armature.physics.reference.constraint;

/**
 * MuJoCo's elliptic friction cone in the primal cost (ADR 0082). For one contact, in the dual cone
 * space {@code U = (mu jar_0, f_1 jar_1, ...)} with N = U_0 and T = |U_1..|: above the cone the
 * contact costs nothing, below it every row is quadratic, between the two the cost is {@code Dm/2
 * (N - mu T)^2} with {@code Dm = D_0 / (mu^2 (1 + mu^2))}. This class evaluates a contact's zone,
 * forces and cost, adds the middle zone's Hessian block to the Newton matrix, and gives the cost's
 * derivatives along a search direction. Scratch is preallocated; nothing allocates per call.
 */
final class EllipticCones {
    private final double[] u = new double[6];
    private final int[] union;
    private final boolean[] inUnion;

    EllipticCones(int nv) {
        union = new int[nv];
        inUnion = new boolean[nv];
    }

    /**
     * Sets the contact's row states and forces at jar and returns its cost; in the middle zone it
     * also keeps the cost's Hessian in row space for the Newton step.
     */
    double update(Efc efc, int row, double[] jar) {
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
            hessian(efc, c, row, dim, mu, n, t, dm, jar);
        }
        return s;
    }

    /** The middle zone's Hessian of the cone cost with respect to the rows' jar. */
    private void hessian(
            Efc efc,
            int c,
            int row,
            int dim,
            double mu,
            double n,
            double t,
            double dm,
            double[] jar) {
        double[] h = efc.coneHessian;
        int o = 36 * c;
        double[] u = this.u;
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

    /** Adds J_c' H_c J_c of an elliptic contact in the cone's middle zone (lower triangle). */
    void addHessianBlock(Efc efc, int row, double[] h) {
        int c = efc.id[row], dim = efc.dim[c], o = 36 * c, nvv = efc.nv;
        double[] hc = efc.coneHessian, jac = efc.jac;
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
     * First and second derivative along dir of one elliptic contact's cost at step alpha. Writes
     * into out, which the caller reads before its next use.
     */
    void derivatives(Efc efc, int row, double[] jar, double[] jv, double alpha, double[] out) {
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
}
