package armature.physics.reference.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Dynamics#solveSparse} must give exactly the bits of {@link Dynamics#solve}. */
class SparseSolveTest {

    @Test
    void sparseRightHandSidesSolveToTheSameBits() {
        MultibodyModel m = Robots.handWithBlock(Integrator.SEMI_IMPLICIT_EULER, 0.002);
        MultibodyData d = new MultibodyData(m);
        Random rnd = new Random(3);
        DynamicsTest.randomState(m, d, rnd);
        Kinematics.forward(d);
        Dynamics.crba(d);
        Dynamics.factor(d, m.timestepSeconds);
        for (int trial = 0; trial < 200; trial++) {
            double[] x = new double[m.nv + 3];
            int nonzeros = 1 + rnd.nextInt(4);
            for (int e = 0; e < nonzeros; e++) {
                x[2 + rnd.nextInt(m.nv)] = trial % 3 == 0 ? 1 : rnd.nextGaussian();
            }
            double[] dense = x.clone(), sparse = x.clone();
            Dynamics.solve(d, dense, 2);
            Dynamics.solveSparse(d, sparse, 2);
            for (int i = 0; i < x.length; i++) {
                // equal values; a zero may differ in sign only
                assertThat(sparse[i] == dense[i])
                        .as("trial %d, entry %d: %s vs %s", trial, i, sparse[i], dense[i])
                        .isTrue();
                if (sparse[i] != 0) {
                    assertThat(Double.doubleToLongBits(sparse[i]))
                            .isEqualTo(Double.doubleToLongBits(dense[i]));
                }
            }
        }
    }
}
