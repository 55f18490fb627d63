package armature.physics.opencl.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which the float32 Newton solver factors its Hessian {@code M + J' D J} (ADR 0120).
 *
 * <p>The mass matrix couples a dof only with its ancestors and descendants in the kinematic tree,
 * and a constraint row couples the dofs it lists. Factored row by row in a good order, most of each
 * row of the Cholesky factor stays zero up to its first nonzero column, so the solver factors only
 * each row's envelope (its first nonzero to the diagonal), which Cholesky never widens. The order:
 * the trees (the subtrees of the world body) with the most dofs first, and in each tree every dof
 * after all of its descendants. A free object that touches many parts of a robot thus comes last,
 * and its few rows carry the long envelopes, not the robot's many rows.
 *
 * @param perm the dof at each position
 * @param pos the position of each dof ({@code pos[perm[q]] == q})
 * @param envelope each position's first coupled position through the mass matrix alone
 */
record NewtonOrder(int[] perm, int[] pos, int[] envelope) {

    static NewtonOrder of(int[] dofParent) {
        int nv = dofParent.length;
        int[] root = new int[nv];
        for (int i = 0; i < nv; i++) {
            root[i] = dofParent[i] < 0 ? i : root[dofParent[i]];
        }
        List<List<Integer>> trees = new ArrayList<>();
        int[] treeOf = new int[nv];
        for (int i = 0; i < nv; i++) {
            if (dofParent[i] < 0) {
                treeOf[i] = trees.size();
                trees.add(new ArrayList<>());
            } else {
                treeOf[i] = treeOf[root[i]];
            }
            trees.get(treeOf[i]).add(i);
        }
        // a dof's parent has a lower index, so descending order puts descendants first
        List<List<Integer>> sorted = new ArrayList<>(trees);
        sorted.sort(Comparator.comparingInt((List<Integer> t) -> -t.size()));
        int[] perm = new int[nv];
        int[] pos = new int[nv];
        int q = 0;
        for (List<Integer> tree : sorted) {
            for (int k = tree.size() - 1; k >= 0; k--) {
                perm[q] = tree.get(k);
                pos[tree.get(k)] = q++;
            }
        }
        int[] envelope = new int[nv];
        for (int p = 0; p < nv; p++) {
            int first = p;
            for (int r = 0; r < p; r++) {
                if (related(dofParent, perm[p], perm[r])) {
                    first = r;
                    break;
                }
            }
            envelope[p] = first;
        }
        return new NewtonOrder(perm, pos, envelope);
    }

    /** true when a is b's ancestor or descendant: the mass matrix may couple them */
    private static boolean related(int[] dofParent, int a, int b) {
        for (int i = dofParent[a]; i >= 0; i = dofParent[i]) {
            if (i == b) {
                return true;
            }
        }
        for (int i = dofParent[b]; i >= 0; i = dofParent[i]) {
            if (i == a) {
                return true;
            }
        }
        return false;
    }
}
