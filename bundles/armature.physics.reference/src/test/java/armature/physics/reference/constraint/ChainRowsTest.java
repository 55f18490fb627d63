package armature.physics.reference.constraint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.physics.reference.fixtures.Robots;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chain space against the dense definition A = J M^-1 J^T (columns of M^-1 by full solves), on the
 * branched hand with a free block: rows on one dof, on one finger chain, on the block, across hand
 * and block, and with exact zeros inside a chain. Checks the diagonal and (A lambda)_r after
 * impulses were added row by row.
 */
class ChainRowsTest {

    @Test
    void diagonalAndDelassusProductMatchDenseDefinition() {
        MultibodyModel m = Robots.handWithBlock(Integrator.SEMI_IMPLICIT_EULER, 0.002);
        MultibodyData d = new MultibodyData(m);
        Random rnd = new Random(7);
        for (int i = 0; i < m.nq; i++) {
            d.qpos[i] += 0.3 * (rnd.nextDouble() - 0.5);
        }
        Kinematics.forward(d);
        Dynamics.crba(d);
        Dynamics.factor(d, m.timestepSeconds);
        int nv = m.nv, rows = 6;
        double[] jac = new double[rows * nv];
        jac[0 * nv + 3] = 1; // a frictionloss-like unit row on a finger dof
        jac[1 * nv + nv - 1] = -1; // unit row on the block's last angular dof
        for (int k = m.bodyLastDof[m.nbody - 2]; k >= 0; k = m.dofParent[k]) {
            jac[2 * nv + k] = rnd.nextGaussian(); // a whole finger chain
        }
        for (int k = nv - 6; k < nv; k++) {
            jac[3 * nv + k] = rnd.nextGaussian(); // the block alone
            jac[4 * nv + k] = k % 2 == 0 ? 0 : rnd.nextGaussian(); // zeros inside the chain
        }
        for (int k = m.bodyLastDof[m.nbody - 2]; k >= 0; k = m.dofParent[k]) {
            jac[4 * nv + k] = rnd.nextGaussian(); // ... plus a finger: a contact row
        }
        jac[5 * nv + 1] = 0.5; // a two-dof tendon row
        jac[5 * nv + 5] = -0.25;
        int stride = RowSet.longestRowChain(m);
        assertThat(stride).isLessThan(nv); // the hand's chains are short against its width
        int[] nzDof = new int[rows * stride], nzCount = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < nv; k++) {
                if (jac[r * nv + k] != 0) {
                    nzDof[r * stride + nzCount[r]++] = k;
                }
            }
        }
        double[] diagonal = new double[rows], lambda = new double[rows];
        ChainRows chain = new ChainRows(m, rows, stride);
        chain.prepare(d, jac, nzDof, nzCount, rows, diagonal);
        for (int r = 0; r < rows; r++) {
            lambda[r] = rnd.nextGaussian();
            chain.add(r, 0.25 * lambda[r]); // in two parts, as sweeps do
            chain.add(r, 0.75 * lambda[r]);
        }
        double[] a = new double[rows * rows], w = new double[nv];
        for (int c = 0; c < rows; c++) {
            System.arraycopy(jac, c * nv, w, 0, nv);
            Dynamics.solve(d, w, 0);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < nv; k++) {
                    a[r * rows + c] += jac[r * nv + k] * w[k];
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            assertThat(diagonal[r])
                    .as("A[%d][%d]", r, r)
                    .isCloseTo(a[r * rows + r], within(1e-12 * a[r * rows + r]));
            double expected = 0, scale = 0;
            for (int c = 0; c < rows; c++) {
                expected += a[r * rows + c] * lambda[c];
                scale += Math.abs(a[r * rows + c] * lambda[c]);
            }
            assertThat(chain.product(r))
                    .as("(A lambda)[%d]", r)
                    .isCloseTo(expected, within(1e-12 * scale));
        }
        // rows on the hand and rows on the block alone are not coupled
        assertThat(Math.abs(a[0 * rows + 3])).isLessThan(1e-300);
        assertThat(Math.abs(a[0 * rows + 2])).isPositive();
    }
}
