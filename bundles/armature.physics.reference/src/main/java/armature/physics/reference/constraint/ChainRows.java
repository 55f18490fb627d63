package armature.physics.reference.constraint;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * Constraint rows mapped through the tree-sparse factor {@code M = L^T D L}: {@code y_r = L^-T
 * J_r^T}. Then {@code J M^-1 J^T = Y^T D^-1 Y}, so with {@code u = D^-1 Y lambda} the Delassus
 * product a Gauss-Seidel sweep needs is {@code (A lambda)_r = y_r . u}, and a change of lambda_r by
 * delta changes u by {@code delta D^-1 y_r}. Solving {@code L^T y = J_r^T} moves entries only from
 * a dof to its ancestors, so y_r lives on the ancestor closure of the row's dofs (wrist and one
 * finger, a free body's six dofs): both the residual and the update of a row cost the length of
 * that chain, not the number of rows (a Delassus matrix) or nv (a velocity update).
 */
final class ChainRows {
    private final MultibodyModel m;
    private final int nv, stride;

    /**
     * Closure of row r, ascending, at [r * stride, r * stride + count[r]); y and y / D at the same
     * spots. The stride bounds every row's closure (RowSet#longestRowChain).
     */
    private final int[] closure, count;

    private final double[] y, yOverD;

    /** u = D^-1 Y lambda, indexed by dof. */
    private final double[] u;

    private final double[] scratch;
    private final int[] mark;
    private int stamp;

    ChainRows(MultibodyModel model, int maxRows, int rowStride) {
        m = model;
        nv = model.nv;
        stride = rowStride;
        closure = new int[maxRows * stride];
        count = new int[maxRows];
        y = new double[maxRows * stride];
        yOverD = new double[maxRows * stride];
        u = new double[nv];
        scratch = new double[nv];
        mark = new int[nv];
    }

    /**
     * Maps the Jacobian rows (dense in {@code jac} with stride nv, nonzero dofs in {@code nzDof} /
     * {@code nzCount} with this object's stride) and writes each row's effective inverse mass
     * {@code A_rr} into {@code diagonal}. Clears u (lambda = 0). The factor in {@code d} must be
     * current.
     */
    void prepare(
            MultibodyData d,
            double[] jac,
            int[] nzDof,
            int[] nzCount,
            int rows,
            double[] diagonal) {
        double[] h = d.qLD, dinv = d.qDiagInv, t = scratch;
        int[] par = m.dofParent;
        for (int r = 0; r < rows; r++) {
            int ro = r * stride, jo = r * nv;
            int n =
                    r > 0 && sameDofs(nzDof, ro - stride, nzCount[r - 1], ro, nzCount[r])
                            ? copyClosure(r)
                            : closeOverAncestors(r, nzDof, ro, nzCount[r]);
            for (int e = ro; e < ro + n; e++) {
                int k = closure[e];
                t[k] = jac[jo + k];
            }
            // L^T y = J_r^T, leaves first: each entry feeds its ancestors, all in the closure
            for (int e = ro + n - 1; e >= ro; e--) {
                int i = closure[e];
                double ti = t[i];
                if (ti == 0) {
                    continue;
                }
                for (int j = par[i]; j >= 0; j = par[j]) {
                    t[j] -= h[i * nv + j] * ti;
                }
            }
            double a = 0;
            for (int e = ro; e < ro + n; e++) {
                int k = closure[e];
                double yk = t[k], zk = yk * dinv[k];
                y[e] = yk;
                yOverD[e] = zk;
                a += yk * zk;
            }
            diagonal[r] = a;
        }
        java.util.Arrays.fill(u, 0);
    }

    /** (A lambda)_r for the current lambda. */
    double product(int r) {
        int ro = r * stride;
        double s = 0;
        for (int e = ro; e < ro + count[r]; e++) {
            s += y[e] * u[closure[e]];
        }
        return s;
    }

    /** Records that lambda_r changed by delta. */
    void add(int r, double delta) {
        int ro = r * stride;
        for (int e = ro; e < ro + count[r]; e++) {
            u[closure[e]] += delta * yOverD[e];
        }
    }

    /** Whether two rows have the same nonzero dofs (a contact's normal and friction rows). */
    private static boolean sameDofs(int[] nzDof, int o1, int n1, int o2, int n2) {
        if (n1 != n2) {
            return false;
        }
        for (int e = 0; e < n1; e++) {
            if (nzDof[o1 + e] != nzDof[o2 + e]) {
                return false;
            }
        }
        return true;
    }

    private int copyClosure(int r) {
        int n = count[r - 1];
        System.arraycopy(closure, (r - 1) * stride, closure, r * stride, n);
        count[r] = n;
        return n;
    }

    /**
     * Lists the dofs of row r's nonzeros and all their ancestors, ascending, into the closure
     * buffer; returns the count.
     */
    private int closeOverAncestors(int r, int[] nzDof, int ro, int nnz) {
        if (++stamp == Integer.MAX_VALUE) {
            java.util.Arrays.fill(mark, 0);
            stamp = 1;
        }
        int n = 0;
        int[] par = m.dofParent;
        for (int e = ro + nnz - 1; e >= ro; e--) {
            for (int j = nzDof[e]; j >= 0 && mark[j] != stamp; j = par[j]) {
                if (n == stride) {
                    throw new IllegalStateException(
                            "constraint row " + r + " reaches more than " + stride + " dofs");
                }
                mark[j] = stamp;
                closure[ro + n++] = j;
            }
        }
        // each walk went from a dof towards the root: reversed, the runs ascend, and insertion
        // sort only has to merge them (nothing to do for a single chain)
        for (int i = ro, j = ro + n - 1; i < j; i++, j--) {
            int t = closure[i];
            closure[i] = closure[j];
            closure[j] = t;
        }
        for (int i = ro + 1; i < ro + n; i++) {
            int v = closure[i], j = i - 1;
            while (j >= ro && closure[j] > v) {
                closure[j + 1] = closure[j];
                j--;
            }
            closure[j + 1] = v;
        }
        count[r] = n;
        return n;
    }

    long arrayBytes() {
        return 8L * (y.length + yOverD.length + u.length + scratch.length)
                + 4L * (closure.length + count.length + mark.length);
    }
}
