package armature.physics.reference.constraint;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * Velocity-level soft-constraint solver, projected Gauss-Seidel on impulses (see ADR 0020).
 *
 * <p>Each row r has a Jacobian J_r, an effective inverse mass A_rr = J_r M^-1 J_r^T (M includes
 * armature and, for Euler, timestep * damping) and, for position-level rows (contact normals,
 * limits), a spring-damper defined by a time constant tc and damping ratio z with omega = 1/tc,
 * stiffness k = omega^2 / A_rr, damping c = 2 z omega / A_rr. Integrating that spring implicitly
 * over one step gives the classic soft-constraint form (ODE's ERP/CFM, Catto's "soft step"):
 *
 * <pre>
 *   residual_r = J_r v + pos_r * omega / (2 z + h omega) + R_r lambda_r
 *   R_r        = A_rr / (h omega (2 z + h omega))
 *   lambda_r  <- project(lambda_r - residual_r / (A_rr + R_r))
 * </pre>
 *
 * where pos_r is the signed violation (negative when penetrating) minus the margin. Normals and
 * limits project onto lambda >= 0; the two sliding-friction rows of a contact are projected jointly
 * onto the disc |lambda_t| <= mu lambda_n (an elliptic cone, not a pyramid); torsional friction
 * onto |lambda| <= mu_torsion lambda_n; joint frictionloss onto |lambda| <= f h. Friction rows
 * carry a tiny regularisation only, so static friction holds without creep.
 *
 * <p>The sweeps run in chain space ({@link ChainRows}, ADR 0022): each row's residual and impulse
 * update touch only the dofs on its chain to the root, and no Delassus matrix is formed.
 */
public final class ConstraintSolver {
    private static final int NORMAL = RowSet.NORMAL, LIMIT = RowSet.LIMIT;
    private static final int FRICTIONLOSS = RowSet.FRICTIONLOSS;
    private static final double FRICTION_REGULARISATION = 1e-9;
    private static final double MIN_INVERSE_MASS = 1e-10;
    private final int chainLimit;

    /** Whether the last solve iterated in chain space ({@link ChainRows}) or on the velocity. */
    private boolean chainForm;

    private final MultibodyModel m;
    private final int nv, maxRows;

    /** Most dofs one row can touch (its chain closure), the stride of the per-row dof lists. */
    private final int rowStride;

    private final RowSet set;

    /** The row set's arrays, under short names. */
    private final double[] jac, mu, solTc, solZ, posViolation;

    private final int[] kind, groupSize, contactOfRow, nzDof, nzCount;
    private int rows;

    private final double[] w, bias, reg, invDiag, lambda, vel;

    /*
     * In the velocity form, rows on a single dof with coefficient +-1 (joint limits, frictionloss)
     * need only a column of M^-1, computed once per dof and step: columnRow[dof] is the row
     * holding it.
     */
    private final int[] columnRow;

    private final ChainRows chain;
    private final double[] dv, diagonal;

    /** Impulses of the last solve per contact normal row (N s), indexed by contact. */
    public final double[] contactNormalImpulse;

    public ConstraintSolver(MultibodyModel model) {
        this(model, Integer.MAX_VALUE);
    }

    /**
     * @param chainRowLimit problems with at most this many rows are iterated in chain space (see
     *     {@link ChainRows}), larger ones on the velocity with a dense column of M^-1 per row. Both
     *     solve the same equations; tests compare them. Production uses chain space throughout.
     */
    ConstraintSolver(MultibodyModel model, int chainRowLimit) {
        chainLimit = chainRowLimit;
        m = model;
        nv = m.nv;
        set = new RowSet(m);
        maxRows = set.maxRows;
        rowStride = set.stride;
        jac = set.jac;
        mu = set.mu;
        solTc = set.solTc;
        solZ = set.solZ;
        posViolation = set.posViolation;
        kind = set.kind;
        groupSize = set.groupSize;
        contactOfRow = set.contactOfRow;
        nzDof = set.nzDof;
        nzCount = set.nzCount;
        // the velocity form's M^-1 J^T rows: only when some problem can use that form
        w = new double[chainLimit < maxRows ? maxRows * nv : 0];
        bias = new double[maxRows];
        reg = new double[maxRows];
        invDiag = new double[maxRows];
        lambda = new double[maxRows];
        vel = new double[nv];
        contactNormalImpulse = new double[m.maxContacts];
        columnRow = new int[nv];
        dv = new double[nv];
        diagonal = new double[maxRows];
        chain = new ChainRows(m, maxRows, rowStride);
    }

    private int sweeps;

    /** Gauss-Seidel sweeps of the last solve (at most the model's solver iterations). */
    public int sweepCount() {
        return sweeps;
    }

    /** Number of rows in the last solve. */
    public int rowCount() {
        return rows;
    }

    /**
     * Replaces the unconstrained next velocity {@code v} (in place) by the constrained one and
     * leaves J^T lambda / h in {@code d.qfrcConstraint}. The mass-matrix factor in {@code d} must
     * be current.
     */
    public void solve(MultibodyData d, ContactSet contacts, double h, double[] v) {
        rows = set.build(d, contacts, h);
        chainForm = rows <= chainLimit;
        if (chainForm) {
            chain.prepare(d, jac, nzDof, nzCount, rows, diagonal);
        } else {
            java.util.Arrays.fill(columnRow, -1);
        }
        for (int r = 0; r < rows; r++) {
            int ro = r * nv, so = r * rowStride;
            double a;
            if (chainForm) {
                a = diagonal[r];
            } else {
                int n = nzCount[r];
                inverseMassTimesRow(d, r, n);
                a = 0;
                for (int e = so; e < so + n; e++) {
                    int k = nzDof[e];
                    a += jac[ro + k] * w[ro + k];
                }
            }
            if (kind[r] == NORMAL || kind[r] == LIMIT) {
                double omega = 1 / solTc[r];
                double denomRate = 2 * solZ[r] + h * omega;
                reg[r] = a / (h * omega * denomRate);
                bias[r] = posViolation[r] * omega / denomRate;
            } else {
                reg[r] = FRICTION_REGULARISATION * a;
                bias[r] = 0;
            }
            // A row that no motion can satisfy (a contact on a joint axis, a body of near-infinite
            // effective mass) would otherwise get an impulse ~ 1/a and blow the step up.
            invDiag[r] = a > MIN_INVERSE_MASS ? 1 / (a + reg[r]) : 0;
            lambda[r] = 0;
        }
        System.arraycopy(v, 0, vel, 0, nv);
        if (chainForm) {
            // chain space keeps vel fixed at v: the row's J v enters through its bias
            for (int r = 0; r < rows; r++) {
                int ro = r * nv, so = r * rowStride, end = so + nzCount[r];
                double jv = 0;
                for (int e = so; e < end; e++) {
                    int k = nzDof[e];
                    jv += jac[ro + k] * vel[k];
                }
                bias[r] += jv;
            }
        }
        sweeps = 0;
        for (int it = 0; it < m.solverIterations; it++) {
            sweeps++;
            if (sweep() < m.solverTolerance) {
                break;
            }
        }
        // J^T lambda, then (chain form) the velocity change M^-1 J^T lambda in one solve
        double[] impulse = d.qfrcConstraint;
        java.util.Arrays.fill(impulse, 0);
        for (int r = 0; r < rows; r++) {
            double l = lambda[r];
            int ro = r * nv, so = r * rowStride;
            for (int e = so; e < so + nzCount[r]; e++) {
                int k = nzDof[e];
                impulse[k] += jac[ro + k] * l;
            }
        }
        if (chainForm && rows > 0) {
            System.arraycopy(impulse, 0, dv, 0, nv);
            Dynamics.solve(d, dv, 0);
            for (int k = 0; k < nv; k++) {
                vel[k] += dv[k];
            }
        }
        for (int k = 0; k < nv; k++) {
            impulse[k] /= h;
        }
        System.arraycopy(vel, 0, v, 0, nv);
        for (int c = 0; c < contacts.count; c++) {
            contactNormalImpulse[c] = 0;
        }
        for (int r = 0; r < rows; r++) {
            if (kind[r] == NORMAL && contactOfRow[r] >= 0) {
                contactNormalImpulse[contactOfRow[r]] = lambda[r];
            }
        }
    }

    private double sweep() {
        double maxDelta = 0;
        int r = 0;
        while (r < rows) {
            int k = kind[r];
            if (k == FRICTIONLOSS) {
                double nl = clamp(lambda[r] - residual(r) * invDiag[r], -mu[r], mu[r]);
                maxDelta = Math.max(maxDelta, apply(r, nl - lambda[r]));
                r++;
                continue;
            }
            double nl = Math.max(0, lambda[r] - residual(r) * invDiag[r]);
            maxDelta = Math.max(maxDelta, apply(r, nl - lambda[r]));
            int dim = groupSize[r];
            if (dim >= 3) {
                double ln = lambda[r], limit = mu[r + 1] * ln;
                double n1 = lambda[r + 1] - residual(r + 1) * invDiag[r + 1];
                double n2 = lambda[r + 2] - residual(r + 2) * invDiag[r + 2];
                double norm = Math.sqrt(n1 * n1 + n2 * n2);
                if (norm > limit) {
                    double s = norm > 0 ? limit / norm : 0;
                    n1 *= s;
                    n2 *= s;
                }
                maxDelta = Math.max(maxDelta, apply(r + 1, n1 - lambda[r + 1]));
                maxDelta = Math.max(maxDelta, apply(r + 2, n2 - lambda[r + 2]));
                if (dim == 4) {
                    double lt = mu[r + 3] * ln;
                    double n3 = clamp(lambda[r + 3] - residual(r + 3) * invDiag[r + 3], -lt, lt);
                    maxDelta = Math.max(maxDelta, apply(r + 3, n3 - lambda[r + 3]));
                }
            }
            r += dim;
        }
        return maxDelta;
    }

    private double residual(int r) {
        double s = bias[r] + reg[r] * lambda[r];
        if (chainForm) {
            return s + chain.product(r);
        }
        int o = r * nv, so = r * rowStride;
        for (int e = so; e < so + nzCount[r]; e++) {
            int k = nzDof[e];
            s += jac[o + k] * vel[k];
        }
        return s;
    }

    private double apply(int r, double delta) {
        if (delta != 0) {
            lambda[r] += delta;
            if (chainForm) {
                chain.add(r, delta);
                return Math.abs(delta);
            }
            int o = r * nv;
            for (int k = 0; k < nv; k++) {
                vel[k] += delta * w[o + k];
            }
        }
        return Math.abs(delta);
    }

    /**
     * w_r = M^-1 J_r^T. A row +-e_k reuses column k of M^-1 when another row already holds it:
     * negating every input of the tree-sparse solve negates every output exactly, so the copy is
     * bit-identical to solving again.
     */
    private void inverseMassTimesRow(MultibodyData d, int r, int n) {
        int ro = r * nv;
        if (n == 1) {
            int k = nzDof[r * rowStride];
            double sign = jac[ro + k];
            if (sign == 1 || sign == -1) {
                int src = columnRow[k];
                if (src >= 0) {
                    double flip = sign * jac[src * nv + k];
                    int so = src * nv;
                    for (int i = 0; i < nv; i++) {
                        w[ro + i] = flip * w[so + i];
                    }
                    return;
                }
                columnRow[k] = r;
            }
        }
        System.arraycopy(jac, ro, w, ro, nv);
        Dynamics.solveSparse(d, w, ro);
    }

    private static double clamp(double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }

    /** Heap bytes of the solver's buffers. */
    public long arrayBytes() {
        return set.arrayBytes()
                + 8L * (w.length + 5L * maxRows + 2L * nv + m.maxContacts)
                + 4L * columnRow.length
                + chain.arrayBytes();
    }
}
