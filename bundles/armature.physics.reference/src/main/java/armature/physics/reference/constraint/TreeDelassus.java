package armature.physics.reference.constraint;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * The Delassus matrix {@code A = J M^-1 J^T} through the tree-sparse factor {@code M = L^T D L}:
 * with {@code y_r = L^-T J_r^T}, {@code A_rc = sum_i y_r[i] y_c[i] / D_i}. Solving {@code L^T y =
 * J_r^T} only moves entries towards the root, so y_r is nonzero only on the ancestor closure of the
 * row's dofs (a finger chain, a free body's six dofs), and every entry of A is a short sum over the
 * intersection of two chains instead of a product with a dense column of M^-1.
 */
final class TreeDelassus {
    private final MultibodyModel m;
    private final int nv;

    /** y rows (nv each, zero outside the row's closure). */
    private final double[] y;

    /** Closure of row r, ascending: closure[r * nv .. r * nv + closureCount[r]). */
    private final int[] closure, closureCount;

    private final int[] mark;
    private int stamp;
    private final double[] scaled;

    TreeDelassus(MultibodyModel model, int maxRows) {
        m = model;
        nv = model.nv;
        y = new double[maxRows * nv];
        closure = new int[maxRows * nv];
        closureCount = new int[maxRows];
        mark = new int[nv];
        scaled = new double[nv];
    }

    /**
     * Fills {@code a[r * stride + c]} for all r, c below {@code rows} from the Jacobian rows (dense
     * in {@code jac}, nonzero dofs listed in {@code nzDof} / {@code nzCount}).
     */
    void assemble(
            MultibodyData d,
            double[] jac,
            int[] nzDof,
            int[] nzCount,
            int rows,
            double[] a,
            int stride) {
        double[] h = d.qLD, dinv = d.qDiagInv;
        int[] par = m.dofParent;
        for (int r = 0; r < rows; r++) {
            int ro = r * nv;
            java.util.Arrays.fill(y, ro, ro + nv, 0);
            int n = closeOverAncestors(r, nzDof, ro, nzCount[r]);
            for (int e = ro; e < ro + n; e++) {
                int k = closure[e];
                y[ro + k] = jac[ro + k];
            }
            // L^T y = J_r^T, leaves first: each entry feeds its ancestors
            for (int e = ro + n - 1; e >= ro; e--) {
                int i = closure[e];
                double yi = y[ro + i];
                if (yi == 0) {
                    continue;
                }
                for (int j = par[i]; j >= 0; j = par[j]) {
                    y[ro + j] -= h[i * nv + j] * yi;
                }
            }
            for (int e = ro; e < ro + n; e++) {
                int k = closure[e];
                scaled[k] = y[ro + k] * dinv[k];
            }
            for (int c = 0; c <= r; c++) {
                int co = c * nv;
                double s = 0;
                for (int e = ro; e < ro + n; e++) {
                    int k = closure[e];
                    s += scaled[k] * y[co + k];
                }
                a[r * stride + c] = s;
                a[c * stride + r] = s;
            }
        }
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
                mark[j] = stamp;
                closure[ro + n++] = j;
            }
        }
        // insertion sort: chains are short and mostly collected in descending runs
        for (int i = ro + 1; i < ro + n; i++) {
            int v = closure[i], j = i - 1;
            while (j >= ro && closure[j] > v) {
                closure[j + 1] = closure[j];
                j--;
            }
            closure[j + 1] = v;
        }
        closureCount[r] = n;
        return n;
    }

    long arrayBytes() {
        return 8L * (y.length + scaled.length)
                + 4L * (closure.length + closureCount.length + mark.length);
    }
}
