package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import org.junit.jupiter.api.Test;

/** The order and envelopes in which float32 factors Newton's matrix (ADR 0120). */
class NewtonOrderTest {

    @Test
    void largerTreesFirstAndEveryDofAfterItsDescendants() {
        // tree A: 0 root, 1 child of 0, 2 child of 1, 3 child of 0; tree B: a free joint (4..9)
        int[] parent = {-1, 0, 1, 0, -1, 4, 5, 6, 7, 8};
        NewtonOrder o = NewtonOrder.of(parent);
        assertThat(o.perm()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(o.pos()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        // B is one chain: all coupled; in A, 3 and 2 are in different branches, 1 couples with 2,
        // the root with everything in A, nothing couples A with B
        assertThat(o.envelope()).containsExactly(0, 0, 0, 0, 0, 0, 6, 7, 7, 6);
    }

    @Test
    void theHandsEnvelopesCoverEveryCouplingOfItsMassMatrix() throws Exception {
        MultibodyModel m = TestModels.compile(TestModels.HAND_BLOCK);
        NewtonOrder o = NewtonOrder.of(m.dofParent);
        int nv = m.nv;
        for (int q = 0; q < nv; q++) {
            assertThat(o.pos()[o.perm()[q]]).isEqualTo(q);
        }
        int inEnvelopes = 0;
        for (int p = 0; p < nv; p++) {
            for (int a = m.dofParent[o.perm()[p]]; a >= 0; a = m.dofParent[a]) {
                assertThat(o.pos()[a]).as("ancestor of position %d", p).isGreaterThan(p);
                assertThat(o.envelope()[o.pos()[a]]).isLessThanOrEqualTo(p);
            }
            inEnvelopes += p - o.envelope()[p] + 1;
        }
        // the hand (24 dofs) first, then the block's and the target's free joints; the factor's
        // envelopes hold far fewer entries than its dense lower triangle
        assertThat(nv).isEqualTo(36);
        assertThat(new int[] {o.perm()[0], o.perm()[23], o.perm()[29], o.perm()[35]})
                .containsExactly(23, 0, 24, 30);
        System.out.printf(
                "hand and block: %d of %d lower-triangle entries in the mass matrix's envelopes%n",
                inEnvelopes, nv * (nv + 1) / 2);
        assertThat(inEnvelopes).isLessThan(nv * (nv + 1) / 4);
    }
}
